package server_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/browsertest"
	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/mockdextest"
)

// A patient follows the docs' hand-off link after the slot has passed,
// picks one of the offered times, fills in the form and books.
func TestRetailFlowInBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	m := mockdextest.NewServer(t) // listens on 127.0.0.1; Monday 09:00 in Seattle

	run := func(action chromedp.Action[string]) string {
		t.Helper()
		out, err := chromedp.Run(ctx, action)
		require.NoError(t, err)
		return out
	}
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(m.URL+docsRetailURL)))
	notice := run(chromedp.Text(chromedp.CSS(`p.notice`)))
	choice := run(chromedp.Text(chromedp.CSS(`ul.choices li:first-child a`)))
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`ul.choices li:first-child a`)),
		chromedp.WaitVisible(chromedp.ID(`firstName`)),
	))
	focused := run(chromedp.Evaluate[string](`document.activeElement.id`))
	require.NoError(t, chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID(`firstName`), "Ada"),
		chromedp.SendKeys(chromedp.ID(`lastName`), "Lovelace"),
		chromedp.SetValue(chromedp.ID(`dateOfBirth`), "1990-12-10"),
		chromedp.SendKeys(chromedp.ID(`visitReason`), "sprained ankle"),
		chromedp.Click(chromedp.CSS(`button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID(`visit-id`)),
	))
	visitID := run(chromedp.Text(chromedp.ID(`visit-id`)))
	assert.Contains(t, notice, "The time you chose has passed.")
	assert.Equal(t, "Monday, June 3 at 9:20 AM PDT at Acme Clinic 4", choice, "the next free slot after 09:00")
	assert.Equal(t, "firstName", focused, "the form starts at its first field")

	v, ok := mockOf(m).World().Visits.Get(strings.TrimSpace(visitID))
	require.True(t, ok, "the confirmation shows the booked visit's id")
	assert.Equal(t, fakes.KindRetail, v.Kind)
	assert.Equal(t, time.Date(2024, 6, 3, 16, 20, 0, 0, time.UTC), v.SlotStart.UTC())
	assert.Equal(t, "sprained ankle", v.VisitReason)
}
