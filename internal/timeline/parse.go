package timeline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/apierr"
	"github.com/mockdex/mockdex/internal/faults"
	"github.com/mockdex/mockdex/internal/fixturefile"
)

// Bounds on a timeline.
const (
	// MaxEvents is the most events one timeline holds.
	MaxEvents = 500
	// MaxBytes is the largest timeline JSON read (the --timeline file).
	MaxBytes = 1 << 20
	// MaxRetryAfter bounds a report-fails event's retryAfter.
	MaxRetryAfter = time.Hour
)

// idPattern is what an event's id must match.
var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$`)

// invalid is a refusal naming the field.
func invalid(field, format string, args ...any) error {
	return apierr.InvalidField(field, "%s: %s", field, fmt.Sprintf(format, args...))
}

// Parse reads a timeline: {"start": RFC 3339 (optional), "events": [...]}.
// ops are the spec's operations, which counts and outages name. A
// refusal is an *apierr.Error of kind Invalid naming the field
// ("events[2].region"). Relative times stay relative until Resolve.
func Parse(data []byte, ops []faults.Operation) (*Timeline, error) {
	if len(data) > MaxBytes {
		return nil, invalid("timeline", "is over %d bytes", MaxBytes)
	}
	var f fileJSON
	if err := strict(data, &f); err != nil {
		return nil, invalid("timeline", `must be {"start": RFC 3339 (optional), "events": [...]}: %v`, err)
	}
	var start time.Time
	if f.Start != "" {
		var err error
		if start, err = time.Parse(time.RFC3339, f.Start); err != nil {
			return nil, invalid("start", "must be an RFC 3339 time such as 2024-06-03T09:00:00-07:00")
		}
	}
	return build(f.Events, start, ops)
}

// build reads the events of a timeline starting at start (zero: not yet
// known).
func build(events []json.RawMessage, start time.Time, ops []faults.Operation) (*Timeline, error) {
	if len(events) > MaxEvents {
		return nil, invalid("events", "holds %d events; a timeline holds at most %d", len(events), MaxEvents)
	}
	t := &Timeline{Start: start, Events: make([]Event, 0, len(events))}
	seen := map[string]bool{}
	for i, raw := range events {
		at := fmt.Sprintf("events[%d]", i)
		e, err := parseEvent(raw, at, ops)
		if err != nil {
			return nil, err
		}
		if e.ID == "" {
			e.ID = fmt.Sprintf("t%d", i+1)
		}
		if e.Fault != nil {
			e.Fault.ID = e.ID // the journal and x-mockdex-fault name the event
		}
		if seen[e.ID] {
			return nil, invalid(at+".id", "%q is the id of an earlier event", e.ID)
		}
		seen[e.ID] = true
		t.Events = append(t.Events, e)
	}
	return t, nil
}

// ParseEvents reads a JSON array of events (a state document's
// "timeline.events"), counting relative times from start.
func ParseEvents(events json.RawMessage, start time.Time, ops []faults.Operation) (*Timeline, error) {
	var list []json.RawMessage
	if err := strict(events, &list); err != nil {
		return nil, invalid("events", "must be a JSON array of events: %v", err)
	}
	return build(list, start, ops)
}

// strict decodes one JSON object, refusing fields into does not have.
func strict(data []byte, into any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(into); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("more than one JSON value")
	}
	return nil
}

func parseEvent(raw json.RawMessage, at string, ops []faults.Operation) (Event, error) {
	var w eventJSON
	if err := strict(raw, &w); err != nil {
		if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return Event{}, invalid(at, "unknown field %s: an event's fields are %s", name, strings.Join(fieldNames(), ", "))
		}
		return Event{}, invalid(at, "must be an event object: %v", err)
	}
	e := Event{ID: w.ID, Kind: w.Kind, written: w}
	if e.ID != "" && !idPattern.MatchString(e.ID) {
		return Event{}, invalid(at+".id", "must be 1 to 63 letters, digits, '.', '_' or '-'")
	}
	if err := checkFields(w, at); err != nil {
		return Event{}, err
	}
	for _, step := range []func(*Event, eventJSON, string, []faults.Operation) error{whenOf, whereOf, slotOf, faultOf} {
		if err := step(&e, w, at, ops); err != nil {
			return Event{}, err
		}
	}
	return e, nil
}

// kindFields are the fields each kind takes besides id, kind, at, after,
// and (for windows and ehr-takes-slot) for and until.
var kindFields = map[Kind][]string{
	RegionHours:      {"practiceId", "region", "hours"},
	RegionCloses:     {"practiceId", "region"},
	OnCallLost:       {"practiceId", "region", "modality", "qualifier"},
	QueueBusy:        {"practiceId", "region", "capacity"},
	ProviderDeclines: {"practiceId", "region", "modality", "qualifier", "visitId", "limit"},
	StaffCancels:     {"practiceId", "region", "modality", "qualifier", "visitId", "limit"},
	EHRTakesSlot:     {"npi", "departmentId", "start"},
	EHRReleasesSlot:  {"npi", "departmentId", "start"},
	ReportFails:      {"reportId", "reportType", "retryAfter", "limit"},
	Outage:           {"host", "operationId", "fault"},
	Latency:          {"host", "operationId", "delay"},
}

// required are the fields a kind cannot do without.
var required = map[Kind][]string{
	RegionHours:  {"region", "hours"},
	RegionCloses: {"region"},
	OnCallLost:   {"qualifier"},
	QueueBusy:    {"region", "capacity"},
	EHRTakesSlot: {"departmentId", "start"}, EHRReleasesSlot: {"departmentId", "start"},
	Latency: {"delay"},
}

// Kinds lists the kinds of event, in the order the docs give them.
func Kinds() []Kind {
	return []Kind{RegionHours, RegionCloses, OnCallLost, QueueBusy, ProviderDeclines, StaffCancels,
		EHRTakesSlot, EHRReleasesSlot, ReportFails, Outage, Latency}
}

// checkFields refuses an unknown kind, a field the kind has no use for
// and a missing one it needs.
func checkFields(w eventJSON, at string) error {
	allowed, ok := kindFields[w.Kind]
	if !ok {
		names := make([]string, 0, len(kindFields))
		for _, k := range Kinds() {
			names = append(names, string(k))
		}
		return invalid(at+".kind", "%q is not a kind of event: %s", clip(string(w.Kind)), strings.Join(names, ", "))
	}
	set := setFields(w)
	always := []string{"id", "kind", "at", "after"}
	if w.Kind.Window() || w.Kind == EHRTakesSlot {
		always = append(always, "for", "until")
	}
	for _, name := range set {
		if !slices.Contains(always, name) && !slices.Contains(allowed, name) {
			return invalid(at+"."+name, "has no use in a %s event, whose fields are %s", w.Kind, strings.Join(append(always, allowed...), ", "))
		}
	}
	for _, name := range required[w.Kind] {
		if !slices.Contains(set, name) {
			return invalid(at+"."+name, "is required in a %s event", w.Kind)
		}
	}
	if (w.Kind == Outage || w.Kind == Latency) && w.Host == "" && w.OperationID == "" {
		return invalid(at+".host", "an %s needs a 'host' (api, ecvapi, reporting, web) or an 'operationId'", w.Kind)
	}
	return nil
}

// setFields names the fields w has a value for.
func setFields(w eventJSON) []string {
	v, t := reflect.ValueOf(w), reflect.TypeOf(w)
	var out []string
	for i := range t.NumField() {
		if !v.Field(i).IsZero() {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			out = append(out, name)
		}
	}
	return out
}

func fieldNames() []string {
	t := reflect.TypeFor[eventJSON]()
	out := make([]string, t.NumField())
	for i := range out {
		out[i], _, _ = strings.Cut(t.Field(i).Tag.Get("json"), ",")
	}
	return out
}

// whenOf reads at or after, and for or until.
func whenOf(e *Event, w eventJSON, at string, ops []faults.Operation) error {
	switch {
	case (w.At == "") == (w.After == nil):
		return invalid(at, "needs exactly one of 'at' (an RFC 3339 time, or +duration from the timeline's start) and 'after' ({\"operationId\": ..., \"count\": N})")
	case w.After != nil:
		if w.After.Count < 1 || !hasOperation(ops, w.After.OperationID) {
			return invalid(at+".after", "must be {\"operationId\": an operation of the spec, \"count\": 1 or more}")
		}
		e.After = w.After
	default:
		var err error
		if e.At, e.rel.at, err = instant(w.At, at+".at"); err != nil {
			return err
		}
	}
	if w.For != "" && w.Until != "" {
		return invalid(at+".for", "give 'for' or 'until', not both")
	}
	if w.For != "" {
		d, err := time.ParseDuration(w.For)
		if err != nil || d <= 0 {
			return invalid(at+".for", "must be a positive Go duration such as 15m or 2h")
		}
		e.For = d
	}
	if w.Until != "" {
		var err error
		if e.Until, e.rel.until, err = instant(w.Until, at+".until"); err != nil {
			return err
		}
	}
	return nil
}

// instant reads an RFC 3339 time, or "+duration" from the start.
func instant(s, field string) (time.Time, *time.Duration, error) {
	if rest, ok := strings.CutPrefix(s, "+"); ok {
		d, err := time.ParseDuration(rest)
		if err != nil || d < 0 {
			return time.Time{}, nil, invalid(field, "must be an RFC 3339 time or +duration from the timeline's start (+8h, +90m)")
		}
		return time.Time{}, &d, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, nil, invalid(field, "must be an RFC 3339 time (2024-06-03T17:00:00-07:00) or +duration from the timeline's start")
	}
	return t, nil, nil
}

func hasOperation(ops []faults.Operation, id string) bool {
	for _, op := range ops {
		if op.ID == id {
			return true
		}
	}
	return false
}

// whereOf reads the fields that say what the event applies to.
func whereOf(e *Event, w eventJSON, at string, _ []faults.Operation) error {
	e.PracticeID, e.Region, e.Modality, e.Qualifier = w.PracticeID, w.Region, w.Modality, w.Qualifier
	e.VisitID, e.ReportID, e.ReportType, e.Limit = w.VisitID, w.ReportID, w.ReportType, w.Limit
	if w.Hours != "" {
		open, closing, err := fixturefile.ParseHours(w.Hours)
		if err != nil {
			return invalid(at+".hours", "must be 24x7 or HH:MM-HH:MM, opening before closing")
		}
		e.Hours, e.OpenMin, e.CloseMin = w.Hours, open, closing
	}
	if w.Capacity != nil {
		if *w.Capacity < 0 {
			return invalid(at+".capacity", "must not be negative")
		}
		e.Capacity = *w.Capacity
	}
	if w.Limit < 0 {
		return invalid(at+".limit", "must not be negative (0: all)")
	}
	if w.ReportType != "" && !slices.Contains([]string{"virtual", "retail", "provider_booking"}, w.ReportType) {
		return invalid(at+".reportType", "must be virtual, retail or provider_booking")
	}
	if w.Kind == ReportFails {
		e.RetryAfter = 5 * time.Second
	}
	if w.RetryAfter != "" {
		d, err := time.ParseDuration(w.RetryAfter)
		if err != nil || d <= 0 || d > MaxRetryAfter {
			return invalid(at+".retryAfter", "must be a Go duration above 0 and at most %s", MaxRetryAfter)
		}
		e.RetryAfter = d
	}
	return nil
}

func slotOf(e *Event, w eventJSON, at string, _ []faults.Operation) error {
	e.NPI, e.DepartmentID = w.NPI, w.DepartmentID
	if w.Start == "" {
		return nil
	}
	var err error
	e.SlotStart, e.rel.slot, err = instant(w.Start, at+".start")
	return err
}

// faultOf builds an outage's or a latency window's fault: the event's
// host or operationId, and what its calls meet (an outage's fault,
// {"status": 503} unless given; a latency's delay).
func faultOf(e *Event, w eventJSON, at string, ops []faults.Operation) error {
	if w.Kind != Outage && w.Kind != Latency {
		return nil
	}
	spec := map[string]json.RawMessage{}
	switch {
	case w.Kind == Latency:
		spec["delay"] = w.Delay
	case len(w.Fault) > 0:
		if err := json.Unmarshal(w.Fault, &spec); err != nil {
			return invalid(at+".fault", "must be a fault object as POST /_mockdex/faults takes it")
		}
	default:
		spec["status"] = json.RawMessage("503")
	}
	if _, ok := spec["times"]; ok {
		return invalid(at+".fault.times", "has no use in a window: it holds for the window's time")
	}
	for name, v := range map[string]string{"host": w.Host, "operationId": w.OperationID} {
		if v != "" {
			spec[name], _ = json.Marshal(v)
		}
	}
	data, _ := json.Marshal(spec)
	f, err := faults.Parse(data, ops)
	if err != nil {
		return invalid(at+".fault", "%s", err.Error())
	}
	e.Fault = &f
	return nil
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
