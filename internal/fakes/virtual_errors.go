package fakes

import "github.com/mockdex/mockdex/internal/apierr"

// Errors of the virtual-care fakes. Messages name fields, never values.
var (
	errPracticeNotFound = apierr.NotFoundf("Practice not found")
	errUnknownPractice  = apierr.InvalidField("visitDetails.practiceId", "'visitDetails.practiceId' is not a known practice")
	errRegionNotServed  = apierr.InvalidField("visitDetails.stateLicensure", "'visitDetails.stateLicensure' is not a region the practice serves")
	errTermsNotAccepted = apierr.InvalidField("visitDetails.acceptedTerms", "'visitDetails.acceptedTerms' must be true")
	errMissingReason    = apierr.InvalidField("visitDetails.visitReason", "'visitDetails.visitReason' must not be blank").WithCode("MISSING_VISIT_REASON")
	errActorRequired    = apierr.InvalidField("actor", "'actor' is required when 'visitDetails.declaration' is other")
	errPatientNotFound  = apierr.InvalidField("patient", "Patient record not found with supplied identifier").WithCode("PATIENT_RECORD_NOT_FOUND")
	errNotYourPatient   = apierr.Forbiddenf("The token's subject is not the patient in the request")
	errVisitEnded       = apierr.Conflictf("The visit has already ended")
	// A clock set back before a visit's creation cannot end it.
	errVisitNotYetCreated = apierr.Conflictf("The visit is created after the mock's current time; move the clock forward first")
)
