package server

import (
	"io"
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
func (s *Server) startAvr(c *Call, req *avrRequest) (Answer, error) {
	set := c.World.Fixtures.Settings.Report
	from, to, err := avrWindow(*req, c.Now, set.DefaultWindowDays)
	if err != nil {
		return Answer{}, err
	}
	job, err := c.World.Reports.Start(fakes.Report{ID: uuid.NewString(), Type: req.Type, From: from, To: to, Created: c.Now},
		seconds(set.QueuedSeconds), seconds(set.RunningSeconds))
	if err != nil {
		return Answer{}, err
	}
	return JSON(http.StatusOK, map[string]string{"id": job.ID}), nil
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
func (s *Server) getAvrStatus(c *Call) (Answer, error) {
	job, err := avrJob(c)
	if err != nil {
		return Answer{}, err
	}
	return JSON(http.StatusOK, map[string]string{"status": job.StatusAt(c.Now)}), nil
}

// getAvrData streams the CSV of a job that has succeeded.
func (s *Server) getAvrData(c *Call) (Answer, error) {
	// One world for the whole answer (the call's, read-locked until the
	// stream ends): a reset mid-request must not pair this job with
	// another world's visits.
	job, err := avrJob(c)
	if err != nil {
		return Answer{}, err
	}
	at, ok := job.SucceededAt(c.Now)
	if !ok {
		return Answer{}, apierr.New(apierr.Invalid, "QueryExecution did not succeed")
	}
	// Once rows are flowing the status is sent; a failed write means the
	// client went away, and there is no one left to tell.
	return Stream("text/csv", func(w io.Writer) { _ = c.World.WriteAVR(w, job, at) }).
		With("Content-Disposition", `attachment; filename="`+job.ID+`.csv"`), nil
}

func avrJob(c *Call) (fakes.Report, error) {
	job, ok := c.World.Reports.Get(c.Param("reportId"))
	if !ok {
		return fakes.Report{}, fakes.ErrReportNotFound
	}
	return job, nil
}

func seconds(n int) time.Duration { return time.Duration(n) * time.Second }
