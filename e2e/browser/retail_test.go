package browser_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/e2e/chromium"
	"github.com/mockdex/mockdex/mockdextest"
)

// docsRetailURL is the docs' hand-off example: a slot long past.
const docsRetailURL = "/retail?timeSlot=2021-04-24T15:40:00-07:00&departmentUrlName=AcmeC4&brand=Acme"

// A patient follows the docs' hand-off link after the slot has passed,
// picks one of the offered times, fills in the form and books; the All
// Visits Report then lists the retail visit at that time, with the reason
// the patient typed.
func TestRetailFlowInBrowser(t *testing.T) {
	ctx := chromium.NewTab(t)
	m := mockdextest.NewServer(t) // listens on 127.0.0.1; Monday 09:00 in Seattle
	booked := m.Clock.Now()

	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(m.URL+docsRetailURL)))
	notice := text(t, ctx, chromedp.Text(chromedp.CSS(`p.notice`)))
	choice := text(t, ctx, chromedp.Text(chromedp.CSS(`ul.choices li:first-child a`)))
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`ul.choices li:first-child a`)),
		chromedp.WaitVisible(chromedp.ID(`firstName`)),
	))
	// The page focuses its first field once it has loaded, which may be
	// a moment after the field shows: wait for focus to land anywhere.
	focused := text(t, ctx, chromedp.Poll[string](`document.activeElement && document.activeElement.id`,
		chromedp.WithPollingTimeout(10*time.Second)))
	require.NoError(t, chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID(`firstName`), "Ada"),
		chromedp.SendKeys(chromedp.ID(`lastName`), "Lovelace"),
		chromedp.SetValue(chromedp.ID(`dateOfBirth`), "1990-12-10"),
		chromedp.SendKeys(chromedp.ID(`visitReason`), "sprained ankle"),
		chromedp.Click(chromedp.CSS(`button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID(`visit-id`)),
	))
	visitID := strings.TrimSpace(text(t, ctx, chromedp.Text(chromedp.ID(`visit-id`))))
	assert.Contains(t, notice, "The time you chose has passed.")
	assert.Equal(t, "Monday, June 3 at 9:20 AM PDT at Acme Clinic 4", choice, "the next free slot after 09:00")
	assert.Equal(t, "firstName", focused, "the form starts at its first field")

	job := m.StartReport(mockdextest.ReportRequest{Type: "retail", From: booked.Add(-time.Minute), To: booked.Add(time.Hour)})
	require.Equal(t, "SUCCEEDED", m.AwaitReport(job))
	report := m.ReportCSV(job)
	row := slices.Index(report.Column("visitId"), visitID)
	require.GreaterOrEqual(t, row, 0, "the confirmation shows the booked visit's id, which the report lists")
	assert.Equal(t, "retail", report.Column("visitKind")[row])
	assert.Equal(t, "2024-06-03T16:20:00Z", report.Column("slotStart")[row])
	assert.Equal(t, "sprained ankle", report.Column("visitReason")[row])
}
