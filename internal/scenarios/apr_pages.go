package scenarios

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// Paging bounds: pages of pageLimit, at most maxPages of them, so a busy
// tier is never crawled; the window is narrowed until it fits.
const (
	pageLimit = 7
	maxPages  = 40
)

// walkPages finds a window of a few pages' worth of records, walks it a
// page at a time, and then reads it in one page: the pages must not
// repeat a record (page-overlap), must together hold every record of the
// single page (page-gap), and must reach as many records as count says
// (count-mismatch). Only the first of these is reported, as the others
// follow from it.
func walkPages(_ context.Context, s *Session) error {
	from, to, err := s.pageWindow()
	if err != nil {
		return err
	}
	win := map[string]any{"startDate": from, "endDate": to}
	seen, count, overlapAt := []string{}, -1, 0
	for offset := 0; (count < 0 || offset < count) && offset < (maxPages+5)*pageLimit; offset += pageLimit {
		c, rs, err := s.page(win, pageLimit, offset)
		if err != nil {
			return err
		}
		if count >= 0 && c != count {
			return Violations{{Rule: RuleCountMismatch, Pointer: "/count", Attempt: s.Attempt(), Expected: fmt.Sprint(count), Seen: fmt.Sprint(c),
				Message: "count changed from one page to the next over the same window"}}
		}
		count = c
		for _, id := range ids(rs) {
			if slices.Contains(seen, id) && overlapAt == 0 {
				overlapAt = s.Attempt()
			}
			seen = append(seen, id)
		}
		if len(rs) == 0 {
			break
		}
	}
	if count == 0 {
		return Violations{inconclusive("the window holds no records, so paging cannot be proven", s.Attempt())}
	}
	return s.judgePages(win, seen, count, overlapAt)
}

func (s *Session) judgePages(win map[string]any, seen []string, count, overlapAt int) error {
	if overlapAt > 0 {
		return Violations{{Rule: RulePageOverlap, Pointer: "/data/*/id", Attempt: overlapAt, Expected: "each record on one page", Seen: "a record on two pages",
			Message: fmt.Sprintf("pages of %d repeat a record of an earlier page", pageLimit)}}
	}
	if _, beyond, err := s.page(win, pageLimit, count); err != nil {
		return err
	} else if len(beyond) > 0 {
		return Violations{{Rule: RuleCountMismatch, Pointer: "/count", Attempt: s.Attempt(), Expected: "no record past offset count",
			Seen: fmt.Sprintf("%d more", len(beyond)), Message: "records remain after offset reaches count: count is too small"}}
	}
	_, all, err := s.page(win, min(count, 1000), 0)
	if err != nil {
		return err
	}
	missing := 0
	for _, id := range ids(all) {
		if !slices.Contains(seen, id) {
			missing++
		}
	}
	if missing > 0 {
		return Violations{{Rule: RulePageGap, Pointer: "/data", Attempt: s.Attempt(), Expected: "every record of the window on some page",
			Seen: fmt.Sprintf("%d records on no page", missing), Message: fmt.Sprintf("paging by %d skips records the window holds", pageLimit)}}
	}
	if len(seen) != count {
		return Violations{{Rule: RuleCountMismatch, Pointer: "/count", Attempt: s.Attempt(), Expected: fmt.Sprintf("%d (records reached by paging)", len(seen)),
			Seen: fmt.Sprint(count), Message: "count differs from the number of records paging reaches"}}
	}
	return nil
}

func (s *Session) page(win map[string]any, limit, offset int) (int, []record, error) {
	over := map[string]any{"limit": limit, "offset": offset}
	for k, v := range win {
		over[k] = v
	}
	body, err := s.Send(over)
	if err != nil {
		return 0, nil, err
	}
	return aprPage(body)
}

// pageWindow picks a window ending now with between two and maxPages
// pages of records: from six hours, widened to at most two weeks when
// sparse, narrowed in proportion when busy.
func (s *Session) pageWindow() (string, string, error) {
	end, err := time.Parse(time.RFC3339, s.Vars()["now"])
	if err != nil {
		return "", "", err
	}
	length := 6 * time.Hour
	for range 6 {
		from := end.Add(-length).Format(time.RFC3339)
		c, _, err := s.page(map[string]any{"startDate": from, "endDate": end.Format(time.RFC3339)}, 1, 0)
		switch {
		case err != nil:
			return "", "", err
		case c < 2*pageLimit && length < 14*24*time.Hour:
			length = min(4*length, 14*24*time.Hour)
		case c > maxPages*pageLimit:
			length = max(time.Minute, length*time.Duration(maxPages*pageLimit/2)/time.Duration(c))
		default:
			return from, end.Format(time.RFC3339), nil
		}
	}
	return end.Add(-length).Format(time.RFC3339), end.Format(time.RFC3339), nil
}

// offsetMoves reads six records from offset 0 and six from offset 3: the
// second page must start at the first's fourth record.
func offsetMoves(_ context.Context, s *Session) error {
	_, a, err := s.page(nil, 6, 0)
	if err != nil {
		return err
	}
	if len(a) < 6 {
		return Violations{inconclusive("the window holds fewer than six records, so offset cannot be proven", s.Attempt())}
	}
	_, b, err := s.page(nil, 6, 3)
	if err != nil {
		return err
	}
	if len(b) >= 3 && slices.Equal(ids(b)[:3], ids(a)[3:6]) {
		return nil
	}
	return Violations{{Rule: RuleOffsetIgnored, Pointer: "/data", Attempt: s.Attempt(), Expected: "offset 3 starts at the 4th record of offset 0",
		Seen: "another record", Message: "offset does not move the window by that many records"}}
}
