// Package fixturefile is the fixture file format: the files of a
// fixtures directory (the embedded default world under fixtures/, a
// --fixtures DIR, what `contract mirror` writes), their Go types, what
// their fields mean, and how they are read and written.
//
// A directory holds
//
//	practices.json    []Practice: virtual practices, their regions (hours,
//	                  capacity, on-call counts per pool) and departments
//	departments.json  []Department: in-person clinics and retail sites,
//	                  their weekly schedules and visit types
//	providers.json    Providers: named providers, and how many on-call
//	                  providers to generate (and from what)
//	patients.json     []Patient
//	catalog.json      Catalog: assignment qualifiers, modalities, brands
//	settings.json     Settings: the knobs of the queue and report models
//	postalcodes.json  map[string]GeoPoint, optional: where the postal
//	                  codes Care Options searches may name are
//
// Read reads a whole directory strictly: a field the format does not
// have, a value of the wrong JSON type, trailing data, a file over
// MaxFileBytes, an unknown time zone, malformed hours, a provider in a
// department the directory does not list or generated providers that
// cannot be made are refused, with an *Error naming the file and the
// field. Time zones and hours are resolved once,
// at read, so the types' methods (Location, Windows, SlotStartsOn...)
// never parse.
//
// Encode writes a file as people review it in a pull request.
//
// The JSON form of these types is also the fixtures' fingerprint a state
// document names (internal/fakes hashes a world's fixtures as JSON), so
// a field's name, tag and place are fixed once released.
//
// What a world makes of the files (providers generated from a seed, who
// is on call for which pool, the history) is internal/fakes' business;
// this package imports nothing of mockdex's, so both fakes (which reads
// fixtures) and mirror (which writes them) can use it without either
// importing the other.
package fixturefile
