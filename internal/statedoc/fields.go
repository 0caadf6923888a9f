package statedoc

import (
	"math"
	"regexp"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	_ "time/tzdata" // a visit's time zone must resolve on minimal images, as the API's do
)

// What the API lets a request store, so an import holds a document to the
// same rules: the values of the spec's enums, the shape of its ids, and
// the lengths of the text it keeps (docs/limits.md lists them).
var (
	// visitStatuses are the statuses a visit's timeline may hold: the
	// virtual visit summary's and a booking's.
	visitStatuses = set("requested", "waitingroom", "invisit", "done", "staffdeclined", "cancelled", "scheduled")
	// eventActions are the provider events the All Providers Report knows.
	eventActions = set("assigned", "started", "completed", "declined", "cancelled", "booked")
	modalities   = set("virtual", "phone", "in-person")
	payments     = set("", "couponcode", "creditcard", "external-self-pay", "insurance", "self")
	declarations = set("", "self", "other")
)

// Text lengths, in characters as the spec's maxLength counts them.
const (
	maxReason    = 500 // visitReason
	maxName      = 100 // a first, last or provider name, a brand, a home market, a relation
	maxEmail     = 320
	maxPhone     = 30
	maxText      = 256 // any other text a request stores: an EHR name, an assessment tool, TokBox fields
	maxAddress   = 10  // keys of a patient's address
	maxQualifier = 50  // qualifiers of one visit (the spec's maxItems)
)

func set(values ...string) map[string]bool {
	m := make(map[string]bool, len(values))
	for _, v := range values {
		m[v] = true
	}
	return m
}

// Shapes of ids, compiled at first use.
var (
	// tokenRE is an id: a visit's, a report's, an EHR's (a department, a
	// visit type): letters, digits, '.', '_' and '-', never a path.
	tokenRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$`) })
	npiRE   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9]{10}$`) })
	// qualifierRE is a qualifier's shape; which ones exist is the
	// fixtures' catalog, checked by the world.
	qualifierRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z][a-z0-9_-]{0,63}$`) })
	regionRE    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Z]{2}$`) })
	birthRE     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`) })
	sessionRE   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9_.~-]{1,256}$`) })
)

// fieldCheck gathers the first problem of a list of checks on one value.
type fieldCheck struct {
	at  func(string) string // names a field of the value
	err error
}

func (f *fieldCheck) fail(field, format string, args ...any) {
	if f.err == nil {
		f.err = Invalid(f.at(field), format, args...)
	}
}

// id: an id (a visit's, a patient's, a provider's: UUIDs when the API
// makes them): letters, digits, '.', '_' and '-', never a path; ""
// passes when optional.
func (f *fieldCheck) id(field, v string, optional bool) {
	if (v != "" || !optional) && !tokenRE().MatchString(v) {
		f.fail(field, "is %s, want an id: letters, digits, '.', '_' or '-' (at most 128), starting with a letter or digit", quoteShort(v))
	}
}

// token: an EHR id; "" passes.
func (f *fieldCheck) token(field, v string) {
	if v != "" && !tokenRE().MatchString(v) {
		f.fail(field, "is %s, want letters, digits, '.', '_' or '-' (at most 128)", quoteShort(v))
	}
}

// oneOf: v is one of the spec's values.
func (f *fieldCheck) oneOf(field, v string, allowed map[string]bool) {
	if !allowed[v] {
		f.fail(field, "is %s, not a value the API takes", quoteShort(v))
	}
}

// text: at most n characters of valid UTF-8.
func (f *fieldCheck) text(field, v string, n int) {
	switch {
	case len(v) <= n && utf8.ValidString(v): // the common case, counted in bytes
	case !utf8.ValidString(v):
		f.fail(field, "is not valid UTF-8")
	case utf8.RuneCountInString(v) > n:
		f.fail(field, "is %d characters long; the API keeps at most %d", utf8.RuneCountInString(v), n)
	}
}

// pattern: "" or a match of re.
func (f *fieldCheck) pattern(field, v string, re *regexp.Regexp, want string) {
	if v != "" && !re.MatchString(v) {
		f.fail(field, "is %s, want %s", quoteShort(v), want)
	}
}

// zone: "" or an IANA time zone (never the host's "Local").
func (f *fieldCheck) zone(field, v string) {
	if v == "" {
		return
	}
	if _, err := time.LoadLocation(v); err != nil || v == "Local" || len(v) > 64 {
		f.fail(field, "is %s, not an IANA time zone", quoteShort(v))
	}
}

// finite: a number JSON can carry.
func (f *fieldCheck) finite(field string, v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		f.fail(field, "is not a finite number")
	}
}

// quoteShort quotes v for a refusal, cut to a few dozen bytes: a refusal
// names the field, it never echoes a megabyte of it.
func quoteShort(v string) string {
	const most = 40
	if len(v) <= most {
		return strconv.Quote(v)
	}
	cut := most
	for cut > 0 && !utf8.RuneStart(v[cut]) {
		cut--
	}
	return strconv.Quote(v[:cut]) + "…"
}
