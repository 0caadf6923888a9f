package scaleout

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/e2e/binaries"
	"github.com/mockdex/mockdex/e2e/runmock"
)

const (
	processes  = 3
	spaces     = 24 // namespaces
	clients    = 8  // concurrent clients
	perClient  = 2  // visits each client creates in each namespace
	exampleCfg = "../../examples/scale-out/nginx.conf"
)

// nginxPath finds Debian's nginx (in /usr/sbin, often not on a user's
// PATH).
func nginxPath(t *testing.T) string {
	if p, err := exec.LookPath("nginx"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/sbin/nginx"); err == nil {
		return "/usr/sbin/nginx"
	}
	t.Skip("nginx is not installed (Debian: apt-get install -y nginx-light); .ci/run installs it")
	return ""
}

// freePort is a loopback port free a moment ago, for nginx to listen on.
func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().String()
}

var (
	upstreamServer = regexp.MustCompile(`(?m)^(\s*server )127\.0\.0\.1:808[1-9]( .*;)$`)
	listenLine     = regexp.MustCompile(`(?m)^(\s*listen )127\.0\.0\.1:8080;$`)
)

// startNginx runs nginx as the test's user, with its own prefix, temp
// directories and a configuration made of the example's, pointed at
// backends and listening on a free port; it is stopped when the test
// ends. It returns the address nginx listens on.
func startNginx(t *testing.T, backends []string) string {
	bin := nginxPath(t)
	example, err := os.ReadFile(exampleCfg)
	require.NoError(t, err)
	i := 0
	cfg := upstreamServer.ReplaceAllStringFunc(string(example), func(line string) string {
		m := upstreamServer.FindStringSubmatch(line)
		if i >= len(backends) {
			return ""
		}
		i++
		return m[1] + backends[i-1] + m[2]
	})
	require.Equal(t, len(backends), i, "the example lists %d processes", len(backends))
	addr := freePort(t)
	cfg = listenLine.ReplaceAllString(cfg, "${1}"+addr+";")
	require.Contains(t, cfg, "listen "+addr+";")

	prefix := t.TempDir()
	for _, d := range []string{"client_body", "proxy", "fastcgi", "uwsgi", "scgi", "logs"} {
		require.NoError(t, os.MkdirAll(filepath.Join(prefix, d), 0o755))
	}
	require.NoError(t, os.WriteFile(filepath.Join(prefix, "mockdex.conf"), []byte(cfg), 0o644))
	userLine := ""
	if os.Geteuid() == 0 { // as root nginx's workers would become nobody, who cannot write the temp dirs
		if u, err := user.Current(); err == nil {
			userLine = "user " + u.Username + ";"
		}
	}
	main := fmt.Sprintf(`daemon off;
%[2]s
worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path %[1]s/client_body;
    proxy_temp_path %[1]s/proxy;
    fastcgi_temp_path %[1]s/fastcgi;
    uwsgi_temp_path %[1]s/uwsgi;
    scgi_temp_path %[1]s/scgi;
    include %[1]s/mockdex.conf;
}
`, prefix, userLine)
	conf := filepath.Join(prefix, "nginx.conf")
	require.NoError(t, os.WriteFile(conf, []byte(main), 0o644))
	test := exec.Command(bin, "-t", "-p", prefix, "-c", conf)
	out, err := test.CombinedOutput()
	require.NoError(t, err, "nginx -t: %s", out)

	cmd := exec.Command(bin, "-p", prefix, "-c", conf)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt) // nginx's fast shutdown (SIGINT)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	require.Eventually(t, func() bool {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}, 10*time.Second, 20*time.Millisecond, "nginx did not start: %s", &stderr)
	return addr
}

// guestVisit is a guest visit in WA; each has its own patient.
func guestVisit(n int) string {
	return fmt.Sprintf(`{"patient":{"firstName":"Gus","lastName":"Guest","email":"gus%d@example.com","phone":"206-789-0123",
 "gender":"male","dateOfBirth":"1958-06-07","address":{"line1":"1 Main St","city":"Seattle","state":"WA","postalCode":"98102"}},
 "billingInfo":{"paymentMethod":"couponcode","couponCode":"c1"},
 "visitDetails":{"visitTypeName":"virtual","acceptedTerms":true,"declaration":"self","stateLicensure":"WA",
 "visitReason":"reasons","brand":"providence","practiceId":"6996d161-cd16-4556-9577-f942c3f80c80"}}`, n)
}

// created is one acknowledged visit, and the process nginx sent it to.
type created struct{ ns, id, upstream string }

