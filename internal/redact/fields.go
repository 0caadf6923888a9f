package redact

import (
	"strings"
	"unicode"
)

// Class says how sensitive a field is.
type Class int

const (
	// Public fields are shown as they are.
	Public Class = iota
	// Identifier fields name a patient or user without describing them.
	Identifier
	// Personal fields are patient or actor data, or health information.
	Personal
	// Secret fields are credentials and payment tokens.
	Secret
)

// fields maps a folded key (see Fold) to its class. Keys not here are
// Public. Visit, practice and report ids are public on purpose.
var fields = map[string]Class{}

func init() {
	add(Personal,
		// names
		"firstname", "lastname", "middlename", "suffixname", "namesuffix",
		"fullname", "patientname", "preferredname",
		"actorfirstname", "actorlastname", "actoremail",
		// demographics (billingInfo's subscriber fields sit outside patient)
		"dateofbirth", "birthdate", "dob", "gender", "sex", "ssn",
		// contact
		"email", "emailaddress", "phone", "phonenumber", "mobilephone",
		"address", "line1", "line2", "city", "postalcode", "zip", "zipcode",
		// records and insurance
		"ehridentifier", "mrn", "insurancememberid", "insurancegroupnumber",
		"insurancesubscriberid",
		// health information
		"visitreason", "reason", "additionaldetails",
	)
	add(Identifier, "patientguid", "userid", "actorid", "accountid")
	add(Secret,
		"password", "token", "accesstoken", "apikey", "servicekey", "secret",
		"stripetoken", "couponcode", "paymentaccountid",
		// a visit's TokBox session credentials
		"sessionid",
	)
}

// textFields are keys whose class applies only to a text value: TokBox's
// connection "data" is the user's details as a JSON string, while the All
// Providers Report's "data" is the list of records, walked like any list.
var textFields = map[string]Class{"data": Personal}

func init() {
	for k := range textFields {
		shapes[len(k)][k[0]] = true
	}
}

func add(c Class, keys ...string) {
	for _, k := range keys {
		fields[k] = c
		if len(k) < len(shapes) {
			shapes[len(k)][k[0]] = true
		}
	}
}

// shapes[n][c] says whether some listed key of n bytes starts with c: a
// key of any other shape is Public without a map lookup, which is most
// keys of most bodies (the byte walk asks for every key it meets).
var shapes [48][256]bool

// Fold is a key as the list spells it: lower case, without '_' or '-',
// so patient_guid, PatientGuid and patient-guid are one field.
func Fold(key string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r == '-' {
			return -1
		}
		return unicode.ToLower(r)
	}, key)
}

// Of is the class of a JSON, form, query or header key.
func Of(key string) Class { return fields[Fold(key)] }

// OfValue is the class of a JSON key holding v: Of, and for text, the
// text-only fields too.
func OfValue(key string, v any) Class {
	if _, text := v.(string); text {
		if c, ok := textFields[Fold(key)]; ok {
			return c
		}
	}
	return Of(key)
}
