package binaries

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A directory handed over in DirEnv is used only if it holds every
// command; one missing is an error naming it, not a silent rebuild.
func TestGivenDirMustHoldEveryCommand(t *testing.T) {
	dir := t.TempDir()
	for _, c := range Commands[:len(Commands)-1] {
		if err := os.WriteFile(filepath.Join(dir, c), nil, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	last := Commands[len(Commands)-1]
	if _, err := given(dir); err == nil || !strings.Contains(err.Error(), last) {
		t.Errorf("given without %s: %v", last, err)
	}
	if err := os.WriteFile(filepath.Join(dir, last), nil, 0o755); err != nil {
		t.Fatal(err)
	}
	if got, err := given(dir); err != nil || got != dir {
		t.Errorf("given with every command: %q, %v", got, err)
	}
}
