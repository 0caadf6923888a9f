package fakes

// ReportStore holds All Visits Report jobs. (Reporting issue.)
type ReportStore struct{}

// NewReportStore returns an empty store.
func NewReportStore() *ReportStore { return &ReportStore{} }
