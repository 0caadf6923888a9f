package fakes

import (
	"fmt"

	"github.com/mockdex/mockdex/internal/apierr"
)

// SlotSearchWindowDays is how far POST /v5/slots/search reaches past its
// start without an endDate (the published default, 30 days).
const SlotSearchWindowDays = 30

// SlotCriterion is one provider to search, optionally narrowed to an EHR
// instance or to one department (which then needs the EHR instance).
type SlotCriterion struct {
	NPI          string
	EHRInstance  string
	DepartmentID string
}

// SlotSearch is POST /v5/slots/search: the free slots of several
// providers at once. Query carries the time window and visit type names.
type SlotSearch struct {
	Criteria []SlotCriterion
	Query    SlotQuery
}

// SearchSlots lists, per criterion in order, the provider's departments
// with free slots, as ProviderSlots does; a provider, department or visit
// type without a free slot is left out. A department named twice is
// listed once. Refusals name the criterion's field.
func (w *World) SearchSlots(s SlotSearch) ([]DepartmentSlots, error) {
	q := s.Query
	if q.WindowDays == 0 {
		q.WindowDays = SlotSearchWindowDays
	}
	var out []DepartmentSlots
	seen := map[slotOwner]bool{}
	for i, c := range s.Criteria {
		p, err := w.criterionProvider(i, c)
		if err != nil {
			return nil, err
		}
		cq := q
		cq.DepartmentID, cq.EHRSystemName = c.DepartmentID, c.EHRInstance
		for _, ds := range w.ProviderSlots(p, cq) {
			if o := (slotOwner{ds.NPI, ds.Department.ID}); !seen[o] {
				seen[o] = true
				out = append(out, ds)
			}
		}
	}
	return out, nil
}

func (w *World) criterionProvider(i int, c SlotCriterion) (Provider, error) {
	field := fmt.Sprintf("criteriaItems[%d]", i)
	if c.DepartmentID != "" && c.EHRInstance == "" {
		return Provider{}, apierr.InvalidField(field+".ehrInstance", "%s.ehrInstance is required with %s.departmentId", field, field)
	}
	p, ok := w.Fixtures.ProviderByNPI(c.NPI)
	if !ok {
		return p, apierr.NotFoundf("%s.npi does not name a known provider", field).WithField(field + ".npi")
	}
	return p, nil
}
