package server

import (
	"errors"
	"maps"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/apierr"
	"github.com/mockdex/mockdex/internal/fakes"
)

// retailAlternatives is how many free slots the page offers when the
// requested one cannot be booked.
const retailAlternatives = 6

// retailRequest is what the hand-off URL (or the form) says.
type retailRequest struct {
	TimeSlot, DepartmentURLName, Brand, SearchContext string
	Aggregate                                         bool
}

func retailRequestFrom(v url.Values) retailRequest {
	return retailRequest{
		TimeSlot:          v.Get("timeSlot"),
		DepartmentURLName: v.Get("departmentUrlName"),
		Brand:             v.Get("brand"),
		SearchContext:     v.Get("searchContext"),
		Aggregate:         v.Get("aggregate") == "true",
	}
}

// retailPage is what every answer of the retail flow needs: the request,
// the brand and the departments it may book in, the Care Options search
// it came from (if any), the world and the time.
type retailPage struct {
	world  *fakes.World
	req    retailRequest
	brand  fakes.Brand
	depts  []fakes.Department
	search *fakes.CareSearch
	now    time.Time
	// keep is the query that keeps the browser in the request's namespace
	// on the flow's next page.
	keep url.Values
}

func (s *Server) retailPage(c *Call, v url.Values) (*retailPage, error) {
	p := &retailPage{world: c.World, req: retailRequestFrom(v), now: c.Now, keep: c.keepNamespace()}
	if p.req.SearchContext != "" {
		search, err := fakes.ParseSearchContext(p.req.SearchContext)
		if err != nil {
			return p, apierr.InvalidField("searchContext", "This link's searchContext is not one a Care Options search gave.")
		}
		p.search = &search
	}
	var err error
	p.brand, p.depts, err = retailDepartments(p.world, p.req, p.search)
	return p, err
}

// getRetailPage is the scheduling hand-off (GET /retail): the booking
// form for a free slot, or a choice of new slots when it is gone.
func (s *Server) getRetailPage(c *Call) (Answer, error) {
	p, err := s.retailPage(c, c.Query())
	if err != nil {
		return Answer{}, err
	}
	if p.req.TimeSlot == "" {
		return p.slots(http.StatusOK, ""), nil
	}
	start, err := parseTimeSlot(p.req.TimeSlot)
	if err != nil {
		return Answer{}, err
	}
	for _, d := range p.depts {
		if p.world.RetailSlotFree(d, start, p.now) {
			return p.form(d, start), nil
		}
	}
	return p.slots(http.StatusOK, slotGoneMessage(start, p.now)), nil
}

// submitRetailBooking books the form's slot (POST /retail) and confirms.
func (s *Server) submitRetailBooking(c *Call) (Answer, error) {
	form, err := c.Form()
	if err != nil {
		return Answer{}, apierr.InvalidField("requestBody", "the form could not be read")
	}
	form.Del("aggregate") // the form always names its department
	if err := requireFilled(form, "firstName", "lastName", "visitReason"); err != nil {
		return Answer{}, err
	}
	p, err := s.retailPage(c, form)
	if err != nil {
		return Answer{}, err
	}
	start, err := parseTimeSlot(p.req.TimeSlot)
	if err != nil {
		return Answer{}, err
	}
	d := p.depts[0]
	v, err := p.world.BookRetailSlot(retailBooking(form, p.brand, d, start), p.now)
	switch {
	case errors.Is(err, fakes.ErrSlotTaken):
		return p.slots(http.StatusConflict, "Someone else has just booked that time. Please pick another."), nil
	case errors.Is(err, fakes.ErrSlotPast):
		return p.slots(http.StatusBadRequest, slotGoneMessage(start, p.now)), nil
	case apierr.As(err).Kind == apierr.Full:
		return Answer{}, err
	case err != nil:
		return Answer{}, apierr.InvalidField("timeSlot", "That time is not one of the clinic's appointment times.")
	}
	return Page(http.StatusOK, "retail_done.html", retailDone{
		Title: "Your visit is booked", Brand: p.brand.DisplayName, VisitID: v.ID,
		Clinic: d.Name, When: slotLabel(start, d), FirstName: form.Get("firstName"),
	}), nil
}

// requireFilled refuses form fields that hold only spaces: the spec's
// minLength lets " " through, but a booking needs a name and a reason,
// as the JSON booking endpoints insist too.
func requireFilled(form url.Values, names ...string) error {
	for _, n := range names {
		if strings.TrimSpace(form.Get(n)) == "" {
			return apierr.InvalidField(n, "%s must not be blank", n)
		}
	}
	return nil
}

func retailBooking(form url.Values, brand fakes.Brand, d fakes.Department, start time.Time) fakes.RetailBookingRequest {
	return fakes.RetailBookingRequest{
		Department: d, Start: start, Brand: brand.Name, VisitReason: form.Get("visitReason"),
		Patient: fakes.Patient{
			FirstName: form.Get("firstName"), LastName: form.Get("lastName"), DateOfBirth: form.Get("dateOfBirth"),
			Email: form.Get("email"), Phone: form.Get("phone"),
		},
	}
}

