package binaries_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/mockdex/mockdex/e2e/binaries"
)

// Every command is there and runs; a second call in the same process
// answers the same directory without building again.
func TestDirHoldsEveryCommand(t *testing.T) {
	dir := binaries.Dir(t)
	for _, name := range binaries.Commands {
		out, err := exec.Command(binaries.Path(t, name), "--help").CombinedOutput()
		if err != nil {
			t.Errorf("%s --help: %v\n%s", name, err, out)
		}
		if !strings.Contains(string(out), "Usage") && !strings.Contains(string(out), "usage") {
			t.Errorf("%s --help printed no usage:\n%s", name, out)
		}
	}
	if again := binaries.Dir(t); again != dir {
		t.Errorf("Dir moved from %s to %s", dir, again)
	}
	// Built here (not handed over by .ci/run), the build ran under the
	// checkout's lock, which stays beside the directory.
	if os.Getenv(binaries.DirEnv) == "" {
		if _, err := os.Stat(dir + ".lock"); err != nil {
			t.Errorf("no lock file beside %s: %v", dir, err)
		}
	}
}
