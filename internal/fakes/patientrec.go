package fakes

import (
	"maps"
	"slices"
	"strings"
)

// A patient created at runtime is stored packed (see packedtext.go): its
// fields, a flags field, then its address as key, value pairs. About 200
// bytes where the Patient struct with its address map took some 750.
const (
	patientFields  = 12 // the eleven strings below and the flags
	flagGuest      = 'g'
	flagHasAddress = 'a' // Address was not nil (an empty map stays empty)
)

func packPatient(p *Patient) string {
	flags := ""
	if p.Guest {
		flags += string(flagGuest)
	}
	if p.Address != nil {
		flags += string(flagHasAddress)
	}
	fields := []string{p.PatientGUID, p.FirstName, p.LastName, p.Gender, p.DateOfBirth, p.Email, p.Phone,
		p.HomeMarket, p.EHRIdentifier, p.EHRIdentifierType, p.HomeEHR, flags}
	for _, k := range slices.Sorted(maps.Keys(p.Address)) {
		fields = append(fields, k, p.Address[k])
	}
	return packTexts(fields)
}

func unpackPatient(text string) Patient {
	var f [patientFields]string
	for i := range f {
		f[i], text = nextText(text)
	}
	p := Patient{PatientGUID: f[0], FirstName: f[1], LastName: f[2], Gender: f[3], DateOfBirth: f[4],
		Email: f[5], Phone: f[6], HomeMarket: f[7], EHRIdentifier: f[8], EHRIdentifierType: f[9], HomeEHR: f[10],
		Guest: strings.IndexByte(f[11], flagGuest) >= 0}
	if strings.IndexByte(f[11], flagHasAddress) >= 0 {
		p.Address = map[string]string{}
	}
	for text != "" {
		var k, v string
		k, text = nextText(text)
		v, text = nextText(text)
		p.Address[k] = v
	}
	return p
}
