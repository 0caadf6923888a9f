package fakes

// Virtual visit statuses, as DexCare's visit summary names them.
const (
	StatusRequested     = "requested"
	StatusWaitingRoom   = "waitingroom"
	StatusInVisit       = "invisit"
	StatusDone          = "done"
	StatusStaffDeclined = "staffdeclined"
	StatusCancelled     = "cancelled"
)

// Provider event actions for virtual visits; the All Providers Report
// relies on these exact words.
const (
	ActionAssigned  = "assigned"
	ActionStarted   = "started"
	ActionCompleted = "completed"
	ActionDeclined  = "declined"
	ActionCancelled = "cancelled"
)

// ended reports whether a status is final.
func ended(status string) bool {
	return status == StatusDone || status == StatusStaffDeclined || status == StatusCancelled
}
