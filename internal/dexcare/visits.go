package dexcare

// VisitCreated answers POST /api/9/visits.
type VisitCreated struct {
	VisitID     string `json:"visitId"`
	PatientGUID string `json:"patientGuid"`
	// PracticeID: the docs' answer has it; the published schema allows it.
	PracticeID       string `json:"practiceId,omitempty"`
	VisitRedirectURL string `json:"visitRedirectUrl"`
	TokBoxVisit      TokBox `json:"tokBoxVisit"`
}

// TokBox is a visit's TokBox sessions.
type TokBox struct {
	APIKey             string        `json:"apiKey,omitempty"`
	WaitingRoomSession TokBoxSession `json:"waitingRoomSession"`
	VideoSession       TokBoxSession `json:"videoConferenceSession"`
}

// TokBoxSession is one TokBox session.
type TokBoxSession struct {
	SessionID string `json:"sessionId"`
}

// VisitSummary is a visit as its owner sees it (GET /api/9/visits/{visitId}/summary).
type VisitSummary struct {
	VisitID              string   `json:"visitId"`
	UserID               string   `json:"userId,omitempty"`
	PatientGUID          string   `json:"patientGuid"`
	Status               string   `json:"status"`
	Type                 string   `json:"type"`
	Modality             string   `json:"modality"`
	AssignmentQualifiers []string `json:"assignmentQualifiers"`
	IsHighPriority       bool     `json:"isHighPriority"`
	StateLicensure       string   `json:"stateLicensure"`
	PracticeID           string   `json:"practiceId"`
	// ProviderID is absent until a provider is assigned: the spec forbids null.
	ProviderID         string            `json:"providerId,omitempty"`
	HomeMarket         string            `json:"homeMarket"`
	AssessmentToolUsed string            `json:"assessmentToolUsed,omitempty"`
	Integrations       Integrations      `json:"integrations"`
	TokBoxVisit        TokBox            `json:"tokBoxVisit"`
	AcceptTerms        bool              `json:"acceptTerms"`
	Timestamps         map[string]string `json:"timestamps"`
	Brand              string            `json:"brand,omitempty"`
	DeviceModel        string            `json:"deviceModel"`
}

// Integrations are a visit's integrations.
type Integrations struct {
	TytoCare struct {
		Enabled bool `json:"enabled"`
	} `json:"tytoCare"`
}

// VisitWaitTime is a queued visit's current estimate.
type VisitWaitTime struct {
	EstimatedWaitTimeSeconds int     `json:"estimatedWaitTimeSeconds"`
	EstimateGeneratedAt      string  `json:"estimateGeneratedAt"`
	EstimatedWaitTimeMessage *string `json:"estimatedWaitTimeMessage"`
}

// GuestVisitCreated answers a queued guest visit.
type GuestVisitCreated struct {
	VisitID          string `json:"visitId"`
	VisitRedirectURL string `json:"visitRedirectUrl"`
}

// ProviderHistories is a page of the All Providers Report.
type ProviderHistories struct {
	Count int               `json:"count"`
	Data  []ProviderHistory `json:"data"`
}

// ProviderHistory is one record of the All Providers Report.
type ProviderHistory struct {
	ID                   string `json:"id"`
	Timestamp            string `json:"timestamp"`
	Action               string `json:"action"`
	VisitID              string `json:"visitId"`
	ProviderID           string `json:"providerId,omitempty"`
	ProviderEmailAddress string `json:"providerEmailAddress,omitempty"`
	ProviderName         string `json:"providerName,omitempty"`
	ProviderFirstName    string `json:"providerFirstName,omitempty"`
	ProviderLastName     string `json:"providerLastName,omitempty"`
	ProviderCredentials  string `json:"providerCredentials,omitempty"`
	ActorID              string `json:"actorId,omitempty"`
	ActorEmail           string `json:"actorEmail,omitempty"`
	ActorFirstName       string `json:"actorFirstName,omitempty"`
	ActorLastName        string `json:"actorLastName,omitempty"`
}
