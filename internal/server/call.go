package server

import (
	"net/url"
	"time"

	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/gate"
	"github.com/mockdex/mockdex/internal/journal"
	"github.com/mockdex/mockdex/internal/namespaces"
)

// Call is one request as its handler sees it: routed and checked by the
// gate (the operation, path parameters, the query parsed once, the
// verified patient, the body parsed once), served from one namespace's
// world at one instant. Handlers take it and return an Answer or an
// error; they never write the response themselves.
type Call struct {
	gate.Input
	// World is the namespace's world, read-locked until the answer is
	// written: a reset waits for it.
	World *fakes.World
	// Now is the mock time the request is served at, by the namespace's
	// clock: one instant per request, so an answer never straddles a
	// clock change.
	Now time.Time
	// Namespace is the name of the namespace serving the request.
	Namespace string

	style   errStyle         // the operation's x-error-style
	capture *journal.Capture // nil: not journaled
}

// useNamespace serves the call from ns: its name, and its clock's time,
// which the journal records too.
func (c *Call) useNamespace(ns *namespaces.Namespace) {
	c.Namespace, c.Now = ns.Name(), ns.Clock().Now()
	c.capture.SetTime(c.Now)
}

// keepNamespace is the query parameter that keeps a browser in the
// call's namespace, nil for the default namespace: a browser cannot send
// the header, so links and forms carry it.
func (c *Call) keepNamespace() url.Values {
	if c.Namespace != "" && c.Namespace != namespaces.Default {
		return url.Values{namespaces.Param: {c.Namespace}}
	}
	return nil
}

// handler serves one operation: an Answer, or an error the one writer
// words in the operation's style.
type handler func(*Call) (Answer, error)

// decoded binds a handler that takes the request body, decoded into its
// own type from the gate's one parse (gate.Input.Decode).
func decoded[T any](h func(*Call, *T) (Answer, error)) handler {
	return func(c *Call) (Answer, error) {
		body := new(T)
		if err := c.Decode(body); err != nil {
			return Answer{}, err
		}
		return h(c, body)
	}
}
