package browser_test

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"
)

// text runs a chromedp action that yields a string, failing the test on
// an error.
func text(t *testing.T, ctx context.Context, a chromedp.Action[string]) string {
	t.Helper()
	out, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
