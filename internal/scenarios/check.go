package scenarios

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
)

// check holds a response to its expectations and returns the decoded
// JSON body (nil for non-JSON answers).
func check(e Expect, x Exchange, vars Vars) (any, error) {
	if e.Status != 0 && x.Status != e.Status {
		return nil, fmt.Errorf("status %d, want %d", x.Status, e.Status)
	}
	if len(e.OneOf) > 0 && !slices.Contains(e.OneOf, x.Status) {
		return nil, fmt.Errorf("status %d, want one of %v", x.Status, e.OneOf)
	}
	ct := x.RespHeader.Get("Content-Type")
	if e.ContentType != "" && !strings.HasPrefix(ct, e.ContentType) {
		return nil, fmt.Errorf("content type %q, want %s", ct, e.ContentType)
	}
	var body any
	if strings.Contains(ct, "json") && len(x.RespBody) > 0 {
		if err := json.Unmarshal(x.RespBody, &body); err != nil {
			return nil, fmt.Errorf("response is not JSON: %v", err)
		}
	}
	if err := checkJSON(e, body, vars); err != nil {
		return body, err
	}
	if e.Check != nil {
		return body, e.Check(body, vars)
	}
	return body, nil
}

func checkJSON(e Expect, body any, vars Vars) error {
	for _, ptr := range e.Present {
		if _, ok := Lookup(body, ptr); !ok {
			return fmt.Errorf("missing %s", ptr)
		}
	}
	for _, ptr := range sortedKeys(e.JSON) {
		want, err := vars.expandAny(e.JSON[ptr])
		if err != nil {
			return err
		}
		got, ok := Lookup(body, ptr)
		if !ok {
			return fmt.Errorf("missing %s", ptr)
		}
		if !reflect.DeepEqual(normalize(got), normalize(want)) {
			// Values are not printed: they may be patient data.
			return fmt.Errorf("unexpected value at %s", ptr)
		}
	}
	return nil
}

// normalize makes Go literals comparable with decoded JSON.
func normalize(x any) any {
	b, err := json.Marshal(x)
	if err != nil {
		return x
	}
	var out any
	_ = json.Unmarshal(b, &out)
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// poll repeats the step until the value at Poll.Pointer is one of
// Poll.Until, waiting (or advancing the target's clock) between tries with
// a growing interval, and gives up after Poll.Deadline of waiting.
func poll(ctx context.Context, st Step, t Target, vars Vars, sr *StepResult) error {
	p := st.Poll
	interval, waited := p.Every, time.Duration(0)
	for {
		body, err := once(ctx, st, t, vars, sr, nil)
		if err != nil || body == nil {
			return err
		}
		v, _ := Lookup(body, p.Pointer)
		if slices.Contains(p.Until, scalar(v)) {
			return nil
		}
		if waited >= p.Deadline {
			return fmt.Errorf("%s still %q after %s", p.Pointer, scalar(v), waited)
		}
		if err := t.wait(ctx, interval); err != nil {
			return err
		}
		waited += interval
		interval = min(interval+interval/2, maxPollInterval)
	}
}

// walkPages requests every page of a search and checks that the pages
// together hold exactly count distinct records.
func walkPages(ctx context.Context, st Step, t Target, vars Vars, sr *StepResult) error {
	pg := st.Pages
	seen := map[string]bool{}
	for offset, count, page := 0, -1, 0; count < 0 || offset < count; offset, page = offset+pg.Limit, page+1 {
		if pg.MaxPages > 0 && page == pg.MaxPages {
			break
		}
		body, err := once(ctx, st, t, vars, sr, map[string]any{"limit": pg.Limit, "offset": offset})
		if err != nil || body == nil {
			return err
		}
		c, _ := Lookup(body, pg.CountPointer)
		n, ok := c.(float64)
		if !ok {
			return fmt.Errorf("no number at %s", pg.CountPointer)
		}
		if count >= 0 && int(n) != count {
			return fmt.Errorf("count changed from %d to %d while paging", count, int(n))
		}
		count = int(n)
		if err := collectIDs(body, pg, seen, offset, count); err != nil {
			return err
		}
		if count == 0 {
			break
		}
	}
	return nil
}

func collectIDs(body any, pg *Pages, seen map[string]bool, offset, count int) error {
	items, _ := Lookup(body, pg.ItemsPointer)
	list, ok := items.([]any)
	if !ok {
		return fmt.Errorf("no array at %s", pg.ItemsPointer)
	}
	if want := min(pg.Limit, count-offset); len(list) != want {
		return fmt.Errorf("page at offset %d has %d records, want %d", offset, len(list), want)
	}
	for i, it := range list {
		id, _ := Lookup(it, "/"+pg.IDKey)
		key := scalar(id)
		if seen[key] {
			return fmt.Errorf("record %s/%d repeats an earlier page's id", pg.ItemsPointer, offset+i)
		}
		seen[key] = true
	}
	return nil
}
