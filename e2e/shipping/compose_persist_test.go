package shipping

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// checkStartsClean: the compose file keeps no state between runs (no
// data directory, no volume), so a second `up` for a CI run starts from
// the fixtures even when no one ran `down -v`.
func checkStartsClean(t *testing.T, doc map[string]any) {
	t.Helper()
	mock := dig(doc, "services", "mockdex")
	if dir := dig(mock, "environment", "MOCKDEX_DATA_DIR"); dir != nil {
		t.Errorf("mockdex keeps state in %v by default: persistence is the opt-in file's", dir)
	}
	if vols := dig(mock, "volumes"); vols != nil || dig(doc, "volumes") != nil {
		t.Errorf("mockdex mounts %v by default: a volume carries one run's visits into the next", vols)
	}
}

// Persistence is an opt-in file laid over the example: it sets the data
// directory and mounts a named volume there, it is valid Compose, and
// the example says how to add it.
func TestComposePersistenceIsOptIn(t *testing.T) {
	overlay := yamlFile(t, examples(t, "docker-compose.persist.yml"))
	validateSchema(t, "compose-spec.schema.json", overlay)
	if services, _ := dig(overlay, "services").(map[string]any); len(services) != 1 {
		t.Errorf("the opt-in changes only mockdex: %v", services)
	}
	mock := dig(overlay, "services", "mockdex")
	if dig(mock, "environment", "MOCKDEX_DATA_DIR") != "/data" {
		t.Errorf("the opt-in sets MOCKDEX_DATA_DIR=/data: %v", mock)
	}
	vols, _ := dig(mock, "volumes").([]any)
	if len(vols) != 1 {
		t.Fatalf("the opt-in mounts one volume: %v", vols)
	}
	name, at, _ := strings.Cut(vols[0].(string), ":")
	if declared, _ := dig(overlay, "volumes").(map[string]any); at != "/data" || declared == nil {
		t.Errorf("mount a named volume at /data: %v", vols)
	} else if _, ok := declared[name]; !ok {
		t.Errorf("the volume %s is not declared at the top level", name)
	}
	b, err := os.ReadFile(examples(t, "docker-compose.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "-f examples/docker-compose.persist.yml") {
		t.Error("docker-compose.yml does not say how to opt in")
	}
}

// HTTPS is an opt-in file too: the mock serves TLS and writes its
// authority to a named volume at /tls (the image makes /tls its user's),
// which every service that calls the mock reads and trusts over https.
func TestComposeTLSIsOptIn(t *testing.T) {
	overlay := yamlFile(t, examples(t, "docker-compose.tls.yml"))
	validateSchema(t, "compose-spec.schema.json", overlay)
	mock := dig(overlay, "services", "mockdex")
	if dig(mock, "environment", "MOCKDEX_TLS") != "auto" || dig(mock, "environment", "MOCKDEX_TLS_CA_OUT") != "/tls/mockdex-ca.pem" {
		t.Errorf("the opt-in serves --tls auto and writes the authority to /tls: %v", mock)
	}
	for _, svc := range []string{"mockdex", "app-tests", "contract"} {
		vols, _ := dig(overlay, "services", svc, "volumes").([]any)
		if len(vols) != 1 || !strings.HasPrefix(vols[0].(string), "mockdex-tls:/tls") {
			t.Errorf("%s mounts the authority's volume at /tls: %v", svc, vols)
		}
	}
	if cmd := dig(overlay, "services", "contract", "command"); !strings.Contains(strings.Trim(strings.ReplaceAll(fmt.Sprint(cmd), " ", ","), "[]"), "--ca-cert,/tls/mockdex-ca.pem") {
		t.Errorf("the contract runner trusts the authority: %v", cmd)
	}
	b, err := os.ReadFile(examples(t, "docker-compose.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "-f examples/docker-compose.tls.yml") {
		t.Error("docker-compose.yml does not say how to opt in")
	}
	df, err := os.ReadFile(filepath.Join(repoRoot(t), "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(df), "--chown=65532:65532 /out/tls /tls") {
		t.Error("the image does not make /tls its user's: a volume there starts read-only to the mock")
	}
}
