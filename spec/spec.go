// Package spec embeds the OpenAPI description of every DexCare operation
// mockdex serves. It is the single source the router, the request validator,
// the strict response checks and the contract runner all read.
package spec

import (
	"context"
	_ "embed"
	"fmt"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// YAML is the raw spec, for tools that parse it themselves (libopenapi).
//
//go:embed dexcare.yaml
var YAML []byte

var formatsOnce sync.Once

// UUIDPattern is what `format: uuid` accepts: a UUID of any version RFC
// 9562 defines (1 to 8, so the time-ordered v6 and v7 and the custom v8
// too) with its variant bits, or the Nil or Max UUID, in either case.
// kin-openapi's own RFC 4122 pattern stops at version 5, refusing the v7
// ids newer systems mint, which other validators (Prism's) accept.
const UUIDPattern = `^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}` +
	`|00000000-0000-0000-0000-000000000000|[fF]{8}-[fF]{4}-[fF]{4}-[fF]{4}-[fF]{12})$`

// registerFormats teaches kin-openapi the uuid format; it keeps a
// process-wide registry, so this happens once.
func registerFormats() {
	formatsOnce.Do(func() {
		openapi3.DefineStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(UUIDPattern))
	})
}

// Load parses and validates the embedded spec. Each call returns a fresh
// document, so callers may not share mutations by accident.
func Load() (*openapi3.T, error) {
	return LoadBytes(YAML)
}

// The embedded spec, parsed once and validated once per process.
var (
	sharedParse = sync.OnceValues(func() (*openapi3.T, error) { return parse(YAML) })
	sharedCheck = sync.OnceValue(func() error {
		doc, err := sharedParse()
		if err != nil {
			return err
		}
		return validate(doc)
	})
)

// Shared is the embedded spec parsed once per process and shared by every
// caller, so a test that starts many mocks pays for the parse once. It is
// read-only: nothing may change the document or anything it points to
// (use Load for a document of your own).
func Shared() (*openapi3.T, error) {
	doc, err := SharedUnchecked()
	if err != nil {
		return nil, err
	}
	return doc, CheckShared()
}

// SharedUnchecked is Shared before its validation, for a caller that runs
// CheckShared beside other work that only reads the document (a cold
// start builds the router meanwhile) and uses neither until it passes.
func SharedUnchecked() (*openapi3.T, error) { return sharedParse() }

// CheckShared validates the shared spec, once per process.
func CheckShared() error { return sharedCheck() }

// LoadBytes parses and validates a spec given as YAML or JSON.
func LoadBytes(data []byte) (*openapi3.T, error) {
	doc, err := parse(data)
	if err != nil {
		return nil, err
	}
	return doc, validate(doc)
}

func parse(data []byte) (*openapi3.T, error) {
	registerFormats()
	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("parse spec: %w", err)
	}
	return doc, nil
}

func validate(doc *openapi3.T) error {
	if err := doc.Validate(context.Background()); err != nil {
		return fmt.Errorf("invalid spec: %w", err)
	}
	return nil
}
