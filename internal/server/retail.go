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
// the brand and the departments it may book in, the world and the time.
type retailPage struct {
	world *fakes.World
	req   retailRequest
	brand fakes.Brand
	depts []fakes.Department
	now   time.Time
	// keep is the query that keeps the browser in the request's namespace
	// on the flow's next page.
	keep url.Values
}

func (s *Server) retailPage(r *http.Request, v url.Values) (*retailPage, error) {
	p := &retailPage{world: call(r).world, req: retailRequestFrom(v), now: call(r).now, keep: namespaceQuery(r)}
	var err error
	p.brand, p.depts, err = retailDepartments(p.world.Fixtures, p.req)
	return p, err
}

// getRetailPage is the scheduling hand-off (GET /retail): the booking
// form for a free slot, or a choice of new slots when it is gone.
func (s *Server) getRetailPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.retailPage(r, r.URL.Query())
	if err != nil {
		return err
	}
	if p.req.TimeSlot == "" {
		p.renderSlots(w, http.StatusOK, "")
		return nil
	}
	start, err := parseTimeSlot(p.req.TimeSlot)
	if err != nil {
		return err
	}
	for _, d := range p.depts {
		if p.world.RetailSlotFree(d, start, p.now) {
			p.renderForm(w, d, start)
			return nil
		}
	}
	p.renderSlots(w, http.StatusOK, slotGoneMessage(start, p.now))
	return nil
}

// submitRetailBooking books the form's slot (POST /retail) and confirms.
func (s *Server) submitRetailBooking(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return apierr.InvalidField("requestBody", "the form could not be read")
	}
	r.PostForm.Del("aggregate") // the form always names its department
	if err := requireFilled(r.PostForm, "firstName", "lastName", "visitReason"); err != nil {
		return err
	}
	p, err := s.retailPage(r, r.PostForm)
	if err != nil {
		return err
	}
	start, err := parseTimeSlot(p.req.TimeSlot)
	if err != nil {
		return err
	}
	d := p.depts[0]
	v, err := p.world.BookRetailSlot(retailBooking(r.PostForm, p.brand, d, start), p.now)
	switch {
	case errors.Is(err, fakes.ErrSlotTaken):
		p.renderSlots(w, http.StatusConflict, "Someone else has just booked that time. Please pick another.")
		return nil
	case errors.Is(err, fakes.ErrSlotPast):
		p.renderSlots(w, http.StatusBadRequest, slotGoneMessage(start, p.now))
		return nil
	case apierr.As(err).Kind == apierr.Full:
		return err
	case err != nil:
		return apierr.InvalidField("timeSlot", "That time is not one of the clinic's appointment times.")
	}
	renderPage(w, http.StatusOK, "retail_done.html", retailDone{
		Title: "Your visit is booked", Brand: p.brand.DisplayName, VisitID: v.ID,
		Clinic: d.Name, When: slotLabel(start, d), FirstName: r.PostForm.Get("firstName"),
	})
	return nil
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
// all of the brand's.
func retailDepartments(f *fakes.Fixtures, req retailRequest) (fakes.Brand, []fakes.Department, error) {
	brand, ok := f.Brand(req.Brand)
	if !ok {
		return brand, nil, apierr.NotFoundf("We could not find that brand.")
	}
	if req.DepartmentURLName == "" {
		if !req.Aggregate {
			return brand, nil, apierr.InvalidField("departmentUrlName", "departmentUrlName is required unless aggregate=true.")
		}
		if depts := f.RetailDepartments(brand.Name); len(depts) > 0 {
			return brand, depts, nil
		}
		return brand, nil, apierr.NotFoundf("This brand has no retail clinics.")
	}
	d, ok := f.DepartmentByURLName(req.DepartmentURLName)
	if !ok || !d.IsRetail() || !strings.EqualFold(d.Brand, brand.Name) {
		return brand, nil, apierr.NotFoundf("We could not find that clinic.")
	}
	return brand, []fakes.Department{d}, nil
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

func (p *retailPage) renderForm(w http.ResponseWriter, d fakes.Department, start time.Time) {
	renderPage(w, http.StatusOK, "retail_form.html", retailForm{
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

func (p *retailPage) renderSlots(w http.ResponseWriter, status int, notice string) {
	renderPage(w, status, "retail_slots.html", retailSlots{
		Title: "Pick a time", Brand: p.brand.DisplayName, Notice: notice, Choices: p.choices(),
	})
}

// choices are the next free slots across the departments, soonest first,
// each a link back to this page for that slot.
func (p *retailPage) choices() []retailChoice {
	type option struct {
		start time.Time
		d     fakes.Department
	}
	var opts []option
	for _, d := range p.depts {
		for _, s := range p.world.NextFreeSlots("", d, p.now, retailAlternatives) {
			opts = append(opts, option{s, d})
		}
	}
	sort.SliceStable(opts, func(i, j int) bool { return opts[i].start.Before(opts[j].start) })
	if len(opts) > retailAlternatives {
		opts = opts[:retailAlternatives]
	}
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
