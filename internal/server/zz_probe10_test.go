//go:build probe

package server_test

import (
	"net/http/httptest"
	"testing"

	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/mockdex/mockdex/mockdextest"
)

func TestProbeSpecBreach(t *testing.T) {
	m := mockdextest.NewServer(t, mockdextest.Lenient())
	router, _ := gorillamux.NewRouter(m.Mock.Spec())
	for _, op := range fuzzOps() {
		req, _ := fuzzRequest(m, op, "6996d161-cd16-4556-9577-f942c3f80c80", "", []byte(op.body), 0)
		rec := httptest.NewRecorder()
		rec.WriteHeader(418)
		err := specBreach(router, req, rec)
		t.Logf("%s %s -> %v", op.method, op.path, err != nil)
	}
}
