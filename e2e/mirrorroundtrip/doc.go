// Package mirrorroundtrip runs docs/mirror.md's no-tier round trip, the
// documented commands themselves: a mockdex stands in for a tier,
// `contract mirror` reads it, a second mockdex serves what it wrote, and
// `contract run --fixtures` compares the tier with mocks of the mirrored
// world, which must give no finding at all (issue 19, item 8).
package mirrorroundtrip
