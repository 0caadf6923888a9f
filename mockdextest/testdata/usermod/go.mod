// A module outside mockdex, as a user's would be: its test compiles and
// uses every option and helper of mockdextest. mockdextest's own test
// (outside_test.go) copies it to a temporary directory and runs it there;
// the replace directive is pointed at the checkout.
module example.com/mockdexuser

go 1.26.8

require github.com/mockdex/mockdex v0.0.0

replace github.com/mockdex/mockdex => ../../..
