package faults_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/faults"
)

// A fault written the way a user describes a call applies to those calls
// and no others.
func TestMatchAsUsersDescribeACall(t *testing.T) {
	summary := func(visit string) call {
		c := callOf("visitSummaryV9")
		c.path = "/api/9/visits/" + visit + "/summary"
		return c
	}
	create := func(body string) call {
		c := callOf("createVisitV9")
		c.body = body
		return c
	}
	for _, tc := range []struct {
		fault     string
		fires     []call
		doesNotIn []call
	}{
		{`{"method":"GET","path":"/api/9/modalities","status":503}`,
			[]call{callOf("getModalities")}, []call{callOf("getPractice"), summary("a")}},
		{`{"method":"get","path":"/api/9/visits/{visitId}/summary","status":503}`,
			[]call{summary("a"), summary("b")}, []call{create(`{}`), callOf("getModalities")}},
		{`{"path":"/api/9/visits/abc/summary","status":503}`,
			[]call{summary("abc")}, []call{summary("abd"), summary("abc/x")}},
		{`{"operationId":"createVisitV9","bodyFields":{"/visitDetails/stateLicensure":"WA"},"status":503}`,
			[]call{create(`{"visitDetails":{"stateLicensure":"WA"}}`)},
			[]call{create(`{"visitDetails":{"stateLicensure":"OR"}}`), create(`{"visitDetails":{}}`), create(``), summary("a")}},
		{`{"path":"/api/9/visits","bodyFields":{"/urgency":1,"/patient/ids/0":"x"},"status":503}`,
			[]call{create(`{"urgency":1.0,"patient":{"ids":["x","y"]}}`)}, []call{create(`{"urgency":2,"patient":{"ids":["x"]}}`)}},
		{`{"host":"ecvapi","status":503}`,
			[]call{create(`{}`), summary("a")}, []call{callOf("getModalities")}},
		{`{"operationId":"getModalities","query":{"archived":"true"},"requestHeaders":{"x-platform":"ios"},"status":503}`,
			[]call{withQH(callOf("getModalities"), "archived", "true", "X-Platform", "ios")},
			[]call{withQH(callOf("getModalities"), "archived", "false", "X-Platform", "ios"), withQH(callOf("getModalities"), "archived", "true", "X-Platform", "android")}},
		{`{"operationId":"visitSummaryV9","patient":"ABC","status":503}`,
			[]call{withPatient(summary("a"), "abc")}, []call{withPatient(summary("a"), "def"), summary("a")}},
	} {
		f := parse(t, tc.fault)
		for _, c := range tc.fires {
			assert.True(t, f.Matches(c), "%s should fire on %s %s %s", tc.fault, c.method, c.path, c.body)
		}
		for _, c := range tc.doesNotIn {
			assert.False(t, f.Matches(c), "%s should not fire on %s %s %s", tc.fault, c.method, c.path, c.body)
		}
	}
}

func withQH(c call, q, qv, h, hv string) call {
	c.query = map[string][]string{q: {qv}}
	c.header = map[string][]string{h: {hv}}
	return c
}

func withPatient(c call, p string) call {
	c.patient = p
	return c
}

