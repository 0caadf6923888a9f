package fixturefile

// Settings are the knobs of the queue and report models (settings.json).
type Settings struct {
	MeanHandleSeconds       int    `json:"meanHandleSeconds"`
	VisitLengthSeconds      int    `json:"visitLengthSeconds"`
	WaitingRoomAfterSeconds int    `json:"waitingRoomAfterSeconds"`
	BusyMessage             string `json:"busyMessage"`
	Report                  struct {
		QueuedSeconds     int `json:"queuedSeconds"`
		RunningSeconds    int `json:"runningSeconds"`
		DefaultWindowDays int `json:"defaultWindowDays"`
	} `json:"report"`
	APR struct {
		DefaultLimit int `json:"defaultLimit"`
	} `json:"apr"`
	History struct {
		VisitsPerDay   int `json:"visitsPerDay"`
		BookingsPerDay int `json:"bookingsPerDay"`
		RetailPerDay   int `json:"retailPerDay"`
	} `json:"history"`
}
