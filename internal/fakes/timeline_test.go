package fakes_test

import (
	"bytes"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/faults"
	"github.com/mockdex/mockdex/internal/timeline"
)

var timelineOps = []faults.Operation{
	{ID: "createVisitV9", Method: "POST", Path: "/api/9/visits", Host: "ecvapi"},
	{ID: "getModalities", Method: "GET", Path: "/api/9/modalities", Host: "api"},
}

// play sets a timeline on the world at monday9 (09:00 Seattle).
func play(t *testing.T, w *fakes.World, events string) {
	t.Helper()
	tl, err := timeline.Parse([]byte(`{"events":[`+events+`]}`), timelineOps)
	require.NoError(t, err)
	require.NoError(t, w.SetTimeline(tl, monday9, nil))
}

// reason is why the pool cannot take a visit at t ("" if it can).
func reason(w *fakes.World, p fakes.Pool, t time.Time) string {
	_, region, _ := w.PracticeForRegion(p.PracticeID, p.Region)
	return w.QueueAt(t).Unavailable(p, region)
}

// Windows hold from their start to their end, read against the clock,
// wherever the world asks: wait times, a create, a practice's openings.
func TestTimelineWindowsFollowTheClock(t *testing.T) {
	w := newWorld(t)
	play(t, w, `{"kind":"region-hours","region":"WA","hours":"09:00-15:00","at":"+1h","until":"+7h"},
		{"kind":"region-closes","region":"WA","at":"+8h","for":"1h"}`)
	local := func(hhmm string) time.Time {
		tm, _ := time.Parse(time.RFC3339, "2024-06-03T"+hhmm+":00-07:00")
		return tm
	}
	for at, want := range map[string]string{
		"09:30": "",                   // WA is 24x7 until the change
		"14:59": "",                   // within the changed hours
		"15:00": fakes.ReasonOffHours, // past them
		"16:00": "",                   // the change ended: 24x7 again
		"17:00": fakes.ReasonOffHours, // closed for an hour
		"18:00": "",
	} {
		assert.Equal(t, want, reason(w, waAdult, local(at)), at)
	}
	_, err := w.QueueVisit(joeRequest(), local("17:30"))
	assert.ErrorContains(t, err, "OFF_HOURS", "a create agrees with the wait times")

	p, err := w.PracticeAt(practice, local("16:30"))
	require.NoError(t, err)
	for _, r := range p.Regions {
		if r.RegionCode != "WA" {
			continue
		}
		require.NotEmpty(t, r.Windows)
		assert.True(t, r.Windows[0].End.Equal(local("17:00")), "today's opening ends when the region closes: %v", r.Windows[0])
		assert.True(t, r.Windows[1].Start.Equal(local("18:00")), "and opens again after: %v", r.Windows[1])
	}
}

// A qualifier that loses its on-call cover has no provider for its pools
// only: its wait times and creates say so, others carry on.
func TestOnCallLost(t *testing.T) {
	w := newWorld(t)
	play(t, w, `{"kind":"oncall-lost","qualifier":"pediatric","region":"WA","at":"+0s"}`)
	kids := waAdult
	kids.Qualifier = "pediatric"
	assert.Equal(t, fakes.ReasonNoOnCall, reason(w, kids, monday9))
	assert.Zero(t, w.QueueAt(monday9).Estimate(kids))
	assert.Empty(t, reason(w, waAdult, monday9))
	req := joeRequest()
	req.Qualifiers = []string{"pediatric"}
	_, err := w.QueueVisit(req, monday9)
	assert.ErrorContains(t, err, "NO_ONCALL_PROVIDERS")
}

