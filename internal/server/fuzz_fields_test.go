package server_test

import (
	"encoding/json"
	"net/http/httptest"
	"sort"
	"strconv"
	"testing"

	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/mockdex/mockdex/mockdextest"
)

// FuzzBodyFields keeps each JSON body well formed and fuzzes one value in
// it (a string, a number, null, a boolean, an empty object or array, or
// the key removed), so inputs get past the JSON parser into the schema's
// rules and the handlers' own. The properties are FuzzOperations'.
func FuzzBodyFields(f *testing.F) {
	var ops []fuzzOp
	for _, op := range fuzzOps() {
		if op.ctype == fuzzJSON {
			ops = append(ops, op)
		}
	}
	for i, op := range ops {
		for j := range leafPaths(decodeSeed(op.body)) {
			f.Add(uint8(i), uint8(j), "x", uint8(j%7))
		}
	}
	m := mockdextest.NewServer(f, mockdextest.Lenient())
	router, err := gorillamux.NewRouter(mockOf(m).Spec())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, opIdx, leafIdx uint8, value string, kind uint8) {
		op := ops[int(opIdx)%len(ops)]
		doc := decodeSeed(op.body)
		paths := leafPaths(doc)
		setLeaf(doc, paths[int(leafIdx)%len(paths)], fuzzValue(value, kind))
		body, err := json.Marshal(doc)
		if err != nil {
			return
		}
		req, _ := fuzzRequest(m, op, "", "product=DCIntSched", body, 0)
		mockOf(m).Reset()
		rec := httptest.NewRecorder()
		mockOf(m).ServeHTTP(rec, req.Clone(req.Context()))
		checkFuzzResponse(t, rec, specBreach(router, req, rec))
	})
}

// deleteKey marks a leaf to remove rather than set.
type deleteKey struct{}

func fuzzValue(s string, kind uint8) any {
	switch kind % 7 {
	case 1:
		if n, err := strconv.ParseFloat(s, 64); err == nil {
			return n
		}
	case 2:
		return nil
	case 3:
		return len(s)%2 == 0
	case 4:
		return deleteKey{}
	case 5:
		return map[string]any{}
	case 6:
		return []any{s}
	}
	return s
}

func decodeSeed(body string) map[string]any {
	var doc map[string]any
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		panic(err) // the seed bodies are constants of this file
	}
	return doc
}

// leafPaths lists the keys leading to each non-object value, in a stable
// order so a leaf index means the same field on every run.
func leafPaths(doc map[string]any) [][]string {
	var out [][]string
	keys := make([]string, 0, len(doc))
	for k := range doc {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if sub, ok := doc[k].(map[string]any); ok {
			for _, p := range leafPaths(sub) {
				out = append(out, append([]string{k}, p...))
			}
			continue
		}
		out = append(out, []string{k})
	}
	return out
}

func setLeaf(doc map[string]any, path []string, v any) {
	for _, k := range path[:len(path)-1] {
		doc = doc[k].(map[string]any)
	}
	if _, del := v.(deleteKey); del {
		delete(doc, path[len(path)-1])
		return
	}
	doc[path[len(path)-1]] = v
}
