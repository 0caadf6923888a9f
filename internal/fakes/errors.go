package fakes

import "github.com/mockdex/mockdex/internal/apierr"

// Not-found answers shared by every path that looks an id up. A visit
// the caller may not see is "not found" too, so ids do not leak.
var (
	errVisitNotFound = apierr.NotFoundf("Visit not found")
	// ErrReportNotFound is DexCare's answer for an unknown report id, for
	// the status and data endpoints as much as the control plane.
	ErrReportNotFound = apierr.NotFoundf("QueryExecution Not Found")
)
