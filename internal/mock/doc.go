// Package mock assembles a mockdex mock from Options: the one constructor
// that `mockdex serve`, mockdextest and the contract runner's in-process
// target all use.
//
// New builds the parts and wires them: the world template and the
// namespaces over it (internal/namespaces), the request journal, the
// OpenAPI gate with the mock's credentials (internal/gate), DexCare's API
// (internal/server), the control plane under /_mockdex/
// (internal/control) unless Options.NoAdmin, and persistence in
// Options.DataDir when given. The Mock it returns is the http.Handler to
// serve, and what tests and commands need besides: its namespaces,
// clock, journal and the options in effect.
//
// It sits above server and control, which both sit above namespaces;
// neither of them imports this package.
package mock
