package server_test

import (
	"testing"

	"github.com/mockdex/mockdex/mockdextest"
)

func TestCatalogs(t *testing.T) {
	m := mockdextest.NewServer(t)
	runCalls(t, m, []call{
		{name: "qualifiers", method: "GET", path: "/api/9/assignmentqualifiers", status: 200,
			want: `[{"id":"0f7a3c2e-5b1d-4e8a-9c6f-1a2b3c4d5e01","name":"adult","group":"age","version":1,"createdAt":"2021-06-01T00:00:00Z","updatedAt":"2021-06-01T00:00:00Z"},
			        {"id":"1a8b4d3f-6c2e-4f9b-8d7a-2b3c4d5e6f02","name":"pediatric","group":"age","version":1,"createdAt":"2021-06-01T00:00:00Z","updatedAt":"2021-06-01T00:00:00Z"}]`},
		{name: "archived qualifiers", method: "GET", path: "/api/9/assignmentqualifiers?archived=true", status: 200, has: `"name":"geriatric"`},
		{name: "modalities", method: "GET", path: "/api/9/modalities?archived=false", status: 200,
			want: `[{"id":"3c0d6f5b-8e4a-4b1d-8f9c-4d5e6f7a8b04","name":"virtual","version":1,"createdAt":"2021-06-01T00:00:00Z","updatedAt":"2021-06-01T00:00:00Z"},
			        {"id":"4d1e7a6c-9f5b-4c2e-9a0d-5e6f7a8b9c05","name":"phone","version":1,"createdAt":"2021-06-01T00:00:00Z","updatedAt":"2021-06-01T00:00:00Z"}]`},
		{name: "archived modalities", method: "GET", path: "/api/9/modalities?archived=true", status: 200, has: `"name":"chat"`},
		{name: "archived not a boolean", method: "GET", path: "/api/9/modalities?archived=maybe", status: 400, has: "archived"},
	})
}
