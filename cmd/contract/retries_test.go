package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mockdex/mockdex/internal/contract"
)

// TestOneOff503ShowsInEveryFormat: a 503 retried away is not a silent
// pass: every report format shows the retry, its operation and its
// cause, and the run warns of it (exit 0 at the default --fail-on,
// which a warning does not reach).
func TestOneOff503ShowsInEveryFormat(t *testing.T) {
	hs := servedMock(t)
	addFault(t, hs.URL, "", `{"operationId":"getModalities","status":503,"times":1}`)
	dir := t.TempDir()
	args := []string{"contract", "run", "--target", hs.URL, "--rps", "0", "--run", "^qualifiers-and-modalities$"}
	for _, f := range contract.Formats {
		args = append(args, "--report", f+"="+filepath.Join(dir, f))
	}
	var waits []time.Duration
	d := deps{sleep: func(_ context.Context, w time.Duration) error { waits = append(waits, w); return nil }}
	var out, errb bytes.Buffer
	if code := d.run(args, &out, &errb); code != exitOK {
		t.Fatalf("exit %d, want %d (a retry is a warning)\n%s", code, exitOK, errb.String())
	}
	if len(waits) != 1 {
		t.Errorf("%d waits before a retry, want 1", len(waits))
	}
	for _, f := range contract.Formats {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if !strings.Contains(s, contract.RuleRetried) || !strings.Contains(s, "getModalities") || !strings.Contains(s, "503") {
			t.Errorf("%s: the retry (its rule, operation and status) does not show:\n%s", f, s)
		}
	}
	r := jsonReport(t, string(readAll(t, filepath.Join(dir, "json"))))
	if len(r.Retries) != 1 || r.Retries[0].Retries != 1 || r.Retries[0].ByStatus["503"] != 1 {
		t.Errorf("retries %+v, want one 503 on getModalities", r.Retries)
	}
}
