package server

import (
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/mockdex/mockdex/internal/apierr"
	"github.com/mockdex/mockdex/internal/fakes"
)

// avrRequest is the body of startAvrReport; the spec has already checked
// that type is present and one of the accepted values.
type avrRequest struct {
	Type      string `json:"type"`
	StartDate string `json:"startDate"`
	EndDate   string `json:"endDate"`
}

// startAvr starts a report job on the mock clock: QUEUED now, RUNNING and
// SUCCEEDED after the phase durations in Settings.Report.
func (s *Server) startAvr(w http.ResponseWriter, r *http.Request) error {
	var req avrRequest
	if err := decodeBody(r, &req); err != nil {
		return err
	}
	now := call(r).now
	world := call(r).world
	set := world.Fixtures.Settings.Report
	from, to, err := avrWindow(req, now, set.DefaultWindowDays)
	if err != nil {
		return err
	}
	job, err := world.Reports.Start(fakes.Report{ID: uuid.NewString(), Type: req.Type, From: from, To: to, Created: now},
		seconds(set.QueuedSeconds), seconds(set.RunningSeconds))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]string{"id": job.ID})
	return nil
}

// avrWindow is the report's [from, to): both dates or neither; neither
// means the last defaultDays days by the mock clock.
func avrWindow(req avrRequest, now time.Time, defaultDays int) (time.Time, time.Time, error) {
	switch {
	case req.StartDate == "" && req.EndDate == "":
		return now.Add(-time.Duration(defaultDays) * 24 * time.Hour), now, nil
	case req.EndDate == "":
		return time.Time{}, time.Time{}, apierr.InvalidField("endDate", "'endDate' is required when 'startDate' is given")
	case req.StartDate == "":
		return time.Time{}, time.Time{}, apierr.InvalidField("startDate", "'startDate' is required when 'endDate' is given")
	}
	return parseRange(req.StartDate, req.EndDate)
}

// getAvrStatus answers the job's state at this request's mock time.
func (s *Server) getAvrStatus(w http.ResponseWriter, r *http.Request) error {
	job, err := avrJob(call(r).world, r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": job.StatusAt(call(r).now)})
	return nil
}

// getAvrData streams the CSV of a job that has succeeded.
func (s *Server) getAvrData(w http.ResponseWriter, r *http.Request) error {
	// One world for the whole answer: a reset mid-request must not pair
	// this job with another world's visits.
	world := call(r).world
	job, err := avrJob(world, r)
	if err != nil {
		return err
	}
	at, ok := job.SucceededAt(call(r).now)
	if !ok {
		return apierr.New(apierr.Invalid, "QueryExecution did not succeed")
	}
	w.Header().Set("Content-Type", "text/csv")
	w.Header().Set("Content-Disposition", `attachment; filename="`+job.ID+`.csv"`)
	w.WriteHeader(http.StatusOK)
	// Once rows are flowing the status is sent; a failed write means the
	// client went away, and there is no one left to tell.
	_ = world.WriteAVR(w, job, at)
	return nil
}

func avrJob(world *fakes.World, r *http.Request) (fakes.Report, error) {
	job, ok := world.Reports.Get(pathParam(r, "reportId"))
	if !ok {
		return fakes.Report{}, fakes.ErrReportNotFound
	}
	return job, nil
}

func seconds(n int) time.Duration { return time.Duration(n) * time.Second }
