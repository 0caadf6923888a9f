package fakes

import "github.com/mockdex/mockdex/internal/apierr"

// Bounds of a world, so a long-lived shared mock cannot be grown without
// limit by requests. Everything else a request adds (events, guest
// patients, taken slots, interned values) comes with a visit, so the
// visit cap bounds it too.
const (
	// DefaultMaxVisits is how many visits a world holds, generated history
	// included; creating one more is refused (apierr.Full, HTTP 507) until
	// a reset. At about 0.5 KB a visit it bounds a world's visits to some
	// 25 MB of heap.
	DefaultMaxVisits = 50_000
	// DefaultMaxReports is how many finished report jobs a world keeps
	// (the newest); older ones are evicted and answer 404. As many jobs may
	// be unfinished at once; one more is refused (apierr.Full).
	DefaultMaxReports = 1_000
)

// limit resolves an Options bound: 0 is the default, negative none.
func limit(n, def int) int {
	switch {
	case n == 0:
		return def
	case n < 0:
		return 0
	}
	return n
}

func visitLimitError(n int) error {
	return apierr.New(apierr.Full,
		"This mock holds its limit of %d visits (--max-visits); reset it (POST /_mockdex/reset) or use another namespace (X-Mockdex-Namespace) to make room", n).
		WithCode("VISIT_LIMIT_REACHED")
}

func reportLimitError(n int) error {
	return apierr.New(apierr.Full,
		"This mock already runs its limit of %d unfinished report jobs; move the clock on so they finish, or reset it (POST /_mockdex/reset)", n)
}
