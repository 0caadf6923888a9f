package control_test

import (
	"github.com/mockdex/mockdex/internal/server"
	"github.com/mockdex/mockdex/internal/testhook"
	"github.com/mockdex/mockdex/mockdextest"
)

// serverOf is the server behind a test mock, for tests that look at (or
// plant) state in its world directly rather than through the API.
func serverOf(m *mockdextest.Server) *server.Server { return testhook.Server(m) }
