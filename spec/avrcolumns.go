package spec

import "github.com/mockdex/mockdex/spec/avrcsv"

// AVRColumns is the All Visits Report CSV contract (spec/avrcsv/columns.json):
// the columns in order, each with the form of its values. The mock writes
// its CSV from it and the contract runner checks every download against it.
func AVRColumns() []avrcsv.Column { return avrcsv.Columns() }
