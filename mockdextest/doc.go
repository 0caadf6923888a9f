// Package mockdextest runs mockdex inside a Go test, the way
// httptest.NewServer runs a handler: a real listener on loopback, a manual
// clock the test moves, strict response checking on, and cleanup when the
// test ends. It is mockdex's public Go API, made for tests in other
// modules: nothing in it names an internal type.
//
//	m := mockdextest.NewServer(t, mockdextest.WithServiceKey("ci-key"))
//	visit := m.CreateVisit(mockdextest.VirtualVisit{Patient: mockdextest.PatientJoe})
//	m.Clock.Advance(15 * time.Minute)
//	status := m.VisitStatus(visit, mockdextest.PatientJoe)
//
// Point the code under test at m.URL (every DexCare host: mockdex serves
// all paths on one port). The helpers fail the test (t.Fatal) when the
// mock cannot do what they ask, so call them from the test's goroutine.
// The default world's documented ids are constants here (PracticeVirtualVisits,
// PatientJoe, ProviderJennyNPI, DepartmentKent, RegionWashington, ...).
//
// Start runs a mock without a test (TestMain, an example, a program) and
// Close stops it; NoListener serves it in memory, reached through Client
// or mounted elsewhere as Handler.
//
// Helpers that change the mock's settings (Reset, the clock, faults, the
// request journal) go through mockdex's control plane under /_mockdex/,
// exactly as a test in another language would over HTTP; see
// docs/admin-api.md.
package mockdextest
