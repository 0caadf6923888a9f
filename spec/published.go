package spec

import (
	"embed"
	"io/fs"
)

// published holds the facts of DexCare's published OpenAPI files (see
// spec/extract): what UAT serves, without DexCare's prose or examples.
//
//go:embed published/*.json
var published embed.FS

// Published is the directory of published facts, one JSON document per
// DexCare file (visit-service-v9.json, slots-availability-v5.json,
// visit-booking-v1.json, care-options-v1.json). Each document's servers
// carry only the base path (/api/9, /v5, /v1) its paths hang under.
func Published() fs.FS {
	sub, err := fs.Sub(published, "published")
	if err != nil {
		panic(err) // the embed pattern guarantees the directory
	}
	return sub
}

// PublishedNames lists the documents in Published, sorted.
func PublishedNames() []string {
	entries, _ := fs.ReadDir(Published(), ".")
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
