package scenarios

import (
	"context"
	"regexp"
	"sort"
	"time"
)

// Host names one of DexCare's API hosts; a target maps each to a base URL.
type Host string

// DexCare splits its API across hosts.
const (
	ECVAPI    Host = "ecvapi"    // virtual visits, provider booking
	API       Host = "api"       // practices, wait times, guest visits, time slots
	Reporting Host = "reporting" // AVR and APR
)

// Tags a scenario carries.
const (
	ReadOnly = "read-only" // reads only; safe anywhere
	Writes   = "writes"    // creates visits or bookings in the target
	// MockdexOnly marks mockdex's own pages (DexCare serves its pages from
	// web hosts the runner does not target); runners skip it elsewhere.
	MockdexOnly = "mockdex-only"
	// SimulatedStaff marks a scenario that needs the mock's simulated
	// staff to move a visit (a provider picking it up): it runs only on a
	// mockdex whose clock the runner can advance, never on a real tier.
	SimulatedStaff = "simulated-staff"
)

// Auth says which credential a step sends.
type Auth int

// Credentials a step can send; the Bad* forms send a wrong value on purpose.
const (
	NoAuth Auth = iota
	ServiceKey
	APIKey
	Bearer
	BadServiceKey
	BadAPIKey
	BadBearer
)

// Scenario is one documented flow.
type Scenario struct {
	Name        string
	Description string
	Tags        []string
	Steps       []Step
}

// HasTag reports whether the scenario carries tag.
func (s Scenario) HasTag(tag string) bool {
	for _, t := range s.Tags {
		if t == tag {
			return true
		}
	}
	return false
}

// Writes reports whether the scenario creates data in the target.
func (s Scenario) Writes() bool { return s.HasTag(Writes) }

// Step is one HTTP exchange (or a poll or page walk of them).
type Step struct {
	Name   string
	Host   Host
	Method string
	// Path with {var} placeholders, query string included.
	Path string
	Auth Auth
	// As is the patient whose bearer token is sent; default {patientGuid}.
	As      string
	Headers map[string]string
	// Body is sent as JSON after {var} expansion in every string.
	Body any
	// RawBody, when set, is sent verbatim instead of Body (malformed input).
	RawBody *string
	// Capture stores values from the JSON response: var name → JSON pointer.
	Capture map[string]string
	// Set stores values ({var}-expanded) before the step is sent, so later
	// steps can read what this one asked for (a report's window).
	Set    map[string]string
	Expect Expect
	Poll   *Poll
	// Do, when set, replaces the single exchange: it sends the step as
	// often as it needs (with other bodies) through the Session and
	// returns the violations it found. Checks that depend on what the
	// target holds (APR filters, paging) are written this way.
	Do func(ctx context.Context, s *Session) error
	// Sample marks an answer that lists the target's own records (a
	// window of its provider history): its values are the target's data,
	// not the API's words, so the contract runner compares it with the
	// mock's by shape only, as it does a Do step's searches.
	Sample bool
	// Needs names earlier steps that must have passed for this one to
	// mean anything (the CSV needs the poll to reach SUCCEEDED). A step
	// also waits for every {var} it reads; otherwise a failed step does
	// not stop the scenario.
	Needs []string
}

// Expect is what a step's response must show.
type Expect struct {
	Status int
	// OneOf lists accepted statuses where the docs allow several.
	OneOf []int
	// ContentType is a prefix the Content-Type must start with.
	ContentType string
	// JSON maps JSON pointers to wanted values; strings are {var}-expanded.
	JSON map[string]any
	// Present lists JSON pointers that must exist.
	Present []string
	// Check runs last, on the decoded body (nil for a non-JSON answer; the
	// raw exchange is in vars' step, see CheckExchange).
	Check func(body any, vars Vars) error
	// CheckExchange runs last too, on the raw exchange (CSV bodies).
	CheckExchange func(x Exchange, vars Vars) error
	// Rule is the rule id an unmet status, JSON or presence expectation
	// reports (default step-failed).
	Rule string
}

// Poll repeats a step until the value at Pointer is one of Until.
type Poll struct {
	Pointer string
	Until   []string
	// Success is the one value of Until that passes; another ends the
	// step as failed (a report CANCELLED). "": any.
	Success string
	Every   time.Duration // first interval; grows by half each time, to 30s
	// Deadline is how long the job may be watched (Target.PollDeadline
	// overrides it); past it the step fails as job-stuck.
	Deadline time.Duration
	// Moves is the documented state machine as polls can observe it: the
	// statuses that may follow each status. nil: any value; otherwise a
	// value it does not list, or a move it forbids, fails at once.
	Moves map[string][]string
}

// All returns every scenario, sorted by name.
func All() []Scenario {
	var all []Scenario
	all = append(all, reportingScenarios()...)
	all = append(all, virtualCareScenarios()...)
	all = append(all, bookingScenarios()...)
	all = append(all, authScenarios()...)
	sort.Slice(all, func(i, j int) bool { return all[i].Name < all[j].Name })
	return all
}

// Select returns the scenarios whose name matches run (nil: all) and that
// carry one of tags (empty: any).
func Select(run *regexp.Regexp, tags []string) []Scenario {
	var out []Scenario
	for _, s := range All() {
		if run != nil && !run.MatchString(s.Name) {
			continue
		}
		if len(tags) > 0 && !hasAny(s, tags) {
			continue
		}
		out = append(out, s)
	}
	return out
}

func hasAny(s Scenario, tags []string) bool {
	for _, t := range tags {
		if s.HasTag(t) {
			return true
		}
	}
	return false
}
