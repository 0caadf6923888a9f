package server

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/gorilla/mux"

	"github.com/mockdex/mockdex/internal/fakes"
)

// Report admin endpoints make the states the clock alone never reaches:
//
//	POST /_mockdex/reports/{reportId}/fail    {"retryAfter": "10s"} (optional body)
//	POST /_mockdex/reports/{reportId}/cancel
//
// A failed job is FAILED until retryAfter (default 5s) has passed, then
// QUEUED again and on to SUCCEEDED, as DexCare's auto-retry does.
func init() {
	adminRegistrations = append(adminRegistrations, func(s *Server, a *mux.Router) {
		a.HandleFunc("/reports/{reportId}/fail", s.failReport).Methods(http.MethodPost)
		a.HandleFunc("/reports/{reportId}/cancel", s.cancelReport).Methods(http.MethodPost)
	})
}

// reportView is what the admin endpoints answer: the job's state now and
// its planned transitions.
type reportView struct {
	ID       string           `json:"id"`
	Status   string           `json:"status"`
	Timeline []reportStepView `json:"timeline"`
}

type reportStepView struct {
	Status string    `json:"status"`
	At     time.Time `json:"at"`
}

func (s *Server) failReport(w http.ResponseWriter, r *http.Request) {
	var req struct {
		RetryAfter string `json:"retryAfter"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil && !errors.Is(err, io.EOF) {
		adminError(w, http.StatusBadRequest, `the body must be empty or {"retryAfter": duration}`)
		return
	}
	retry := fakes.DefaultRetryAfter
	if req.RetryAfter != "" {
		d, err := time.ParseDuration(req.RetryAfter)
		if err != nil || d < 0 {
			adminError(w, http.StatusBadRequest, "'retryAfter' must be a Go duration such as 10s")
			return
		}
		retry = d
	}
	now := s.clock.Now()
	world := s.World() // one world: a reset between two reads must not mix them
	set := world.Fixtures.Settings.Report
	job, err := world.Reports.Fail(mux.Vars(r)["reportId"], now, retry,
		seconds(set.QueuedSeconds), seconds(set.RunningSeconds))
	s.answerReportChange(w, job, now, err)
}

func (s *Server) cancelReport(w http.ResponseWriter, r *http.Request) {
	now := s.clock.Now()
	job, err := s.World().Reports.Cancel(mux.Vars(r)["reportId"], now)
	s.answerReportChange(w, job, now, err)
}

func (s *Server) answerReportChange(w http.ResponseWriter, job fakes.Report, now time.Time, err error) {
	if err != nil {
		adminFakeError(w, err)
		return
	}
	view := reportView{ID: job.ID, Status: job.StatusAt(now), Timeline: []reportStepView{}}
	for _, tr := range job.Timeline {
		view.Timeline = append(view.Timeline, reportStepView{tr.Status, tr.At})
	}
	writeJSON(w, http.StatusOK, view)
}