// A count fires its event when the call that makes it is answered: here
// the queue turns busy after two creates, and the provider of the second
// visit declines it.
func TestCountsFireEvents(t *testing.T) {
	w := newWorld(t)
	play(t, w, `{"kind":"queue-busy","region":"WA","capacity":2,"after":{"operationId":"createVisitV9","count":2}},
		{"kind":"provider-declines","region":"WA","limit":1,"after":{"operationId":"createVisitV9","count":2}}`)
	var visits []fakes.Visit
	for range 2 { // at one instant: "the newest" is the one made last
		v, err := w.QueueVisit(joeRequest(), monday9)
		require.NoError(t, err)
		visits = append(visits, v)
		w.CountCall("createVisitV9", monday9)
	}
	at := monday9.Add(2 * time.Second)
	first, _ := w.Visits.Get(visits[0].ID)
	second, _ := w.Visits.Get(visits[1].ID)
	s1, _ := first.StatusAt(at)
	s2, since := second.StatusAt(at)
	assert.Equal(t, fakes.StatusRequested, s1, "the older visit still waits")
	assert.Equal(t, fakes.StatusStaffDeclined, s2, "the newest was declined")
	assert.True(t, since.Equal(monday9), "when the count was reached")
	_, events := w.Events.Search(fakes.EventQuery{VisitID: visits[1].ID, From: monday9.Add(-time.Hour), To: at, Now: at, Limit: 10})
	require.NotEmpty(t, events)
	last := events[len(events)-1]
	assert.Equal(t, fakes.ActionDeclined, last.Action)
	assert.Equal(t, last.ProviderID, last.ActorID, "the provider declined it, not the staff")

	var csv bytes.Buffer
	require.NoError(t, w.WriteAVR(&csv, fakes.Report{Type: "virtual", From: monday9, To: at}, at))
	assert.Contains(t, csv.String(), visits[1].ID+",virtual,virtual,staffdeclined", "the AVR CSV agrees")

	assert.Equal(t, "", reason(w, waAdult, at), "one waits: under the new capacity of 2")
	_, err := w.QueueVisit(joeRequest(), at)
	require.NoError(t, err)
	assert.Equal(t, fakes.ReasonBusy, reason(w, waAdult, at), "two wait: busy")
}

// A once-only event applies at its own time, on the first access at or
// after it, once, in time order with the others.
func TestInstantEventsApplyAtTheirTime(t *testing.T) {
	w := newWorld(t)
	v, err := w.QueueVisit(joeRequest(), monday9)
	require.NoError(t, err)
	_, err = w.Reports.Start(fakes.Report{ID: "r1", Type: "virtual", From: monday9.Add(-time.Hour), To: monday9, Created: monday9}, 2*time.Second, 3*time.Second)
	require.NoError(t, err)
	kentSlot := "2024-06-04T10:10:00-07:00"
	play(t, w, `{"kind":"staff-cancels","at":"+1m"},
		{"kind":"report-fails","at":"+1s","retryAfter":"30s"},
		{"kind":"ehr-takes-slot","npi":"1629394572","departmentId":"123446001","start":"`+kentSlot+`","at":"+2m","for":"1h"},
		{"kind":"ehr-releases-slot","npi":"1629394572","departmentId":"123446001","start":"`+kentSlot+`","at":"+30m"}`)
	start, _ := time.Parse(time.RFC3339, kentSlot)
	key := fakes.NewSlotKey("1629394572", "123446001", start)

	w.Catch(monday9.Add(59 * time.Second))
	got, _ := w.Visits.Get(v.ID)
	s, _ := got.StatusAt(monday9.Add(59 * time.Second))
	assert.NotEqual(t, fakes.StatusCancelled, s, "nothing before its time")
	r, _ := w.Reports.Get("r1")
	assert.Equal(t, fakes.ReportFailed, r.StatusAt(monday9.Add(2*time.Second)), "the report failed at +1s")
	assert.Equal(t, fakes.ReportQueued, r.StatusAt(monday9.Add(31*time.Second)), "and is queued again after 30s")

	w.Catch(monday9.Add(3 * time.Hour))
	got, _ = w.Visits.Get(v.ID)
	s, since := got.StatusAt(monday9.Add(3 * time.Hour))
	assert.Equal(t, fakes.StatusCancelled, s)
	assert.True(t, since.Equal(monday9.Add(time.Minute)), "cancelled at the event's time, not the access's")
	assert.True(t, w.Slots.Taken(key) == false, "taken at +2m, released at +30m, the hold's end at +62m found it free")

	changes := w.Changes()
	w.Catch(monday9.Add(4 * time.Hour))
	assert.Equal(t, changes, w.Changes(), "nothing applies twice")

	_, states, _ := w.TimelineStatus(monday9.Add(4 * time.Hour))
	for _, st := range states {
		assert.Equal(t, fakes.EventApplied, st.State, st.ID)
	}
}

