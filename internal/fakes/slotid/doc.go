// Package slotid is the slotId of DexCare's in-person booking: the
// opaque string a slot listing hands a client and a booking hands back.
// It is base64 of a small JSON object naming the slot by department,
// visit type and local date and time, the same form as the slotIds in
// DexCare's booking examples, so a client can book with the docs' ids and
// with the mock's alike. New and Encode make one; Decode reads one,
// leniently as to base64 alphabet, padding and JSON layout.
package slotid
