package server

import (
	"net/http"

	"github.com/mockdex/mockdex/internal/fakes"
)

// tokBoxEventJSON is TokBox's webhook body (TokBoxEvent in the spec).
type tokBoxEventJSON struct {
	SessionID  string             `json:"sessionId"`
	ProjectID  string             `json:"projectId"`
	Event      string             `json:"event"`
	Timestamp  int64              `json:"timestamp"`
	Connection tokBoxConnectionJS `json:"connection"`
	Stream     struct {
		ID         string             `json:"id"`
		Connection tokBoxConnectionJS `json:"connection"`
		Name       string             `json:"name"`
		VideoType  string             `json:"videoType"`
	} `json:"stream"`
}

// tokBoxConnectionJS leaves out the connection's data: it often holds the
// user's details, which the mock does not keep.
type tokBoxConnectionJS struct {
	ID string `json:"id"`
}

// tokBoxEvents records a TokBox session event on its visit (POST
// /api/9/tokbox-events); 202 whether or not a visit has the session.
func (s *Server) tokBoxEvents(c *Call) (Answer, error) {
	if len(c.Raw) == 0 { // nothing to record: accepted, as published
		return NoBody(http.StatusAccepted), nil
	}
	var body tokBoxEventJSON
	if err := c.Decode(&body); err != nil {
		return Answer{}, err
	}
	conn := body.Connection.ID
	if conn == "" {
		conn = body.Stream.Connection.ID
	}
	c.World.RecordSessionEvent(body.SessionID, fakes.SessionEvent{
		At: c.Now, Event: body.Event, ProjectID: body.ProjectID, Timestamp: body.Timestamp,
		ConnectionID: conn, StreamID: body.Stream.ID, StreamName: body.Stream.Name, VideoType: body.Stream.VideoType,
	})
	return NoBody(http.StatusAccepted), nil
}
