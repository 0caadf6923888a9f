package scenarios_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mockdex/mockdex/internal/scenarios"
	"github.com/mockdex/mockdex/mockdextest"
	"github.com/mockdex/mockdex/spec"
)

// Every optional field of a success answer in DexCare's published files
// is either produced by the mock in the scenarios' answers (the flows a
// client and the contract runner go through) or listed, with the reason,
// in docs/known-differences.md under "Optional fields the mock leaves
// out". A row for a field the mock now produces, or for one that is not
// an optional field of a published answer, fails too, so the list stays
// true both ways.
func TestOptionalPublishedFieldsProducedOrListed(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every scenario")
	}
	ops := publishedOps(t)
	optional := map[string]bool{}
	for _, op := range ops {
		for _, f := range op.optional {
			optional[op.id+" "+f] = true
		}
	}
	produced := producedFields(t, ops)
	listed := listedOmissions(t)
	for _, k := range sortedKeys(optional) {
		if !produced[k] && listed[k] == "" {
			t.Errorf("%s: optional in DexCare's file, never in the mock's answers, not in docs/known-differences.md", k)
		}
	}
	for _, k := range sortedKeys(listed) {
		switch {
		case !optional[k]:
			t.Errorf("docs/known-differences.md lists %s, which is not an optional field of a published success answer", k)
		case produced[k]:
			t.Errorf("docs/known-differences.md lists %s as left out, but the mock produces it: remove the row", k)
		}
	}
}

// publishedOp is one operation of a published file with a JSON success
// answer: how to recognise its requests and the answer's optional fields.
type publishedOp struct {
	id, method string
	path       *regexp.Regexp
	optional   []string // "slots[].timezone": [] steps into an array
}

func publishedOps(t *testing.T) []publishedOp {
	t.Helper()
	var ops []publishedOp
	for _, name := range spec.PublishedNames() {
		b, err := fs.ReadFile(spec.Published(), name)
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		base := str(dig(doc, "servers", 0, "url"))
		for p, item := range obj(doc["paths"]) {
			for method, op := range obj(item) {
				fields := fieldsOf(doc, successSchema(op))
				if fields == nil {
					continue
				}
				var opt []string
				for f, required := range fields {
					if !required {
						opt = append(opt, f)
					}
				}
				sort.Strings(opt)
				pattern := regexp.MustCompile(`\\\{[^}]*\\\}`).ReplaceAllString(regexp.QuoteMeta(path.Join(base, p)), `[^/]+`)
				ops = append(ops, publishedOp{id: str(dig(op, "operationId")), method: strings.ToUpper(method),
					path: regexp.MustCompile("^" + pattern + "$"), optional: opt})
			}
		}
	}
	if len(ops) < 10 {
		t.Fatalf("found %d published operations with a JSON answer", len(ops))
	}
	return ops
}

// successSchema is the JSON schema of an operation's 2xx answer, or nil.
func successSchema(op any) any {
	for status, resp := range obj(dig(op, "responses")) {
		if strings.HasPrefix(status, "2") {
			if s := dig(resp, "content", "application/json", "schema"); s != nil {
				return s
			}
		}
	}
	return nil
}

// fieldsOf maps each property path of schema to whether it is required
// wherever it appears (oneOf, anyOf and allOf branches merged: optional
// in one branch is optional).
func fieldsOf(doc map[string]any, schema any) map[string]bool {
	if schema == nil {
		return nil
	}
	out := map[string]bool{}
	var walk func(at string, s any, depth int)
	walk = func(at string, s any, depth int) {
		s = resolve(doc, s)
		if depth > 12 || s == nil {
			return
		}
		for _, k := range []string{"oneOf", "anyOf", "allOf"} {
			for _, b := range list(dig(s, k)) {
				walk(at, b, depth+1)
			}
		}
		if items := dig(s, "items"); items != nil {
			walk(at+"[]", items, depth+1)
		}
		required := map[string]bool{}
		for _, r := range list(dig(s, "required")) {
			required[str(r)] = true
		}
		for name, p := range obj(dig(s, "properties")) {
			f := strings.TrimPrefix(at+"."+name, ".")
			if prev, seen := out[f]; !seen || prev {
				out[f] = required[name]
			}
			walk(f, p, depth+1)
		}
	}
	walk("", schema, 0)
	return out
}

func resolve(doc map[string]any, s any) any {
	for range 10 {
		ref, ok := dig(s, "$ref").(string)
		if !ok {
			return s
		}
		s = doc
		for _, k := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			s = dig(s, k)
		}
	}
	return s
}

// producedFields runs every scenario against a mock of its own and
// collects the fields present in the 2xx JSON answers to published
// operations, as "operationId field".
func producedFields(t *testing.T, ops []publishedOp) map[string]bool {
	t.Helper()
	rec := &recorder{fields: map[string]bool{}, ops: ops}
	for _, sc := range scenarios.All() {
		m := mockdextest.NewServer(t, mockdextest.WithHistoryDays(14))
		target := mockTarget(m)
		rec.next = m.Client
		target.Client = rec
		scenarios.Run(context.Background(), sc, target)
	}
	m := mockdextest.NewServer(t, mockdextest.WithHistoryDays(14))
	rec.next = m.Client
	statesScenariosLeaveOut(t, m, rec)
	if len(rec.fields) == 0 {
		t.Fatal("no published operation answered")
	}
	return rec.fields
}

