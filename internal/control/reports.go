package control

import (
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
// GET /_mockdex/reports/{reportId}/csv is a finished job's CSV, for the
// dashboard's link (a browser cannot send the reporting key).
func (c *Control) reportRoutes(a *mux.Router) {
	a.HandleFunc("/reports/{reportId}/fail", c.failReport).Methods(http.MethodPost)
	a.HandleFunc("/reports/{reportId}/cancel", c.cancelReport).Methods(http.MethodPost)
	a.HandleFunc("/reports/{reportId}/csv", c.reportCSV).Methods(http.MethodGet)
}

// reportJSON is what the admin endpoints answer: the job's state now and
// its planned transitions.
type reportJSON struct {
	ID       string           `json:"id"`
	Status   string           `json:"status"`
	Timeline []reportStepJSON `json:"timeline"`
}

type reportStepJSON struct {
	Status string    `json:"status"`
	At     time.Time `json:"at"`
}

func (c *Control) failReport(w http.ResponseWriter, r *http.Request) {
	var req struct {
		RetryAfter string `json:"retryAfter"`
	}
	if !decodeJSON(w, r, &req, true, `empty or {"retryAfter": duration}`) {
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
	c.inWorld(w, r, func(world *fakes.World, now time.Time) {
		set := world.Fixtures.Settings.Report
		job, err := world.Reports.Fail(mux.Vars(r)["reportId"], now, retry,
			seconds(set.QueuedSeconds), seconds(set.RunningSeconds))
		answerReportChange(w, job, now, err)
	})
}

func (c *Control) cancelReport(w http.ResponseWriter, r *http.Request) {
	c.inWorld(w, r, func(world *fakes.World, now time.Time) {
		job, err := world.Reports.Cancel(mux.Vars(r)["reportId"], now)
		answerReportChange(w, job, now, err)
	})
}

func answerReportChange(w http.ResponseWriter, job fakes.Report, now time.Time, err error) {
	if err != nil {
		fakeError(w, err)
		return
	}
	view := reportJSON{ID: job.ID, Status: job.StatusAt(now), Timeline: []reportStepJSON{}}
	for _, tr := range job.Timeline {
		view.Timeline = append(view.Timeline, reportStepJSON{tr.Status, tr.At})
	}
	writeJSON(w, http.StatusOK, view)
}

// reportCSV writes a succeeded job's CSV, the same rows the reporting API
// serves.
func (c *Control) reportCSV(w http.ResponseWriter, r *http.Request) {
	c.inWorld(w, r, func(world *fakes.World, now time.Time) {
		job, ok := world.Reports.Get(mux.Vars(r)["reportId"])
		if !ok {
			fakeError(w, fakes.ErrReportNotFound)
			return
		}
		at, ok := job.SucceededAt(now)
		if !ok {
			adminError(w, http.StatusConflict, "the report has not succeeded (it is "+job.StatusAt(now)+")")
			return
		}
		w.Header().Set("Content-Type", "text/csv")
		w.Header().Set("Content-Disposition", `attachment; filename="`+job.ID+`.csv"`)
		w.WriteHeader(http.StatusOK)
		_ = world.WriteAVR(w, job, at) // rows are flowing: a failed write is a client gone
	})
}

func seconds(n int) time.Duration { return time.Duration(n) * time.Second }
