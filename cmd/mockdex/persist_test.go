package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// guestVisit is a guest visit in WA, the shortest create that needs no
// patient token.
const guestVisit = `{"patient":{"firstName":"Gus","lastName":"Guest","email":"gus@example.com","phone":"206-789-0123",
 "gender":"male","dateOfBirth":"1958-06-07","address":{"line1":"1 Main St","city":"Seattle","state":"WA","postalCode":"98102"}},
 "billingInfo":{"paymentMethod":"couponcode","couponCode":"c1"},
 "visitDetails":{"visitTypeName":"virtual","acceptedTerms":true,"declaration":"self","stateLicensure":"WA",
 "visitReason":"reasons","brand":"providence","practiceId":"6996d161-cd16-4556-9577-f942c3f80c80"}}`

// createGuest queues a guest visit in namespace ns and returns its id,
// once the mock has answered (acknowledged) it.
func createGuest(t *testing.T, base, ns string) string {
	t.Helper()
	req, err := http.NewRequest("POST", base+"/v1/booking/queued-guest-visit?product=DCIntSched", strings.NewReader(guestVisit))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("x-api-key", "mockdex-api-key")
	req.Header.Set("X-Mockdex-Namespace", ns)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	var out struct{ VisitID string }
	require.NoError(t, json.Unmarshal(body, &out))
	require.NotEmpty(t, out.VisitID)
	return out.VisitID
}

// visitKnown is the status of the control plane's look at a visit.
func visitKnown(t *testing.T, base, ns, id string) int {
	t.Helper()
	req, err := http.NewRequest("GET", base+"/_mockdex/visits/"+id, nil)
	require.NoError(t, err)
	req.Header.Set("X-Mockdex-Namespace", ns)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp.StatusCode
}

func startKept(t *testing.T, dir string, extra ...string) *started {
	t.Helper()
	argv := append([]string{mockdexBinary(t), "--addr", "127.0.0.1:0", "--history-days", "1", "--data-dir", dir}, extra...)
	return startBinary(t, argv...)
}

// waitExit waits for the process to end and returns its error.
func waitExit(t *testing.T, m *started) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	select {
	case err := <-m.done:
		m.done <- err
		return err
	case <-ctx.Done():
		t.Fatal("mockdex did not exit within 15 s")
		return nil
	}
}

// A visit in the default namespace and one in another survive a SIGTERM
// and a start on the same data directory.
func TestVisitSurvivesSigtermRestart(t *testing.T) {
	dir := t.TempDir()
	m := startKept(t, dir)
	inDefault, inTeam := createGuest(t, m.base, "default"), createGuest(t, m.base, "team-a")
	require.NoError(t, m.cmd.Process.Signal(syscall.SIGTERM))
	require.NoError(t, waitExit(t, m), "exit status 0: %s", m.stderr.String())

	m = startKept(t, dir)
	assert.Equal(t, http.StatusOK, visitKnown(t, m.base, "default", inDefault))
	assert.Equal(t, http.StatusOK, visitKnown(t, m.base, "team-a", inTeam))
	assert.Equal(t, http.StatusNotFound, visitKnown(t, m.base, "default", inTeam))
}

// A visit acknowledged 1.5 s before a SIGKILL is on disk: the background
// saver wrote it.
func TestVisitSurvivesSigkillAfterOneAndAHalfSeconds(t *testing.T) {
	dir := t.TempDir()
	m := startKept(t, dir)
	id := createGuest(t, m.base, "team-k")
	time.Sleep(1500 * time.Millisecond)
	require.NoError(t, m.cmd.Process.Kill())
	_ = waitExit(t, m)

	m = startKept(t, dir)
	assert.Equal(t, http.StatusOK, visitKnown(t, m.base, "team-k", id))
}

// A corrupt state file stops start-up: exit status 1, and a message that
// names the file, the problem and the way out. --reset-data starts clean.
func TestCorruptSnapshotRefusesToStart(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "team-c.mockdex-state.json")
	require.NoError(t, os.WriteFile(file, []byte(`{"format":"mockdex-state","version":1,"visits":[`), 0o600))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, mockdexBinary(t), "--addr", "127.0.0.1:0", "--data-dir", dir).CombinedOutput()
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "mockdex must not start: %v\n%s", err, out)
	assert.Equal(t, exitFail, exit.ExitCode())
	assert.Contains(t, string(out), file)
	assert.Contains(t, string(out), "ends too early")
	assert.Contains(t, string(out), "--reset-data")
	assert.NotContains(t, string(out), "listening")

	m := startKept(t, dir, "--reset-data")
	assert.Equal(t, http.StatusOK, visitKnown(t, m.base, "team-c", createGuest(t, m.base, "team-c")))
	assert.NoFileExists(t, file+".bad")
}
