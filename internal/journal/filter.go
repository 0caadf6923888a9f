package journal

import (
	"fmt"
	"net/url"
	"strconv"
)

// Filter picks entries; zero fields match everything.
type Filter struct {
	OperationID string
	Status      int
	// Namespace picks one namespace when ByNamespace is set ("" is the
	// default namespace).
	Namespace   string
	ByNamespace bool
	// Limit keeps the newest Limit matches; 0 keeps all.
	Limit int
}

func (f Filter) match(e *Entry) bool {
	return (f.OperationID == "" || e.OperationID == f.OperationID) &&
		(f.Status == 0 || e.Status == f.Status) &&
		(!f.ByNamespace || e.Namespace == f.Namespace)
}

// ParseFilter reads ?operationId=&status=&namespace=&limit= as
// GET /_mockdex/requests takes them. A present but empty namespace picks
// the default namespace. The error names the parameter at fault.
func ParseFilter(q url.Values) (Filter, error) {
	f := Filter{OperationID: q.Get("operationId")}
	if v, ok := q["namespace"]; ok && len(v) > 0 {
		f.Namespace, f.ByNamespace = v[0], true
	}
	var err error
	if v := q.Get("status"); v != "" {
		if f.Status, err = strconv.Atoi(v); err != nil || f.Status < 100 || f.Status > 599 {
			return f, fmt.Errorf("'status' must be an HTTP status code (100-599)")
		}
	}
	if v := q.Get("limit"); v != "" {
		if f.Limit, err = strconv.Atoi(v); err != nil || f.Limit < 1 {
			return f, fmt.Errorf("'limit' must be a positive integer")
		}
	}
	return f, nil
}
