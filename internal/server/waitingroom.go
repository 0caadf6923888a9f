package server

import (
	"net/http"
	"strconv"

	"github.com/mockdex/mockdex/internal/apierr"
	"github.com/mockdex/mockdex/internal/fakes"
)

// waitingRoomRefreshSeconds is how often the waiting room reloads itself.
const waitingRoomRefreshSeconds = 15

// waitingRoomPage is the data of templates/waitingroom.html.
type waitingRoomPage struct {
	Title       string
	Brand       string
	VisitID     string
	Status      string
	StatusText  string
	WaitMinutes int
	Position    int
	Waiting     bool
	Refresh     int
	// Activity is the visit's TokBox session history, newest first.
	Activity []sessionActivity
}

// sessionActivity is one session event as the page lists it.
type sessionActivity struct{ When, Session, Event, Detail string }

// sessionNames words a session kind for the page.
var sessionNames = map[string]string{fakes.SessionWaitingRoom: "waiting room", fakes.SessionVideo: "video"}

// activityOf lists a visit's session events, newest first, without the
// connection data the mock never keeps.
func activityOf(evs []fakes.SessionEvent) []sessionActivity {
	out := make([]sessionActivity, 0, len(evs))
	for i := len(evs) - 1; i >= 0; i-- {
		e := evs[i]
		detail := e.ConnectionID
		if e.StreamID != "" {
			detail = "stream " + e.StreamID
		}
		out = append(out, sessionActivity{When: formatDex(e.At), Session: sessionNames[e.Session], Event: e.Event, Detail: detail})
	}
	return out
}

// statusText words a status for the patient.
var statusText = map[string]string{
	fakes.StatusRequested:     "Your visit has been requested.",
	fakes.StatusWaitingRoom:   "You are in the waiting room.",
	fakes.StatusInVisit:       "Your provider has joined: the visit is in progress.",
	fakes.StatusDone:          "Your visit is over.",
	fakes.StatusStaffDeclined: "Your visit was declined by our staff.",
	fakes.StatusCancelled:     "Your visit was cancelled.",
}

// waitingRoom renders the page a visitRedirectUrl points to. The link
// carries no token in the mock, so the page shows status only, never
// patient details.
func (s *Server) waitingRoom(c *Call) (Answer, error) {
	now, world := c.Now, c.World
	v, ok := world.Visits.Get(c.Param("visitId"))
	if !ok || !v.Kind.Queued() {
		return Answer{}, apierr.NotFoundf("No visit with that id is waiting here.")
	}
	status, _ := v.StatusAt(now)
	wait := world.WaitFor(v, now)
	page := waitingRoomPage{
		Title: "Virtual waiting room", Brand: c.Query().Get("brand"), VisitID: v.ID,
		Status: status, StatusText: statusText[status], Position: wait.Position,
		WaitMinutes: int((wait.Remaining.Seconds() + 59) / 60), Waiting: wait.Position > 0,
		Refresh: waitingRoomRefreshSeconds, Activity: activityOf(world.SessionEvents(v.ID)),
	}
	if page.Brand == "" {
		page.Brand = v.Brand
	}
	// The layout's head is shared, so the self-refresh goes in the header
	// (browsers treat it as a meta refresh).
	return Page(http.StatusOK, "waitingroom.html", page).With("Refresh", strconv.Itoa(waitingRoomRefreshSeconds)), nil
}