// retailDepartments resolves the brand and the retail departments the
// request may book in: the named one, or with aggregate=true and no name,
// the brand's clinics its Care Options search looks in (all of them
// without a search).
func retailDepartments(w *fakes.World, req retailRequest, search *fakes.CareSearch) (fakes.Brand, []fakes.Department, error) {
	f := w.Fixtures
	brand, ok := f.Brand(req.Brand)
	if !ok {
		return brand, nil, apierr.NotFoundf("We could not find that brand.")
	}
	if req.DepartmentURLName != "" {
		d, ok := f.DepartmentByURLName(req.DepartmentURLName)
		if !ok || !d.IsRetail() || !strings.EqualFold(d.Brand, brand.Name) {
			return brand, nil, apierr.NotFoundf("We could not find that clinic.")
		}
		return brand, []fakes.Department{d}, nil
	}
	if !req.Aggregate {
		return brand, nil, apierr.InvalidField("departmentUrlName", "departmentUrlName is required unless aggregate=true.")
	}
	depts := f.RetailDepartments(brand.Name)
	if search != nil {
		found, err := w.CareDepartments(*search)
		if err != nil {
			return brand, nil, err
		}
		depts = searchedRetail(found, brand.Name)
	}
	if len(depts) == 0 {
		return brand, nil, apierr.NotFoundf("This brand has no retail clinics here.")
	}
	return brand, depts, nil
}

// searchedRetail keeps the brand's retail clinics of a search, nearest first.
func searchedRetail(found []fakes.CareDepartment, brand string) []fakes.Department {
	var out []fakes.Department
	for _, cd := range found {
		if cd.Department.IsRetail() && strings.EqualFold(cd.Department.Brand, brand) {
			out = append(out, cd.Department)
		}
	}
	return out
}

// parseTimeSlot reads the slot's start. A "+" offset that arrived
// unescaped in a query string has become a space; put it back.
func parseTimeSlot(raw string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, strings.ReplaceAll(raw, " ", "+"))
	if err != nil {
		return t, apierr.InvalidField("timeSlot", "timeSlot must be a date and time such as 2021-04-24T15:40:00-07:00.")
	}
	return t, nil
}

func slotGoneMessage(start, now time.Time) string {
	if !start.After(now) {
		return "The time you chose has passed. Please pick a new time."
	}
	return "The time you chose is no longer available. Please pick a new time."
}

// slotLabel is a slot's start as a patient reads it, in the clinic's zone.
func slotLabel(start time.Time, d fakes.Department) string {
	return start.In(d.Location()).Format("Monday, January 2 at 3:04 PM MST")
}

// Page data. Every page needs .Title for the layout.
type (
	retailForm struct {
		Title, Brand, Clinic, When                        string
		TimeSlot, DepartmentURLName, BrandName, SearchCtx string
		Action                                            string
	}
	retailSlots struct {
		Title, Brand, Notice string
		Choices              []retailChoice
	}
	retailChoice struct{ Label, Href string }
	retailDone   struct{ Title, Brand, VisitID, Clinic, When, FirstName string }
)

func (p *retailPage) form(d fakes.Department, start time.Time) Answer {
	return Page(http.StatusOK, "retail_form.html", retailForm{
		Title: "Book your visit", Brand: p.brand.DisplayName, Clinic: d.Name, When: slotLabel(start, d),
		TimeSlot: start.In(d.Location()).Format(time.RFC3339), DepartmentURLName: d.URLName,
		BrandName: p.brand.Name, SearchCtx: p.req.SearchContext, Action: p.action(),
	})
}

// action is where the booking form posts: this page, in this namespace.
func (p *retailPage) action() string {
	if len(p.keep) == 0 {
		return "/retail"
	}
	return "/retail?" + p.keep.Encode()
}

func (p *retailPage) slots(status int, notice string) Answer {
	return Page(status, "retail_slots.html", retailSlots{
		Title: "Pick a time", Brand: p.brand.DisplayName, Notice: notice, Choices: p.choices(),
	})
}

// choices are the next free slots across the departments, soonest first,
// each a link back to this page for that slot. A page reached from a
// Care Options search re-runs it, so the choices are what the search
// offers now (its visit types, place and dates).
func (p *retailPage) choices() []retailChoice {
	opts := p.nextFree()
	out := make([]retailChoice, 0, len(opts))
	for _, o := range opts {
		q := url.Values{"timeSlot": {o.start.In(o.d.Location()).Format(time.RFC3339)},
			"departmentUrlName": {o.d.URLName}, "brand": {p.brand.Name}}
		maps.Copy(q, p.keep)
		if p.req.SearchContext != "" {
			q.Set("searchContext", p.req.SearchContext)
		}
		out = append(out, retailChoice{Label: slotLabel(o.start, o.d) + " at " + o.d.Name, Href: "/retail?" + q.Encode()})
	}
	return out
}

// retailOption is a free time at a clinic.
type retailOption struct {
	start time.Time
	d     fakes.Department
}

func (p *retailPage) nextFree() []retailOption {
	var opts []retailOption
	if p.search != nil {
		opts = p.searchedFree()
	} else {
		for _, d := range p.depts {
			for _, s := range p.world.NextFreeSlots("", d, p.now, retailAlternatives) {
				opts = append(opts, retailOption{s, d})
			}
		}
	}
	sort.SliceStable(opts, func(i, j int) bool { return opts[i].start.Before(opts[j].start) })
	if len(opts) > retailAlternatives {
		opts = opts[:retailAlternatives]
	}
	return opts
}

// searchedFree re-runs the page's search for the free times of its
// departments.
func (p *retailPage) searchedFree() []retailOption {
	found, err := p.world.SearchCare(*p.search, p.now, false)
	if err != nil {
		return nil // the search was checked when the page was resolved
	}
	in := map[string]bool{}
	for _, d := range p.depts {
		in[d.ID] = true
	}
	seen := map[fakes.SlotKey]bool{}
	var out []retailOption
	for _, o := range found {
		if !in[o.Department.ID] {
			continue
		}
		for _, start := range o.Starts {
			if k := fakes.DepartmentSlotKey("", o.Department, start); !seen[k] {
				seen[k] = true
				out = append(out, retailOption{start, o.Department})
			}
		}
	}
	return out
}
