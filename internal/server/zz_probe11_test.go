//go:build probe

package server_test

import (
	"strings"
	"testing"
	"time"
)

func TestProbeDeepValid(t *testing.T) {
	m, br := newProbeServer(t)
	for _, depth := range []int{9000, 9999, 10001} {
		deep := strings.Repeat("[", depth) + strings.Repeat("]", depth)
		start := time.Now()
		show(t, m, br, "avr deep", "POST", avrPath, `{"type":"virtual","x":`+deep+`}`, m.DCToken())
		show(t, m, br, "visit deep", "POST", "/api/9/visits", `{"zz":`+deep+`,`+joeVisit(t, nil)[1:], m.Bearer(joeGUID))
		deepObj := strings.Repeat(`{"a":`, depth) + "1" + strings.Repeat("}", depth)
		show(t, m, br, "visit deep in patient", "POST", "/api/9/visits", strings.Replace(joeVisit(t, nil), `"patient":{`, `"patient":{"zz":`+deepObj+`,`, 1), m.Bearer(joeGUID))
		t.Logf("depth %d took %v", depth, time.Since(start))
	}
}
