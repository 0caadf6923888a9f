package fakes

import "github.com/mockdex/mockdex/internal/apierr"

// Booking refusals. Messages name the request field at fault (as the
// provider booking body spells it), never a value.
var (
	errSlotUnknownDepartment = apierr.InvalidField("visitDetails.slotId",
		"visitDetails.slotId names a department that does not exist")
	errSlotDepartmentMismatch = apierr.InvalidField("visitDetails.departmentId",
		"visitDetails.departmentId does not match the department of visitDetails.slotId")
	errBookingUnknownProvider = apierr.InvalidField("visitDetails.nationalProviderId",
		"visitDetails.nationalProviderId does not name a known provider")
	errProviderNotInDepartment = apierr.InvalidField("visitDetails.nationalProviderId",
		"the provider in visitDetails.nationalProviderId does not work in visitDetails.departmentId")
	errEHRMismatch = apierr.InvalidField("visitDetails.ehrSystemName",
		"visitDetails.ehrSystemName does not match the department's EHR system")
	errSlotVisitType = apierr.InvalidField("visitDetails.slotId",
		"the visit type in visitDetails.slotId is not offered by its department")
	errSlotOffSchedule = apierr.InvalidField("visitDetails.slotId",
		"visitDetails.slotId does not name a slot on the department's schedule")
	errSlotPast = apierr.InvalidField("visitDetails.slotId",
		"the time slot in visitDetails.slotId has already passed")
	errSlotTaken = apierr.Conflictf("the time slot is no longer available")
)

// ErrSlotPast and ErrSlotTaken let callers tell a slot that is gone from
// other refusals (the retail page offers new slots for both).
var (
	ErrSlotPast  error = errSlotPast
	ErrSlotTaken error = errSlotTaken
)
