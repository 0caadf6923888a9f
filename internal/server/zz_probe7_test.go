//go:build probe

package server_test

import "testing"

func TestProbeEmptyParams(t *testing.T) {
	m, br := newProbeServer(t)
	for _, q := range []string{"assignmentQualifiers=", "visitTypeNames=", "regionCodes=", "practiceId=", "homeMarket=", "regionCodes=WA&regionCodes=", "regionCodes=,"} {
		show(t, m, br, q, "GET", "/api/9/regions/waittimes?"+q, "")
	}
	for _, q := range []string{"daysOfSlots=", "startDate=", "visitTypeName=", "product=", "newOrEstablishedPatient="} {
		show(t, m, br, q, "GET", "/v5/providers/1629394572/timeslots?"+q, "", m.XAPIKey())
	}
	show(t, m, br, "guest no product", "POST", "/v1/booking/queued-guest-visit", guestOK, m.XAPIKey())
	show(t, m, br, "guest empty product", "POST", "/v1/booking/queued-guest-visit?product=", guestOK, m.XAPIKey())
	show(t, m, br, "HEAD", "HEAD", "/api/9/modalities", "")
	show(t, m, br, "OPTIONS", "OPTIONS", "/api/9/modalities", "")
	show(t, m, br, "trailing slash", "GET", "/api/9/modalities/", "")
	show(t, m, br, "double slash", "GET", "//api/9/modalities", "")
	show(t, m, br, "case", "GET", "/API/9/modalities", "")
	show(t, m, br, "modalities archived", "GET", "/api/9/modalities?archived=maybe", "")
}
