package fakes

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/mockdex/mockdex/spec/avrcsv"
)

// AVRColumns is the CSV header of an All Visits Report, in order: the
// contract file spec/avrcsv/columns.json, which docs/avr-data-dictionary.md
// shows and the contract runner checks downloads against.
var AVRColumns = avrcsv.Names()

// avrFields computes each column a visit row can hold, by name.
var avrFields = map[string]func(c *avrCell) string{
	"visitId":             func(c *avrCell) string { return c.v.ID },
	"visitKind":           func(c *avrCell) string { return string(c.v.Kind) },
	"reportType":          func(c *avrCell) string { return c.v.Kind.ReportType() },
	"status":              func(c *avrCell) string { return c.status },
	"statusChangedAt":     func(c *avrCell) string { return stamp(c.since) },
	"createdAt":           func(c *avrCell) string { return stamp(c.v.Created) },
	"requestedAt":         func(c *avrCell) string { return stamp(c.ts[StatusRequested]) },
	"scheduledAt":         func(c *avrCell) string { return stamp(c.ts[StatusScheduled]) },
	"waitingRoomAt":       func(c *avrCell) string { return stamp(c.ts[StatusWaitingRoom]) },
	"inVisitAt":           func(c *avrCell) string { return stamp(c.ts[StatusInVisit]) },
	"doneAt":              func(c *avrCell) string { return stamp(c.ts[StatusDone]) },
	"cancelledAt":         func(c *avrCell) string { return stamp(c.ts[StatusCancelled]) },
	"practiceId":          func(c *avrCell) string { return c.v.PracticeID },
	"regionCode":          func(c *avrCell) string { return c.v.RegionCode },
	"modality":            func(c *avrCell) string { return c.v.Modality },
	"qualifiers":          func(c *avrCell) string { return strings.Join(c.v.Qualifiers, " ") },
	"brand":               func(c *avrCell) string { return c.v.Brand },
	"departmentId":        func(c *avrCell) string { return c.v.DepartmentID },
	"ehrSystemName":       func(c *avrCell) string { return c.v.EHRSystemName },
	"visitTypeId":         func(c *avrCell) string { return c.v.VisitTypeID },
	"slotStart":           func(c *avrCell) string { return stamp(c.v.SlotStart) },
	"providerId":          func(c *avrCell) string { return c.prov.ID },
	"providerNpi":         func(c *avrCell) string { return c.prov.NPI },
	"providerName":        func(c *avrCell) string { return providerName(c.prov) },
	"providerCredentials": func(c *avrCell) string { return c.prov.Credentials },
	"patientGuid":         func(c *avrCell) string { return c.v.PatientGUID },
	"visitReason":         func(c *avrCell) string { return c.v.VisitReason },
	"paymentMethod":       func(c *avrCell) string { return c.v.PaymentMethod },
	"waitSeconds":         func(c *avrCell) string { return waitSeconds(c.v, c.ts) },
}

// avrWriters are avrFields in the contract's column order; a column the
// contract names but the mock cannot fill stops the process at start
// (a test builds every column).
var avrWriters = func() []func(*avrCell) string {
	out := make([]func(*avrCell) string, len(AVRColumns))
	for i, name := range AVRColumns {
		f, ok := avrFields[name]
		if !ok {
			panic("fakes: the AVR column contract names " + name + ", which the mock does not fill")
		}
		out[i] = f
	}
	return out
}()

// avrCell is one visit as of the report's instant, what its columns read.
type avrCell struct {
	v      *Visit
	status string
	since  time.Time
	ts     map[string]time.Time
	prov   Provider
}

// avrChunk is how many rows are built under the visit store's read lock
// before they are written out; it bounds both memory and lock time.
const avrChunk = 256

// WriteAVR streams job r's CSV to out: one row per visit of the job's
// type created in [From, To) and by the instant the job succeeded, each
// as it stood at that instant. The result depends only on stored visits
// and that instant, so reading it again later gives the same bytes.
func (w *World) WriteAVR(out io.Writer, r Report, succeededAt time.Time) error {
	cw := csv.NewWriter(out)
	if err := cw.Write(AVRColumns); err != nil {
		return err
	}
	end := r.To
	if cutoff := succeededAt.Add(time.Nanosecond); cutoff.Before(end) {
		end = cutoff
	}
	rb := w.newAVRRows(succeededAt)
	cursor, lastID := r.From, ""
	for {
		rows := make([][]string, 0, avrChunk)
		w.Visits.EachAfter(cursor, lastID, end, func(v *Visit) bool {
			if v.Kind.ReportType() == r.Type {
				rows = append(rows, rb.row(v))
				cursor, lastID = v.Created, v.ID
			}
			return len(rows) < avrChunk
		})
		if err := cw.WriteAll(rows); err != nil {
			return err
		}
		if len(rows) < avrChunk {
			return nil
		}
	}
}

// avrRows builds rows as of one instant, with providers indexed once.
type avrRows struct {
	at    time.Time
	byID  map[string]Provider
	byNPI map[string]Provider
}

func (w *World) newAVRRows(at time.Time) *avrRows {
	b := &avrRows{at: at, byID: map[string]Provider{}, byNPI: map[string]Provider{}}
	for _, p := range w.Fixtures.Providers {
		b.byID[p.ID] = p
		b.byNPI[p.NPI] = p
	}
	return b
}

// row is v's CSV row; v is the store's own, read under its lock.
func (b *avrRows) row(v *Visit) []string {
	c := avrCell{v: v, ts: v.TimestampsAt(b.at)}
	c.status, c.since = v.StatusAt(b.at)
	prov, ok := b.byID[v.ProviderAt(b.at)]
	if !ok {
		prov = b.byNPI[v.NPI]
	}
	c.prov = prov
	row := make([]string, len(avrWriters))
	for i, w := range avrWriters {
		row[i] = w(&c)
	}
	return row
}

func providerName(p Provider) string {
	if p.ID == "" {
		return ""
	}
	return p.Name()
}

// waitSeconds is how long a virtual patient queued before the visit
// started: from the waiting room (or the request) to StatusInVisit. Empty
// for in-person visits and for visits not yet started.
func waitSeconds(v *Visit, ts map[string]time.Time) string {
	if !v.Kind.Queued() {
		return ""
	}
	in, ok := ts[StatusInVisit]
	if !ok {
		return ""
	}
	from, ok := ts[StatusWaitingRoom]
	if !ok {
		from = v.Created
	}
	return strconv.Itoa(int(in.Sub(from).Seconds()))
}

// stamp is an instant in UTC RFC 3339, or "" for none.
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
