package testhook

import (
	"fmt"
	"sync"

	"github.com/mockdex/mockdex/internal/server"
)

// servers maps a *mockdextest.Server (held as any: this package cannot
// import mockdextest, which imports it) to the server behind it.
var servers sync.Map

// Register records the server behind mock; mockdextest calls it and
// Forget when the test ends.
func Register(mock any, srv *server.Server) { servers.Store(mock, srv) }

// Forget drops mock's entry.
func Forget(mock any) { servers.Delete(mock) }

// Server is the server behind a *mockdextest.Server.
func Server(mock any) *server.Server {
	srv, ok := servers.Load(mock)
	if !ok {
		panic(fmt.Sprintf("testhook: %T is not a running mockdextest server", mock))
	}
	return srv.(*server.Server)
}
