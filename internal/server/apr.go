package server

import (
	"net/http"
	"time"

	"github.com/mockdex/mockdex/internal/dexcare"
	"github.com/mockdex/mockdex/internal/fakes"
)

// aprSearch is the body of searchProviderHistories; the spec has already
// checked the dates' presence and form and the paging bounds.
type aprSearch struct {
	StartDate            string `json:"startDate"`
	EndDate              string `json:"endDate"`
	Limit                *int   `json:"limit"`
	Offset               *int   `json:"offset"`
	Action               string `json:"action"`
	VisitID              string `json:"visitId"`
	ProviderID           string `json:"providerId"`
	ProviderEmailAddress string `json:"providerEmailAddress"`
	ProviderName         string `json:"providerName"`
	ProviderFirstName    string `json:"providerFirstName"`
	ProviderLastName     string `json:"providerLastName"`
	ProviderCredentials  string `json:"providerCredentials"`
	ActorID              string `json:"actorId"`
	ActorEmail           string `json:"actorEmail"`
	ActorFirstName       string `json:"actorFirstName"`
	ActorLastName        string `json:"actorLastName"`
}

// searchAPR pages through the provider events that have happened by the
// mock clock, within [startDate, endDate], in (timestamp, id) order.
func (s *Server) searchAPR(c *Call, req *aprSearch) (Answer, error) {
	q, err := req.query(c.Now, c.World.Fixtures.Settings.APR.DefaultLimit)
	if err != nil {
		return Answer{}, err
	}
	count, events := c.World.Events.Search(q)
	page := dexcare.ProviderHistories{Count: count, Data: make([]dexcare.ProviderHistory, len(events))}
	for i, e := range events {
		page.Data[i] = historyRecord(e)
	}
	return JSON(http.StatusOK, page), nil
}

// defaultAPRLimit applies when the settings name none.
const defaultAPRLimit = 50

func (req aprSearch) query(now time.Time, defaultLimit int) (fakes.EventQuery, error) {
	from, to, err := parseRange(req.StartDate, req.EndDate)
	if err != nil {
		return fakes.EventQuery{}, err
	}
	q := fakes.EventQuery{
		From: from, To: to, Now: now, Limit: defaultLimit,
		Action: req.Action, VisitID: req.VisitID, ProviderID: req.ProviderID,
		ProviderEmail: req.ProviderEmailAddress, ProviderName: req.ProviderName,
		ProviderFirstName: req.ProviderFirstName, ProviderLastName: req.ProviderLastName,
		ProviderCredentials: req.ProviderCredentials,
		ActorID:             req.ActorID, ActorEmail: req.ActorEmail,
		ActorFirstName: req.ActorFirstName, ActorLastName: req.ActorLastName,
	}
	if q.Limit <= 0 {
		q.Limit = defaultAPRLimit
	}
	if req.Limit != nil {
		q.Limit = *req.Limit
	}
	if req.Offset != nil {
		q.Offset = *req.Offset
	}
	return q, nil
}

func historyRecord(e fakes.ProviderEvent) dexcare.ProviderHistory {
	return dexcare.ProviderHistory{
		ID: e.ID, Timestamp: formatDex(e.Timestamp), Action: e.Action, VisitID: e.VisitID,
		ProviderID: e.ProviderID, ProviderEmailAddress: e.ProviderEmail, ProviderName: e.ProviderName,
		ProviderFirstName: e.ProviderFirstName, ProviderLastName: e.ProviderLastName,
		ProviderCredentials: e.ProviderCredentials,
		ActorID:             e.ActorID, ActorEmail: e.ActorEmail,
		ActorFirstName: e.ActorFirstName, ActorLastName: e.ActorLastName,
	}
}
