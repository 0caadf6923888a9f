package apptests

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// chromiumPath finds a system Chromium (Debian's package installs
// /usr/bin/chromium).
func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser is one headless Chromium for a test, with a home directory of
// its own: its NSS database (~/.pki/nssdb) is where a test puts the one
// authority the browser trusts besides nothing.
type browser struct {
	home string
}

// newBrowser readies a browser for the test, or skips it when there is
// none or -short is set.
func newBrowser(t *testing.T) *browser {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a browser")
	}
	if chromiumPath() == "" {
		t.Skip("no chromium binary on PATH (apt-get install chromium); skipping the real-browser test")
	}
	return &browser{home: t.TempDir()}
}

// trust adds the PEM certificate in caFile to the browser's NSS database
// as an authority for servers, with certutil (Debian's libnss3-tools), as
// a developer trusting mockdex's authority would.
func (b *browser) trust(t *testing.T, caFile string) {
	t.Helper()
	certutil, err := exec.LookPath("certutil")
	if err != nil {
		t.Skip("no certutil on PATH (apt-get install libnss3-tools); the HTTPS browser test needs it to trust mockdex's authority")
	}
	db := filepath.Join(b.home, ".pki", "nssdb")
	require.NoError(t, os.MkdirAll(db, 0o700))
	for _, args := range [][]string{
		{"-N", "-d", "sql:" + db, "--empty-password"},
		{"-A", "-d", "sql:" + db, "-t", "C,,", "-n", "mockdex-ca", "-i", caFile},
	} {
		out, err := exec.Command(certutil, args...).CombinedOutput()
		require.NoError(t, err, "certutil %v: %s", args, out)
	}
}

// tab starts the browser and returns its tab's context; the browser goes
// when the test ends.
func (b *browser) tab(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath()), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(filepath.Join(b.home, "profile")),
		chromedp.Env("HOME=" + b.home),
	}
	ctx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(ctx)
	ctx, cancelTime := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTime(); cancelTab(); cancelAlloc() })
	return ctx
}
