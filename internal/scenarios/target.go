package scenarios

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// Doer sends one request; *http.Client is one.
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// Target is where a scenario runs.
type Target struct {
	// Base maps each host to its base URL (scheme://host[:port], no slash).
	Base map[Host]string
	// Client sends the requests; the contract runner wraps it with rate
	// limits, retries and correlation ids.
	Client Doer
	// Header is sent on every request (a shared mockdex's
	// X-Mockdex-Namespace), and kept with each exchange, so a reproduce
	// line sends it too. Never a credential: Creds carry those.
	Header http.Header
	Creds  Credentials
	// Advance, when set, moves the target's clock instead of sleeping
	// while a step polls (a mockdex with a manual clock).
	Advance func(ctx context.Context, d time.Duration) error
	// Now is the target's time, for date windows; nil: time.Now.
	Now func() time.Time
	// Vars override Defaults (identities that exist in the target).
	Vars Vars
	// PollDeadline, when set, replaces every poll step's own deadline.
	PollDeadline time.Duration
	// Inspect, when set, judges each poll answer as it arrives (the
	// contract runner validates it against the spec); an error fails the
	// step at once instead of waiting out the deadline.
	Inspect func(Exchange) error
}

// ErrNoCredential is what a Bearer function returns (wrapped) when it has
// no token for a patient: the step is skipped, not failed, since a
// missing optional token is configuration, not drift.
var ErrNoCredential = errors.New("no credential for this step")

// The environment variables that hold each credential; reproduce lines
// name them instead of the secrets.
const (
	EnvServiceKey = "DEXCARE_SERVICE_KEY"
	EnvAPIKey     = "DEXCARE_API_KEY"
	EnvJWT        = "DEXCARE_JWT"
	EnvOtherJWT   = "DEXCARE_OTHER_JWT"
	EnvEHRJWT     = "DEXCARE_EHR_JWT"
)

// TokenEnv maps the patient a bearer token is for (the var a step's As
// names) to the variable holding the token.
var TokenEnv = map[string]string{"patientGuid": EnvJWT, "otherPatientGuid": EnvOtherJWT, "ehrPatientGuid": EnvEHRJWT}

// VarEnv maps the identity vars a target overrides to their environment
// variables.
var VarEnv = map[string]string{
	"patientGuid": "DEXCARE_PATIENT_GUID", "otherPatientGuid": "DEXCARE_OTHER_PATIENT_GUID",
	"ehrPatientGuid": "DEXCARE_EHR_PATIENT_GUID", "ehrIdentifier": "DEXCARE_EHR_IDENTIFIER",
	"ehrIdentifierType": "DEXCARE_EHR_IDENTIFIER_TYPE", "homeEhr": "DEXCARE_HOME_EHR",
	"practiceId": "DEXCARE_PRACTICE_ID", "regionCode": "DEXCARE_REGION_CODE", "brand": "DEXCARE_BRAND", "npi": "DEXCARE_NPI",
	"postalCode": "DEXCARE_POSTAL_CODE",
}

// Credentials for the three DexCare auth styles.
type Credentials struct {
	ServiceKey string // reporting: "Authorization: dc-token KEY"
	APIKey     string // server-to-server: x-api-key
	// Bearer returns a patient's JWT.
	Bearer func(patientGUID string) (string, error)
}

func (t Target) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}

// pollDeadline is how long a poll step may watch its job.
func (t Target) pollDeadline(p *Poll) time.Duration {
	if t.PollDeadline > 0 {
		return t.PollDeadline
	}
	return p.Deadline
}

// wait lets d pass on the target: its clock moves, or we sleep.
func (t Target) wait(ctx context.Context, d time.Duration) error {
	if t.Advance != nil {
		return t.Advance(ctx, d)
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// Exchange is one request and its answer, kept for validation and diffs.
type Exchange struct {
	Step       string
	Attempt    int // poll or page number, from 1
	Method     string
	URL        string
	Header     http.Header // request headers as sent (credentials included: redact before output)
	Body       []byte      // request body
	Status     int
	RespHeader http.Header
	RespBody   []byte
	Duration   time.Duration
	Err        error // transport failure
	// Retries are the answers the client tried again after (a 503, a
	// 429): the answer above is the last try's.
	Retries []Retry
	// Auth is the credential style the step sent, and Credential the
	// environment variable that holds it (EnvJWT, EnvOtherJWT...); ""
	// for none or a deliberately wrong one, which is shown as it was.
	Auth       Auth
	Credential string
}

// Result is one scenario's run.
type Result struct {
	Scenario string
	Steps    []StepResult
	// NotImplemented is the operationId a mockdex answered 501 for; the
	// scenario stopped there.
	NotImplemented string
}

// StepResult is one step: every exchange it made and whether it held.
type StepResult struct {
	Name      string
	Exchanges []Exchange
	Err       error // assertion or transport failure (Violations for behaviour checks)
	NotRun    bool  // it depends on a step that failed, or the run's deadline passed
	// Blocked says why a step did not run (NotRun).
	Blocked string
	// Skipped says why the step did not run (a credential not configured).
	Skipped string
}

// Failed reports whether any step failed.
func (r Result) Failed() bool {
	for _, s := range r.Steps {
		if s.Err != nil {
			return true
		}
	}
	return false
}
