package gate

import (
	"fmt"
	"io/fs"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"

	"github.com/mockdex/mockdex/spec"
)

// A published operation is one of DexCare's own (spec/published), found
// for one of ours by method and full path: the published file's server
// base path (/api/9, /v5, /v1) joined to its path template.
type publishedOp struct {
	file  string
	route *routers.Route
}

// publishedIndex maps "METHOD /full/path/{}" to the published operation.
type publishedIndex map[string]publishedOp

// loadPublishedIndex reads every published file once per process: strict
// mode checks each response against the file that defines it as well as
// against our spec. The facts carry no descriptions, so they are loaded
// without kin-openapi's document validation (which insists on them).
var loadPublishedIndex = sync.OnceValues(func() (publishedIndex, error) {
	idx := publishedIndex{}
	for _, name := range spec.PublishedNames() {
		data, err := fs.ReadFile(spec.Published(), name)
		if err != nil {
			return nil, err
		}
		doc, err := openapi3.NewLoader().LoadFromData(data)
		if err != nil {
			return nil, fmt.Errorf("published %s: %w", name, err)
		}
		if err := idx.add(name, doc); err != nil {
			return nil, err
		}
	}
	return idx, nil
})

func (idx publishedIndex) add(name string, doc *openapi3.T) error {
	base := ""
	if len(doc.Servers) > 0 {
		base = strings.TrimSuffix(doc.Servers[0].URL, "/")
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			key := publishedKey(method, base+path)
			if prev, dup := idx[key]; dup {
				return fmt.Errorf("%s %s is published twice (%s, %s)", method, base+path, prev.file, name)
			}
			idx[key] = publishedOp{file: name, route: &routers.Route{
				Spec: doc, Path: path, PathItem: item, Method: method, Operation: op,
			}}
		}
	}
	return nil
}

var pathParamPattern = regexp.MustCompile(`\{[^}]*\}`)

// publishedKey ignores path parameter names ({npid} and {npi} are one path).
func publishedKey(method, path string) string {
	return strings.ToUpper(method) + " " + pathParamPattern.ReplaceAllString(path, "{}")
}

// lookup finds the published operation for one of ours, if DexCare
// publishes it.
func (idx publishedIndex) lookup(route *routers.Route) (publishedOp, bool) {
	op, ok := idx[publishedKey(route.Method, route.Path)]
	return op, ok
}

// publishedExemptions are answers we give on purpose that the published
// file does not declare; docs/known-differences.md explains each. Only a
// status is ever exempt, never a body that breaks a declared schema.
var publishedExemptions = map[string]map[int]string{
	// The published files declare security (global x-api-key) but no
	// refusal status for these; we refuse as the operation's siblings do.
	"slotTaken":            {http.StatusUnauthorized: "x-api-key refused: 401 as the other slots v5 operations"},
	"slotReleased":         {http.StatusUnauthorized: "x-api-key refused: 401 as the other slots v5 operations"},
	"getAggregatedSlotsV1": {http.StatusForbidden: "x-api-key refused: 403 as the other Care Options operations"},
	// Parameters these refuse (archived=maybe, visitTypeNames=) have no
	// published 400; a 400 is what DexCare's validator answers.
	"getAssignmentQualifiers":           {http.StatusBadRequest: "a malformed parameter is refused"},
	"getModalities":                     {http.StatusBadRequest: "a malformed parameter is refused"},
	"getAvailabilityAndWaitTimes":       {http.StatusBadRequest: "a malformed parameter is refused"},
	"getRegionAvailabilityAndWaitTimes": {http.StatusBadRequest: "a malformed parameter is refused"},
	"processTokboxSessionEvents":        {http.StatusBadRequest: "a body that is not a JSON object is refused"},
	// A visitId that is not a UUID: the published file declares the
	// format but no 400.
	"updateAcceptTerms": {http.StatusBadRequest: "a visitId that is not a UUID"},
	// No provider can take the visit: the published guest file has no 409.
	// A full mock (--max-visits) is mockdex's own answer: 507.
	"createQueuedGuestVisit": {http.StatusConflict: "region unavailable", http.StatusInsufficientStorage: "the mock's visit cap"},
	"createVisitV9":          {http.StatusInsufficientStorage: "the mock's visit cap"},
}

// exempt reports whether an undeclared status is one we answer on purpose.
func publishedExempt(opID string, status int) bool {
	_, ok := publishedExemptions[opID][status]
	return ok
}

// PublishedOperations lists the operationIds DexCare publishes a file for
// (spec/published): strict mode checks their answers against it too.
func PublishedOperations() ([]string, error) {
	idx, err := loadPublishedIndex()
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(idx))
	for _, pub := range idx {
		ids = append(ids, pub.route.Operation.OperationID)
	}
	sort.Strings(ids)
	return ids, nil
}
