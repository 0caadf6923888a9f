package fixturefile

import "time"

// Department is an in-person clinic or retail site with a weekly schedule.
//
// The order of the fields is the order of the keys Encode writes, and
// that of the fixtures' fingerprint a state document names (see
// internal/fakes): moving or retagging one would make every saved state
// refuse to load. The same holds for every type here. Add fields at the
// end.
type Department struct {
	ID            string      `json:"id"`
	EHRSystemName string      `json:"ehrSystemName"`
	Name          string      `json:"name"`
	URLName       string      `json:"urlName"`
	Brand         string      `json:"brand"`
	Timezone      string      `json:"timezone"`
	Kind          string      `json:"kind"` // clinic or retail
	Days          []string    `json:"days"`
	Open          string      `json:"open"`
	Close         string      `json:"close"`
	SlotMinutes   int         `json:"slotMinutes"`
	VisitTypes    []VisitType `json:"visitTypes"`
	// Where the clinic is, for Care Options searches by location; a
	// department without coordinates is found by its id only.
	ClinicType string   `json:"clinicType,omitempty"`
	Latitude   *float64 `json:"latitude,omitempty"`
	Longitude  *float64 `json:"longitude,omitempty"`
	Address    Address  `json:"address"`

	loc *time.Location
}

// Address is a clinic's street address.
type Address struct {
	Line1      string `json:"line1,omitempty"`
	Line2      string `json:"line2,omitempty"`
	City       string `json:"city,omitempty"`
	State      string `json:"state,omitempty"`
	PostalCode string `json:"postalCode,omitempty"`
}

// GeoPoint is a place on the map, in degrees.
type GeoPoint struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
}

// Place is where the clinic is, if its fixtures say.
func (d Department) Place() (GeoPoint, bool) {
	if d.Latitude == nil || d.Longitude == nil {
		return GeoPoint{}, false
	}
	return GeoPoint{*d.Latitude, *d.Longitude}, true
}

// Location is the department's time zone (nil for a Department built by
// hand rather than read).
func (d Department) Location() *time.Location { return d.loc }

// IsRetail reports whether d is a retail site, booked through the /retail
// hand-off with no named provider, rather than a clinic.
func (d Department) IsRetail() bool { return d.Kind == "retail" }

// VisitType is a kind of in-person appointment a department offers.
type VisitType struct {
	ID                    string `json:"id"`
	Name                  string `json:"name"`
	Title                 string `json:"title"`
	ForNewPatient         bool   `json:"forNewPatient"`
	ForEstablishedPatient bool   `json:"forEstablishedPatient"`
}

// VisitType finds one of the department's visit types by id.
func (d Department) VisitType(id string) (VisitType, bool) {
	for _, vt := range d.VisitTypes {
		if vt.ID == id {
			return vt, true
		}
	}
	return VisitType{}, false
}
