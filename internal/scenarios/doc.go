// Package scenarios holds DexCare's documented flows as named, tagged
// scenarios: ordered HTTP steps with captures, polling and assertions.
//
// Scenarios speak HTTP only (they never import the server or the fakes),
// so one set of flows serves two uses: the mock's own tests run them
// against an in-process mockdex, and the contract runner runs them against
// a real DexCare tier and compares the answers.
//
// Data a scenario creates is synthetic and recognisable: names are
// "Contract Check" and visit reasons start with "mockdex contract check",
// so a UAT team can find and clean it.
package scenarios
