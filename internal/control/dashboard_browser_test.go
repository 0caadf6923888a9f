package control_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/browsertest"
	"github.com/mockdex/mockdex/mockdextest"
)

// A developer has the dashboard open; a test creates a visit through the
// API; the row appears without a reload; the developer cancels it from
// the page; the API agrees.
func TestDashboardCancelsAVisitInBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	m := mockdextest.NewServer(t) // listens on 127.0.0.1, which the guard admits
	run := func(a chromedp.Action[string]) string {
		t.Helper()
		out, err := chromedp.Run(ctx, a)
		require.NoError(t, err)
		return out
	}
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(m.URL+"/_mockdex/"),
		chromedp.WaitVisible(chromedp.ID(`visits`)),
	))
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.sameDocument = true`))
	require.NoError(t, err)

	v := createVisit(t, m)
	row := `tr[data-visit="` + v.VisitID + `"]`
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(row)))) // the tables refresh every 5 s
	same, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.sameDocument === true`))
	require.NoError(t, err)
	assert.True(t, same, "the new visit came in without a full reload")
	assert.Equal(t, "requested", run(chromedp.Text(chromedp.CSS(row+` td.status`))))

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(row+` button[aria-label^="Cancel visit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`tr[data-visit="`+v.VisitID+`"][data-status="cancelled"]`)),
	))
	assert.Equal(t, "Visit cancelled.", run(chromedp.Text(chromedp.CSS(`p.ok[role=status]`))))
	_, status := visitStatus(t, m, v.VisitID)
	assert.Equal(t, "cancelled", status, "the API agrees")
	m.Clock.Advance(time.Hour)
	_, status = visitStatus(t, m, v.VisitID)
	assert.Equal(t, "cancelled", status, "and it stays cancelled")
}
