package fakes

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"
)

// AVRColumns is the CSV header of an All Visits Report, in order;
// docs/avr-data-dictionary.md defines each column.
var AVRColumns = []string{
	"visitId", "visitKind", "reportType", "status", "statusChangedAt", "createdAt",
	"requestedAt", "scheduledAt", "waitingRoomAt", "inVisitAt", "doneAt", "cancelledAt",
	"practiceId", "regionCode", "modality", "qualifiers", "brand",
	"departmentId", "ehrSystemName", "visitTypeId", "slotStart",
	"providerId", "providerNpi", "providerName", "providerCredentials",
	"patientGuid", "visitReason", "paymentMethod", "waitSeconds",
}

// avrTimestampColumns are the statuses that get a column of their own,
// in AVRColumns order from requestedAt.
var avrTimestampColumns = []string{
	StatusRequested, StatusScheduled, StatusWaitingRoom, StatusInVisit, StatusDone, StatusCancelled,
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
	status, since := v.StatusAt(b.at)
	ts := v.TimestampsAt(b.at)
	prov, ok := b.byID[v.ProviderAt(b.at)]
	if !ok {
		prov = b.byNPI[v.NPI]
	}
	row := []string{v.ID, string(v.Kind), v.Kind.ReportType(), status, stamp(since), stamp(v.Created)}
	for _, s := range avrTimestampColumns {
		row = append(row, stamp(ts[s]))
	}
	return append(row,
		v.PracticeID, v.RegionCode, v.Modality, strings.Join(v.Qualifiers, " "), v.Brand,
		v.DepartmentID, v.EHRSystemName, v.VisitTypeID, stamp(v.SlotStart),
		prov.ID, prov.NPI, providerName(prov), prov.Credentials,
		v.PatientGUID, v.VisitReason, v.PaymentMethod, waitSeconds(v, ts))
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
