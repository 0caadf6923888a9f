package server

import (
	"time"

	"github.com/mockdex/mockdex/internal/apierr"
)

// reportingLayouts are the instant forms the reporting docs use
// (2022-04-13T15:00:00+0000, ...Z, 2023-10-12T07:00:00.000Z) and the
// colon-offset and minutes-only variants the spec's pattern admits. A
// fractional second after the seconds is accepted by every layout.
var reportingLayouts = []string{
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04Z0700",
	"2006-01-02T15:04Z07:00",
}

// parseInstant reads one of the docs' instant forms.
func parseInstant(field, s string) (time.Time, error) {
	for _, layout := range reportingLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, apierr.InvalidField(field, "'%s' must be an ISO 8601 date such as 2022-04-13T15:00:00+0000", field)
}

// parseRange reads startDate and endDate and refuses an end before the start.
func parseRange(start, end string) (time.Time, time.Time, error) {
	from, err := parseInstant("startDate", start)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	to, err := parseInstant("endDate", end)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	if to.Before(from) {
		return time.Time{}, time.Time{}, apierr.InvalidField("endDate", "'endDate' must not be before 'startDate'")
	}
	return from, to, nil
}
