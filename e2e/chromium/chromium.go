// Package chromium starts headless Chromium for the end-to-end browser
// tests: one browser per test, with a home directory of its own, so a
// test that trusts an authority in the browser's NSS database trusts it
// for that browser alone.
package chromium

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

// Path finds a system Chromium (Debian's package installs
// /usr/bin/chromium), or "".
func Path() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Browser is one headless Chromium for a test.
type Browser struct {
	home string
}

// New readies a browser for the test, or skips the test when there is
// none or -short is set.
func New(t testing.TB) *Browser {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a browser")
	}
	if Path() == "" {
		t.Skip("no chromium binary on PATH (apt-get install chromium); skipping the real-browser test")
	}
	return &Browser{home: t.TempDir()}
}

// Trust adds the PEM certificate in caFile to the browser's NSS database
// as an authority for servers, with certutil (Debian's libnss3-tools), as
// a developer trusting mockdex's authority would. Without certutil the
// test skips, saying so.
func (b *Browser) Trust(t testing.TB, caFile string) {
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

// Tab starts the browser and returns its tab's context, which ends after
// 90 s at most; the browser goes when the test ends.
func (b *Browser) Tab(t testing.TB) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(Path()), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
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

// NewTab is New(t).Tab(t): a browser that trusts nothing of its own.
func NewTab(t testing.TB) context.Context {
	t.Helper()
	return New(t).Tab(t)
}
