package journal

import (
	"sync"
	"sync/atomic"

	"github.com/mockdex/mockdex/internal/redact"
)

// headerClass says what the journal keeps of a header.
type headerClass uint8

const (
	keepHeader headerClass = iota
	maskHeader             // named like a secret or a patient field: value masked
	dropHeader             // carries credentials: not kept at all
)

const maskValue = redact.Mask

// classes caches each header name's class: a request carries a handful
// of names, and folding one costs more than looking it up. Only the
// first maxCachedNames names are cached, so a client sending random
// names cannot grow it.
var (
	classes     sync.Map // header name → headerClass
	cachedNames atomic.Int32
)

const maxCachedNames = 1024

func classOf(name string) headerClass {
	if c, ok := classes.Load(name); ok {
		return c.(headerClass)
	}
	c := classify(name)
	if cachedNames.Add(1) <= maxCachedNames {
		classes.Store(name, c)
	}
	return c
}

func classify(name string) headerClass {
	if redact.CredentialHeader(name) {
		return dropHeader
	}
	if redact.Journal.MasksHeader(name) {
		return maskHeader
	}
	return keepHeader
}
