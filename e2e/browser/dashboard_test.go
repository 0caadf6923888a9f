package browser_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/e2e/chromium"
	"github.com/mockdex/mockdex/mockdextest"
)

// A developer has the dashboard open; a test creates a visit through the
// API; the row appears without a reload; the developer cancels it from
// the page; the API agrees.
func TestDashboardCancelsAVisitInBrowser(t *testing.T) {
	ctx := chromium.NewTab(t)
	m := mockdextest.NewServer(t) // listens on 127.0.0.1, which the guard admits
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(m.URL+"/_mockdex/"),
		chromedp.WaitVisible(chromedp.ID(`visits`)),
	))
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.sameDocument = true`))
	require.NoError(t, err)

	id := m.CreateVisit(mockdextest.VirtualVisit{Patient: mockdextest.PatientJoe})
	row := `tr[data-visit="` + id + `"]`
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(row)))) // the tables refresh every 5 s
	same, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.sameDocument === true`))
	require.NoError(t, err)
	assert.True(t, same, "the new visit came in without a full reload")
	assert.Equal(t, "requested", text(t, ctx, chromedp.Text(chromedp.CSS(row+` td.status`))))

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(row+` button[aria-label^="Cancel visit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`tr[data-visit="`+id+`"][data-status="cancelled"]`)),
	))
	assert.Equal(t, "Visit cancelled.", text(t, ctx, chromedp.Text(chromedp.CSS(`p.ok[role=status]`))))
	assert.Equal(t, "cancelled", m.VisitStatus(id, mockdextest.PatientJoe), "the API agrees")
	m.Clock.Advance(time.Hour)
	assert.Equal(t, "cancelled", m.VisitStatus(id, mockdextest.PatientJoe), "and it stays cancelled")
}