// create queues a guest visit in ns through base, naming the namespace by
// the header or by the query parameter.
func create(client *http.Client, base, ns string, n int, byParam bool) (created, error) {
	url := base + "/v1/booking/queued-guest-visit?product=DCIntSched"
	if byParam {
		url += "&_mockdex_ns=" + ns
	}
	req, err := http.NewRequest("POST", url, strings.NewReader(guestVisit(n)))
	if err != nil {
		return created{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("x-api-key", "mockdex-api-key")
	if !byParam {
		req.Header.Set("X-Mockdex-Namespace", ns)
	}
	resp, err := client.Do(req)
	if err != nil {
		return created{}, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return created{}, fmt.Errorf("%s: %d %s", ns, resp.StatusCode, body)
	}
	var out struct{ VisitID string }
	if err := json.Unmarshal(body, &out); err != nil || out.VisitID == "" {
		return created{}, fmt.Errorf("%s: no visitId in %s", ns, body)
	}
	return created{ns: ns, id: out.VisitID, upstream: resp.Header.Get("X-Mockdex-Upstream")}, nil
}

// visitStatus is the control plane's look at visit id in ns, on base.
func visitStatus(t *testing.T, base, ns, id string) int {
	req, err := http.NewRequest("GET", base+"/_mockdex/visits/"+id, nil)
	require.NoError(t, err)
	req.Header.Set("X-Mockdex-Namespace", ns)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp.StatusCode
}

// namespacesOn lists the namespaces a process holds.
func namespacesOn(t *testing.T, backend string) map[string]bool {
	resp, err := http.Get("http://" + backend + "/_mockdex/namespaces")
	require.NoError(t, err)
	defer resp.Body.Close()
	var out struct{ Namespaces []struct{ Name string } }
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	names := map[string]bool{}
	for _, n := range out.Namespaces {
		names[n.Name] = true
	}
	return names
}

// Three mockdex processes behind nginx, hashing on the namespace: many
// clients writing to many namespaces, by header and by query parameter,
// find every acknowledged visit again through nginx; each namespace
// lives on exactly one process; and the namespaces spread over all three.
func TestNamespacesSpreadOverProcessesBehindNginx(t *testing.T) {
	if testing.Short() {
		t.Skip("builds mockdex and runs three processes and nginx; skipped in -short")
	}
	nginxPath(t)
	bin := binaries.Dir(t)
	backends := make([]string, processes)
	for i := range backends {
		backends[i] = runmock.Start(t, bin, t.TempDir(), "--history-days", "1")
	}
	base := "http://" + startNginx(t, backends)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var mu sync.Mutex
	var all []created
	var wg sync.WaitGroup
	errs := make(chan error, clients*spaces*perClient)
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Timeout: 10 * time.Second}
			for round := range perClient {
				for s := range spaces {
					if ctx.Err() != nil {
						return
					}
					ns := fmt.Sprintf("scale-%02d", (s+c)%spaces) // clients start at different namespaces
					v, err := create(client, base, ns, (c*perClient+round)*spaces+s, (c+s+round)%2 == 1)
					if err != nil {
						errs <- err
						continue
					}
					mu.Lock()
					all = append(all, v)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	require.Len(t, all, clients*spaces*perClient, "every create acknowledged")

	owner := map[string]string{} // namespace → the process nginx sent it to
	for _, v := range all {
		if prev, ok := owner[v.ns]; ok {
			assert.Equal(t, prev, v.upstream, "namespace %s answered by one process", v.ns)
		}
		owner[v.ns] = v.upstream
	}
	for _, v := range all {
		assert.Equal(t, http.StatusOK, visitStatus(t, base, v.ns, v.id), "visit %s of %s found through nginx", v.id, v.ns)
	}

	held := map[string]map[string]bool{}
	perProcess := map[string]int{}
	for _, b := range backends {
		held[b] = namespacesOn(t, b)
	}
	for ns, up := range owner {
		holders := 0
		for _, b := range backends {
			if held[b][ns] {
				holders++
				perProcess[b]++
				assert.Equal(t, up, b, "namespace %s lives where nginx sent it", ns)
			}
		}
		assert.Equal(t, 1, holders, "namespace %s lives on exactly one process", ns)
	}
	sample := all[0]
	for _, b := range backends {
		want := http.StatusNotFound
		if b == owner[sample.ns] {
			want = http.StatusOK
		}
		assert.Equal(t, want, visitStatus(t, "http://"+b, sample.ns, sample.id), "visit %s on process %s", sample.id, b)
	}
	t.Logf("%d visits in %d namespaces from %d clients; namespaces per process: %v", len(all), spaces, clients, perProcess)
	for _, b := range backends {
		assert.Positive(t, perProcess[b], "process %s holds some namespaces", b)
	}
}
