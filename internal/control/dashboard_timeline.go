package control

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/timeline"
)

// timelineRow is an event as the dashboard lists it.
type timelineRow struct {
	ID, Kind, When, Ends, State, What string
}

// timelineRows lists the world's timeline at now (nil: none).
func timelineRows(world *fakes.World, now time.Time) []timelineRow {
	tl, states, _ := world.TimelineStatus(now)
	if tl == nil {
		return nil
	}
	rows := make([]timelineRow, 0, len(tl.Events))
	for i := range tl.Events {
		e, st := &tl.Events[i], states[i]
		r := timelineRow{ID: e.ID, Kind: string(e.Kind), State: st.State, What: describeEvent(e)}
		switch {
		case e.After != nil && st.FiredAt.IsZero():
			r.When = fmt.Sprintf("after %d× %s", e.After.Count, e.After.OperationID)
		case e.After != nil:
			r.When = clockTime(st.FiredAt) + fmt.Sprintf(" (%d× %s)", e.After.Count, e.After.OperationID)
		default:
			r.When = clockTime(st.FiresAt)
		}
		if !st.EndsAt.IsZero() {
			r.Ends = clockTime(st.EndsAt)
		}
		rows = append(rows, r)
	}
	return rows
}

// describeEvent says what an event touches, in one line.
func describeEvent(e *timeline.Event) string {
	var parts []string
	for _, p := range []struct{ label, v string }{
		{"practice ", e.PracticeID}, {"region ", e.Region}, {"", e.Modality}, {"", e.Qualifier}, {"hours ", e.Hours},
		{"visit ", e.VisitID}, {"report ", e.ReportID}, {"", e.ReportType}, {"NPI ", e.NPI}, {"department ", e.DepartmentID},
	} {
		if p.v != "" {
			parts = append(parts, p.label+p.v)
		}
	}
	if e.Kind == timeline.QueueBusy {
		parts = append(parts, fmt.Sprintf("busy at %d waiting", e.Capacity))
	}
	if !e.SlotStart.IsZero() {
		parts = append(parts, "slot "+clockTime(e.SlotStart))
	}
	if e.Limit > 0 {
		parts = append(parts, fmt.Sprintf("at most %d", e.Limit))
	}
	if f := e.Fault; f != nil {
		parts = append(parts, describeCalls(&f.Match)+": "+faultEffect(f.Kind, f.Status, f.Delay.String()))
	}
	return strings.Join(parts, ", ")
}

func faultEffect(kind any, status int, delay string) string {
	out := fmt.Sprint(kind)
	if status != 0 {
		out += fmt.Sprintf(" %d", status)
	}
	if delay != "" {
		out += " after " + delay
	}
	return out
}

// formTimeline sets the namespace's timeline from the form's JSON, or
// clears it when the form says so, as PUT and DELETE /_mockdex/timeline do.
func (c *Control) formTimeline(r *http.Request, name string) (string, error) {
	tl := &timeline.Timeline{}
	if r.PostForm.Get("clear") == "" {
		var err error
		if tl, err = timeline.Parse([]byte(r.PostForm.Get("timeline")), c.faultOperations()); err != nil {
			return "", err
		}
	}
	ns, world, leave, err := c.spaces.Enter(name)
	if err != nil {
		return "", err
	}
	defer leave()
	now := ns.Clock().Now()
	if err := world.SetTimeline(tl, now, nil); err != nil {
		return "", err
	}
	world.Catch(now)
	return "timelineset", nil
}
