package main

import (
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"

	"github.com/mockdex/mockdex/mockdextest"
)

// A mockdex serving HTTPS from its own authority is a target once the
// run trusts that authority with --ca-cert; without it, the run reports
// the refused handshake rather than passing.
func TestRunTrustsCACert(t *testing.T) {
	m := mockdextest.NewTLSServer(t)
	ca := filepath.Join(t.TempDir(), "mockdex-ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: m.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runContract(t, "--target", m.URL, "--ca-cert", ca, "--run", "^qualifiers-and-modalities$", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d trusting the authority\n%s\n%s", code, stdout, stderr)
	}
	if r := jsonReport(t, stdout); len(r.Findings) != 0 {
		t.Errorf("findings over HTTPS: %+v", r.Findings)
	}
	code, stdout, _ = runContract(t, "--target", m.URL, "--run", "^qualifiers-and-modalities$", "--format", "json")
	if code == exitOK {
		t.Fatalf("a run that does not trust the authority passed:\n%s", stdout)
	}
	code, _, stderr = runContract(t, "--target", m.URL, "--ca-cert", filepath.Join(t.TempDir(), "none.pem"))
	if code != exitUsage {
		t.Errorf("a missing --ca-cert: exit %d, want %d (%s)", code, exitUsage, stderr)
	}
}
