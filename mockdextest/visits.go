package mockdextest

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"net/url"
	"sync"

	"github.com/mockdex/mockdex/fixtures"
)

// VirtualVisit is the on-demand virtual visit CreateVisit queues
// (POST /api/9/visits, declaration self, coupon-code billing). Zero fields
// take the defaults.
type VirtualVisit struct {
	Patient   string // patientGuid; default PatientJoe
	Practice  string // practiceId; default PracticeVirtualVisits
	Region    string // region code (stateLicensure); default RegionWashington
	Modality  string // visitTypeName, "virtual" (default) or "phone"
	Qualifier string // assignment qualifier, "adult" (default) or "pediatric"
	Reason    string // visitReason; default "sore throat"
	Brand     string // default the default practice's brand, else none
}

func (v VirtualVisit) withDefaults() VirtualVisit {
	def := func(s *string, d string) {
		if *s == "" {
			*s = d
		}
	}
	def(&v.Patient, PatientJoe)
	def(&v.Practice, PracticeVirtualVisits)
	def(&v.Region, RegionWashington)
	def(&v.Modality, "virtual")
	def(&v.Qualifier, "adult")
	def(&v.Reason, "sore throat")
	def(&v.Brand, map[string]string{PracticeVirtualVisits: BrandProvidence, PracticeAcme: BrandAcme}[v.Practice])
	return v
}

// CreateVisit queues a virtual visit as its patient (with a fresh bearer
// token) and returns its visitId. A refusal (a closed region, a full
// queue, an unknown patient) fails the test with the mock's answer.
func (s *Server) CreateVisit(v VirtualVisit) string {
	s.t.Helper()
	v = v.withDefaults()
	body, err := json.Marshal(s.visitBody(v))
	if err != nil {
		s.t.Fatalf("create visit: %v", err)
	}
	resp := s.Do(http.MethodPost, "/api/9/visits", string(body), s.Bearer(v.Patient))
	if resp.StatusCode != http.StatusOK {
		s.t.Fatalf("create visit: %d %s", resp.StatusCode, s.ReadBody(resp))
	}
	var created struct {
		VisitID string `json:"visitId"`
	}
	s.ReadJSON(resp, &created)
	return created.VisitID
}

func (s *Server) visitBody(v VirtualVisit) map[string]any {
	details := map[string]any{
		"practiceId": v.Practice, "stateLicensure": v.Region, "visitTypeName": v.Modality,
		"assignmentQualifiers": []string{v.Qualifier}, "visitReason": v.Reason,
		"acceptedTerms": true, "declaration": "self",
	}
	if v.Brand != "" {
		details["brand"] = v.Brand
	}
	return map[string]any{
		"patient":      s.world.patient(v.Patient),
		"billingInfo":  map[string]any{"paymentMethod": "couponcode", "couponCode": "MOCKDEXTEST"},
		"visitDetails": details,
	}
}

// VisitStatus is the visit's status now (requested, waitingroom, invisit,
// done, ...), read from its summary with the patient's token.
func (s *Server) VisitStatus(visitID, patientGUID string) string {
	s.t.Helper()
	resp := s.Do(http.MethodGet, "/api/9/visits/"+url.PathEscape(visitID)+"/summary", "", s.Bearer(patientGUID))
	if resp.StatusCode != http.StatusOK {
		s.t.Fatalf("visit %s summary: %d %s", visitID, resp.StatusCode, s.ReadBody(resp))
	}
	var summary struct {
		Status string `json:"status"`
	}
	s.ReadJSON(resp, &summary)
	return summary.Status
}

// worldFiles reads the patients of the mock's fixtures, so a visit request
// carries the patient's own details, as an app's would.
type worldFiles struct {
	fsys     fs.FS // nil: the default world
	once     sync.Once
	patients map[string]map[string]any // patientGuid → fixture record
}

// patient is the request's patient object for guid: the fixture record
// when there is one, otherwise placeholder details (the mock then answers
// as DexCare does for a GUID it does not know).
func (w *worldFiles) patient(guid string) map[string]any {
	w.once.Do(w.load)
	if p, ok := w.patients[guid]; ok {
		return p
	}
	return map[string]any{
		"patientGuid": guid, "firstName": "Test", "lastName": "Patient", "gender": "female",
		"dateOfBirth": "1990-01-01", "phone": "206-555-0100", "email": "test.patient@example.com",
		"address": map[string]any{"line1": "1 Test Way", "city": "Seattle", "state": "WA", "postalCode": "98101"},
	}
}

func (w *worldFiles) load() {
	fsys := w.fsys
	if fsys == nil {
		fsys = fixtures.Default()
	}
	var list []map[string]any
	if b, err := fs.ReadFile(fsys, "patients.json"); err == nil && json.Unmarshal(b, &list) == nil {
		w.patients = map[string]map[string]any{}
		for _, p := range list {
			guid, _ := p["patientGuid"].(string)
			w.patients[guid] = visitPatient(p)
		}
	}
}

// visitPatient keeps the fields a PatientByGuid request object declares.
func visitPatient(p map[string]any) map[string]any {
	out := map[string]any{}
	for _, k := range []string{"patientGuid", "firstName", "lastName", "gender", "dateOfBirth", "phone", "email", "address", "homeMarket"} {
		if v, ok := p[k]; ok {
			out[k] = v
		}
	}
	return out
}
