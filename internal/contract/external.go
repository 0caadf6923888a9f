package contract

import (
	"bytes"
	"io"
	"net/http"
	"net/url"

	verrors "github.com/pb33f/libopenapi-validator/errors"

	"github.com/mockdex/mockdex/internal/scenarios"
)

// This file is the entry point for judging exchanges that did not come
// from a run (the shadow proxy's traffic), with a run's rules.

// RuleRequestViolation is a request that breaks the spec (or DexCare's
// published file): the app's, seen by the shadow proxy. Its pointer's
// first token is where: /query/NAME, /path/NAME, /header/NAME, /body/...
const RuleRequestViolation = "request-schema-violation"

// ExchangeFindings judges one exchange as a run judges a step's answer:
// against our spec and DexCare's published file (j, nil: not at all), the
// CSV column contract, and, when ref is set, the reference mock's answer
// to the same request. noise, when set, is a second reference whose
// differences from ref are noise (a run's second mock); without it an
// answer is compared by shape only, since the tier's data is not the
// mock's, except an error answer, whose words (messages, codes) are the
// API's. Findings of one cause are folded into one.
func ExchangeFindings(j *Judge, got scenarios.Exchange, ref, noise *scenarios.Exchange) []Finding {
	var fs []Finding
	if j != nil {
		fs = append(fs, j.Check(got)...)
	}
	fs = append(fs, csvFindings(got)...)
	if ref != nil {
		nz := noiseOf(*ref, noise, got.Status)
		fs = append(fs, compareExchange(*ref, got, nz)...)
	}
	return mergeStep(fs)
}

func noiseOf(ref scenarios.Exchange, second *scenarios.Exchange, status int) noise {
	if second == nil {
		return noise{paths: map[string]bool{}, forms: map[string]bool{}, shapeOnly: status < 400}
	}
	return learnNoise(ref, *second)
}

// CheckRequest validates a request against our spec, and DexCare's
// published file where it covers the operation. Credentials and headers
// the spec does not declare are not judged (the tier's answer says what
// it made of them). Messages name fields, never values.
func (j *Judge) CheckRequest(x scenarios.Exchange) []Finding {
	out := requestFindings(j.ours, x)
	if pub := j.publishedFor(x.Method, x.URL); pub != nil {
		for _, f := range requestFindings(pub.v, x) {
			f.Message = "DexCare's published " + pub.name + ": " + f.Message
			out = append(out, f)
		}
	}
	return mergeStep(out)
}

func requestFindings(v *Validator, x scenarios.Exchange) []Finding {
	u, err := url.Parse(x.URL)
	if err != nil {
		return nil
	}
	req := &http.Request{Method: x.Method, URL: u, Header: x.Header, Host: u.Host,
		Body: io.NopCloser(bytes.NewReader(x.Body)), ContentLength: int64(len(x.Body))}
	ok, errs := v.v.ValidateHttpRequest(req)
	if ok {
		return nil
	}
	var out []Finding
	for _, e := range errs {
		if e.ValidationType == verrors.StrictValidationType && (e.ValidationSubType == verrors.StrictSubTypeHeader ||
			e.ValidationSubType == verrors.StrictSubTypeCookie) || e.ValidationType == "security" {
			continue
		}
		out = append(out, requestFinding(e))
	}
	return out
}

func requestFinding(e *verrors.ValidationError) Finding {
	where := "/body"
	switch {
	case e.ValidationType == verrors.StrictValidationType && e.ValidationSubType == verrors.StrictSubTypeQuery:
		where = "/query/" + escapeToken(e.ParameterName)
	case e.ValidationType == "parameter":
		where = "/" + e.ValidationSubType + "/" + escapeToken(e.ParameterName)
	case e.ValidationType == verrors.StrictValidationType:
		where += strictPointer(e.Message)
	case len(e.SchemaValidationErrors) > 0:
		if bs := closestBranches(e.SchemaValidationErrors); len(bs) > 0 {
			where += instancePointer(bs[0])
		}
	}
	f := newFinding(RuleRequestViolation, where, "", "", "the request breaks the spec: "+safeMessage(e.Message))
	f.Severity = Warning
	return f
}

// NewReport assembles a report from findings gathered outside a run:
// the same cause in several places folded into one, then counted.
func NewReport(target string, scenarios []ScenarioReport, findings []Finding) *Report {
	rep := &Report{Target: target, Scenarios: scenarios, Findings: groupByCause(findings), exercised: map[string]bool{}}
	rep.summarize()
	return rep
}
