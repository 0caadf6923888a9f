//go:build probe

package server_test

import (
	"io"
	"regexp"
	"testing"
)

func TestProbeRetail(t *testing.T) {
	m, br := newProbeServer(t)
	re := regexp.MustCompile(`<h1[^>]*>([^<]*)</h1>|role="alert">([^<]*)<`)
	for _, q := range []string{
		"timeSlot=2024-06-03T15:40:00-07:00&departmentUrlName=AcmeC4&brand=Acme",
		"timeSlot=garbage&departmentUrlName=AcmeC4&brand=Acme",
		"timeSlot=&departmentUrlName=AcmeC4&brand=Acme",
		"departmentUrlName=AcmeC4&brand=Acme",
		"timeSlot=2024-06-03T15:40:00-07:00&departmentUrlName=AcmeC4&brand=acme",
		"timeSlot=2024-06-03T15:41:00-07:00&departmentUrlName=AcmeC4&brand=Acme",
		"timeSlot=2024-06-03T15:40:00Z&departmentUrlName=AcmeC4&brand=Acme",
		"timeSlot=9999-12-31T23:59:00-07:00&departmentUrlName=AcmeC4&brand=Acme",
		"timeSlot=0001-01-01T00:00:00Z&departmentUrlName=AcmeC4&brand=Acme",
		"timeSlot=2024-06-03T15:40:00-07:00&departmentUrlName=AcmeC4&brand=Acme&aggregate=maybe",
		"timeSlot=2024-06-03T15:40:00-07:00&brand=Acme&aggregate=true",
		"timeSlot=2024-06-03T15:40:00-07:00&departmentUrlName=123446001&brand=Acme",
		"timeSlot=2024-06-03T15:40:00-07:00&departmentUrlName=AcmeC4&brand=providence",
		"timeSlot=2024-06-03T15:40:00-07:00&departmentUrlName=AcmeC4&brand=Acme&brand=providence",
	} {
		*br = nil
		resp := m.Do("GET", "/retail?"+q, "")
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		ms := re.FindAllStringSubmatch(string(b), 3)
		t.Logf("%d %q %v %v", resp.StatusCode, q, ms, *br)
	}
	for _, f := range []string{
		"timeSlot=2024-06-03T15%3A40%3A00-07%3A00&departmentUrlName=AcmeC4&brand=Acme&firstName=Ada&lastName=L&dateOfBirth=1990-12-10&visitReason=x",
		"timeSlot=2024-06-03T15%3A40%3A00-07%3A00&departmentUrlName=AcmeC4&brand=Acme&firstName=Ada&lastName=L&dateOfBirth=2030-12-10&visitReason=x",
		"timeSlot=2024-06-03T15%3A20%3A00-07%3A00&departmentUrlName=AcmeC4&brand=Acme&firstName=Ada&lastName=L&dateOfBirth=1990-02-30&visitReason=x",
		"timeSlot=2024-06-03T15%3A20%3A00-07%3A00&departmentUrlName=AcmeC4&brand=Acme&firstName=+&lastName=L&dateOfBirth=1990-02-03&visitReason=+",
		"timeSlot=garbage&departmentUrlName=AcmeC4&brand=Acme&firstName=Ada&lastName=L&dateOfBirth=1990-02-03&visitReason=x",
		"timeSlot=2024-06-03T15%3A20%3A00-07%3A00&departmentUrlName=Nope&brand=Acme&firstName=Ada&lastName=L&dateOfBirth=1990-02-03&visitReason=x",
		"timeSlot=2024-06-03T15%3A20%3A00-07%3A00&departmentUrlName=AcmeC4&brand=Acme&firstName=Ada&lastName=L&dateOfBirth=1990-02-03&visitReason=x&email=notanemail&phone=abc",
	} {
		*br = nil
		resp := m.Do("POST", "/retail", f, "Content-Type: application/x-www-form-urlencoded")
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		ms := re.FindAllStringSubmatch(string(b), 3)
		t.Logf("POST %d %.90q %v %v", resp.StatusCode, f, ms, *br)
	}
}
