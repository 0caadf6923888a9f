package fakes

import (
	"fmt"
	"strings"

	"github.com/mockdex/mockdex/internal/apierr"
	"github.com/mockdex/mockdex/internal/timeline"
)

// checkTimeline refuses a timeline naming what the fixtures do not have:
// a practice, a region, a qualifier or modality, a department, a
// provider, a slot off the schedule. The refusal names the field.
func (w *World) checkTimeline(tl *timeline.Timeline) error {
	for i := range tl.Events {
		if err := w.Fixtures.checkEvent(&tl.Events[i], fmt.Sprintf("events[%d]", i)); err != nil {
			return err
		}
	}
	return nil
}

// SetTimeline gives every world the template makes from now on tl (nil:
// none), checked against the fixtures: a mock's --timeline. Set it before
// the first world is made.
func (t *Template) SetTimeline(tl *timeline.Timeline) error {
	if tl != nil {
		for i := range tl.Events {
			if err := t.opts.Fixtures.checkEvent(&tl.Events[i], fmt.Sprintf("events[%d]", i)); err != nil {
				return err
			}
		}
	}
	t.opts.Timeline = tl
	return nil
}

func timelineInvalid(field, format string, args ...any) error {
	return apierr.InvalidField(field, "%s: %s", field, fmt.Sprintf(format, args...))
}

func (f *Fixtures) checkEvent(e *timeline.Event, at string) error {
	if err := f.checkRegion(e, at); err != nil {
		return err
	}
	for _, c := range []struct {
		field, value string
		catalog      []CatalogEntry
	}{{"qualifier", e.Qualifier, f.Qualifiers}, {"modality", e.Modality, f.Modalities}} {
		if c.value != "" && !inCatalog(c.catalog, c.value) {
			return timelineInvalid(at+"."+c.field, "%q is not in the fixtures' catalog", clipText(c.value))
		}
	}
	if e.DepartmentID != "" {
		return f.checkSlot(e, at)
	}
	return nil
}

// checkRegion refuses a practice or region the fixtures do not have.
func (f *Fixtures) checkRegion(e *timeline.Event, at string) error {
	if e.PracticeID != "" {
		p, ok := f.Practice(e.PracticeID)
		if !ok {
			return timelineInvalid(at+".practiceId", "is not a practice of the fixtures")
		}
		if _, ok := p.RegionByCode(e.Region); e.Region != "" && !ok {
			return timelineInvalid(at+".region", "%q is not a region of practice %s", clipText(e.Region), p.ID)
		}
		return nil
	}
	if e.Region == "" {
		return nil
	}
	for _, p := range f.Practices {
		if _, ok := p.RegionByCode(e.Region); ok {
			return nil
		}
	}
	return timelineInvalid(at+".region", "%q is not a region of any practice of the fixtures", clipText(e.Region))
}

// checkSlot refuses an EHR event for a slot the schedules do not have.
func (f *Fixtures) checkSlot(e *timeline.Event, at string) error {
	d, ok := f.Department(e.DepartmentID)
	if !ok {
		return timelineInvalid(at+".departmentId", "is not a department of the fixtures")
	}
	if !(d.IsRetail() && e.NPI == "") {
		p, ok := f.ProviderByNPI(e.NPI)
		if !ok || !worksIn(p, d.ID) {
			return timelineInvalid(at+".npi", "must name a provider working in departmentId (a retail site's may be left out)")
		}
	}
	if !d.OnSchedule(e.SlotStart, d.SlotMinutes) {
		return timelineInvalid(at+".start", "is not a slot on the department's schedule")
	}
	return nil
}

func inCatalog(c []CatalogEntry, name string) bool {
	for _, e := range c {
		if strings.EqualFold(e.Name, name) {
			return true
		}
	}
	return false
}

func clipText(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

func errTimelineProgress(field, id string) error {
	return timelineInvalid("timeline."+field, "%q is not an event of the timeline", clipText(id))
}