// A fault that no operation of the spec could meet is refused, naming
// what the spec has; an unknown field names the fields a fault has.
func TestMatchRefusals(t *testing.T) {
	for body, want := range map[string]string{
		`{"method":"GET","path":"/api/9/modality","status":503}`:                             `'path' "/api/9/modality" with method GET is not a path of the spec`,
		`{"method":"POST","path":"/api/9/modalities","status":503}`:                          `is not a path of the spec`,
		`{"method":"GET","status":503}`:                                                      `a fault needs 'operationId', or 'method' and 'path'`,
		`{"path":"api/9/modalities","status":503}`:                                           `'path' must be a path starting with /`,
		`{"host":"web","status":503}`:                                                        `'host' "web" is not one of DexCare's hosts in the spec: api, ecvapi`,
		`{"host":"api","operationId":"createVisitV9","status":503}`:                          `no operation of the spec is operationId createVisitV9 and host api`,
		`{"operationId":"getModalities","bodyFields":{"a":1},"status":503}`:                  `'bodyFields' key "a" is not a JSON pointer`,
		`{"operationId":"getModalities","requestHeaders":{"a b":"1"},"status":503}`:          `'requestHeaders' must map names to values`,
		`{"operationId":"getModalities","status":503,"headers":{"Content-Length":"9"}}`:      `'headers' may not set Content-Length`,
		`{"operationId":"getModalities","status":503,"headers":{"Retry-After":"1\r\nX: y"}}`: `the value must be one line`,
	} {
		_, err := faults.Parse([]byte(body), ops)
		require.Error(t, err, body)
		assert.Contains(t, err.Error(), want, body)
	}
	_, err := faults.Parse([]byte(`{"method":"GET","path":"/nope","status":503}`), ops)
	var bad *faults.BadFault
	require.ErrorAs(t, err, &bad)
	assert.Contains(t, bad.Paths, "GET /api/9/modalities", "an unknown path lists the spec's")

	_, err = faults.Parse([]byte(`{"operationId":"getModalities","status":503,"colour":"red"}`), ops)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown field "colour": a fault's fields are operationId, method, path, host, query, requestHeaders, bodyFields, patient, namespace, kind, status, headers, body, delay, bytesPerSecond, times, probability`)
}

// Each kind takes the fields it can use and refuses the rest.
func TestKindRefusals(t *testing.T) {
	for body, want := range map[string]string{
		`{"operationId":"getModalities","kind":"explode"}`:                                `'kind' "explode" is not a kind of fault: status, delay, reset`,
		`{"operationId":"getModalities","kind":"reset","status":503}`:                     `'status' has no use in a reset`,
		`{"operationId":"getModalities","kind":"gateway-page","status":302}`:              `'status' of a gateway-page must be from 400 to 599`,
		`{"operationId":"getModalities","kind":"gateway-page","body":{}}`:                 `'body' has no use in a gateway-page`,
		`{"operationId":"getModalities","kind":"slow-body"}`:                              `a slow-body needs 'bytesPerSecond' from 1 to`,
		`{"operationId":"getModalities","kind":"empty-body","bytesPerSecond":10}`:         `'bytesPerSecond' is for a slow-body fault only`,
		`{"operationId":"getModalities","kind":"truncated-body","body":{"a":1}}`:          `'body' needs a 'status' to be sent with: without one, the truncated-body shapes the operation's own answer`,
		`{"operationId":"getModalities","kind":"status"}`:                                 `a fault of kind status needs a 'status'`,
		`{"operationId":"getModalities","delay":{"uniform":{"min":"2s","max":"1s"}}}`:     `'max' must be above 'min'`,
		`{"operationId":"getModalities","delay":{"lognormal":{"median":"0s","sigma":1}}}`: `'median' must be above 0`,
		`{"operationId":"getModalities","delay":{"fixed":"1s"}}`:                          `'delay' must be a Go duration from 0 to 10m (250ms, 2s), {"uniform"`,
	} {
		_, err := faults.Parse([]byte(body), ops)
		require.Error(t, err, body)
		assert.Contains(t, err.Error(), want, body)
	}
	for body, kind := range map[string]faults.Kind{
		`{"operationId":"getModalities","kind":"reset"}`:                                          faults.KindReset,
		`{"operationId":"getModalities","kind":"gateway-page"}`:                                   faults.KindGatewayPage,
		`{"operationId":"getModalities","kind":"truncated-body","status":200,"body":{"a":"bcd"}}`: faults.KindTruncatedBody,
		`{"operationId":"getModalities","kind":"slow-body","bytesPerSecond":32}`:                  faults.KindSlowBody,
		`{"operationId":"getModalities","status":503,"headers":{"retry-after":"120"}}`:            faults.KindStatus,
	} {
		f := parse(t, body)
		assert.Equal(t, kind, f.Kind, body)
	}
	assert.Equal(t, 502, parse(t, `{"operationId":"getModalities","kind":"gateway-page"}`).Status, "a gateway page is a 502 unless told")
}