// A timeline naming what the fixtures do not have is refused, naming the
// field, and changes nothing.
func TestSetTimelineChecksTheFixtures(t *testing.T) {
	w := newWorld(t)
	for events, want := range map[string]string{
		`{"kind":"region-closes","region":"ZZ","at":"+1h"}`:                                                    "events[0].region: \"ZZ\" is not a region of any practice",
		`{"kind":"region-closes","region":"WA","practiceId":"nope","at":"+1h"}`:                                "events[0].practiceId: is not a practice",
		`{"kind":"oncall-lost","qualifier":"martian","at":"+1h"}`:                                              "events[0].qualifier: \"martian\" is not in the fixtures' catalog",
		`{"kind":"ehr-takes-slot","departmentId":"nope","start":"+1h","at":"+1h"}`:                             "events[0].departmentId: is not a department",
		`{"kind":"ehr-takes-slot","npi":"1","departmentId":"123446001","start":"+25h10m","at":"+1h"}`:          "events[0].npi: must name a provider working in departmentId",
		`{"kind":"ehr-takes-slot","npi":"1629394572","departmentId":"123446001","start":"+25h11m","at":"+1h"}`: "events[0].start: is not a slot on the department's schedule",
	} {
		tl, err := timeline.Parse([]byte(`{"events":[`+events+`]}`), timelineOps)
		require.NoError(t, err, events)
		err = w.SetTimeline(tl, monday9, nil)
		require.Error(t, err, events)
		assert.Contains(t, err.Error(), want, events)
	}
	tl, _ := w.Timeline()
	assert.Nil(t, tl, "a refused timeline leaves none")

	good, err := timeline.Parse([]byte(`{"events":[{"kind":"region-closes","region":"WA","at":"+1h"}]}`), timelineOps)
	require.NoError(t, err)
	err = w.SetTimeline(good, monday9, &fakes.TimelineProgress{Fired: map[string]time.Time{"t9": monday9}})
	assert.ErrorContains(t, err, `timeline.fired: "t9" is not an event of the timeline`)
}

// Requests racing through a timeline (catching up, counting, exporting,
// creating) apply each once-only event once, and never deadlock.
func TestTimelineUnderConcurrentAccess(t *testing.T) {
	w := newWorld(t)
	kentSlot := "2024-06-04T10:10:00-07:00"
	play(t, w, `{"kind":"ehr-takes-slot","npi":"1629394572","departmentId":"123446001","start":"`+kentSlot+`","at":"+1m","for":"1m"},
		{"kind":"staff-cancels","at":"+90s","limit":1},
		{"kind":"queue-busy","region":"WA","capacity":50,"after":{"operationId":"createVisitV9","count":10}}`)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 40 {
				now := monday9.Add(time.Duration(i*5) * time.Second)
				w.Catch(now)
				switch g % 4 {
				case 0:
					if _, err := w.QueueVisit(joeRequest(), now); err == nil {
						w.CountCall("createVisitV9", now)
					}
				case 1:
					_, err := w.Export()
					assert.NoError(t, err)
				case 2:
					w.TimelineFaults(now)
					w.QueueAt(now)
				case 3:
					w.TimelineStatus(now)
				}
			}
		}()
	}
	wg.Wait()
	w.Catch(monday9.Add(time.Hour))
	_, p := w.Timeline()
	assert.Len(t, p.Fired, 3, "every event fired")
	assert.Equal(t, map[string]bool{"t1": true}, p.Ended, "the hold ended once")
	cancelled := 0
	w.Visits.Each(time.Time{}, monday9.Add(time.Hour), func(v *fakes.Visit) bool {
		if s, _ := v.StatusAt(monday9.Add(time.Hour)); s == fakes.StatusCancelled {
			cancelled++
		}
		return true
	})
	assert.LessOrEqual(t, cancelled, 1, "the cancel applied once (to at most one visit)")
}