// statesScenariosLeaveOut drives the mock, through rec, into states whose
// answers carry fields no scenario reaches (a scenario must pass against
// a real tier, so it cannot end or decline visits there, or fill a
// region): a visit with an assessment tool followed to done, one
// cancelled and one declined, a busy region, a page of slots after the
// first.
func statesScenariosLeaveOut(t *testing.T, m *mockdextest.Server, rec *recorder) {
	t.Helper()
	send := func(method, path, body string, headers ...string) (int, map[string]any) {
		t.Helper()
		req, err := http.NewRequest(method, m.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		for _, h := range headers {
			name, value, _ := strings.Cut(h, ": ")
			req.Header.Set(name, value)
		}
		resp, err := rec.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	joe := m.Bearer(mockdextest.PatientJoe)
	visit := func(region, tool string) (int, string) {
		code, out := send(http.MethodPost, "/api/9/visits", visitBody(region, tool), joe)
		return code, str(out["visitId"])
	}
	summary := func(id string) string {
		_, out := send(http.MethodGet, "/api/9/visits/"+id+"/summary", "", joe)
		return str(out["status"])
	}

	_, done := visit("WA", "phq-9")
	_, cancelled := visit("WA", "")
	_, declined := visit("WA", "")
	send(http.MethodPost, "/_mockdex/visits/"+cancelled+"/cancel", "{}")
	send(http.MethodPost, "/_mockdex/visits/"+declined+"/decline", "{}")
	summary(cancelled)
	summary(declined)
	for range 100 { // 100 × 5 min of mock time: every lifecycle ends well within
		send(http.MethodGet, "/api/9/visits/"+done+"/waittime", "", joe)
		if summary(done) == "done" {
			break
		}
		m.Clock.Advance(5 * time.Minute)
	}
	if summary(done) != "done" {
		t.Errorf("visit %s never reached done", done)
	}

	for range 50 { // queue visits in Oregon until it is full
		if code, _ := visit("OR", ""); code == http.StatusConflict {
			break
		}
	}
	send(http.MethodGet, "/api/9/regions/waittimes?regionCodes=OR&practiceId="+mockdextest.PracticeVirtualVisits, "")
	send(http.MethodGet, "/api/9/regions/OR/waittimes?practiceId="+mockdextest.PracticeVirtualVisits, "")

	later := m.Clock.Now().AddDate(0, 0, 7).Format(time.DateOnly)
	send(http.MethodGet, "/v5/providers/"+mockdextest.ProviderJennyNPI+"/timeslots?daysOfSlots=2&startDate="+later, "", m.XAPIKey())
}

// visitBody is a virtual visit for Joe Public in a region of the
// virtual-visits practice, with an assessment tool when tool is set.
func visitBody(region, tool string) string {
	details := map[string]any{"practiceId": mockdextest.PracticeVirtualVisits, "stateLicensure": region,
		"visitTypeName": "virtual", "visitReason": "mockdex contract check", "brand": "providence",
		"acceptedTerms": true, "declaration": "self"}
	if tool != "" {
		details["assessmentToolUsed"] = tool
	}
	b, _ := json.Marshal(map[string]any{
		"patient": map[string]any{"patientGuid": mockdextest.PatientJoe, "firstName": "Joe", "lastName": "Public", "gender": "male",
			"dateOfBirth": "1970-01-01", "phone": "204-555-3233", "email": "joe.public@example.com",
			"address": map[string]any{"line1": "312 S Washington St", "city": "Seattle", "state": "WA", "postalCode": "98104"}},
		"billingInfo":  map[string]any{"paymentMethod": "couponcode", "couponCode": "kyle1"},
		"visitDetails": details,
	})
	return string(b)
}

// recorder passes requests on and notes the fields of each answer.
type recorder struct {
	next   scenarios.Doer
	ops    []publishedOp
	mu     sync.Mutex
	fields map[string]bool
}

func (r *recorder) Do(req *http.Request) (*http.Response, error) {
	resp, err := r.next.Do(req)
	if err != nil || resp.StatusCode/100 != 2 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return resp, err
	}
	var v any
	if json.Unmarshal(body, &v) != nil {
		return resp, nil
	}
	for _, op := range r.ops {
		if op.method == req.Method && op.path.MatchString(req.URL.Path) {
			r.mu.Lock()
			present(v, "", func(f string) { r.fields[op.id+" "+f] = true })
			r.mu.Unlock()
		}
	}
	return resp, nil
}

// present calls note with the path of every property in v.
func present(v any, at string, note func(string)) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			f := strings.TrimPrefix(at+"."+k, ".")
			note(f)
			present(val, f, note)
		}
	case []any:
		for _, e := range x {
			present(e, at+"[]", note)
		}
	}
}

// omissionRow is a row of the known differences' table of optional
// fields the mock leaves out: | `operationId` | `field` | why |.
var omissionRow = regexp.MustCompile("^\\| `([A-Za-z0-9]+)` \\| `([^`]+)` \\| (.+) \\|$")

const omissionsHeading = "## Optional fields the mock leaves out"

func listedOmissions(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open("../../docs/known-differences.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "## ") {
			in = line == omissionsHeading
			continue
		}
		if m := omissionRow.FindStringSubmatch(line); in && m != nil {
			out[m[1]+" "+m[2]] = strings.TrimSpace(m[3])
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// dig follows map keys and slice indexes into decoded JSON.
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			v = obj(v)[k]
		case int:
			l := list(v)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

func obj(v any) map[string]any { m, _ := v.(map[string]any); return m }
func list(v any) []any         { l, _ := v.([]any); return l }
func str(v any) string         { s, _ := v.(string); return s }
