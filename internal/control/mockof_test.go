package control_test

import (
	"github.com/mockdex/mockdex/internal/mock"
	"github.com/mockdex/mockdex/mockdextest"
)

// mockOf is the mock behind a test mock (mockdextest's Handler), for
// tests that look at (or plant) state in its world directly rather than
// through the API.
func mockOf(m *mockdextest.Server) *mock.Mock { return m.Handler().(*mock.Mock) }
