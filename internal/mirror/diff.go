package mirror

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"reflect"
	"slices"
	"strings"
)

// Change is one difference between a directory's fixtures and a fresh
// mirror's: an entry added (+), removed (-) or changed (~), named by file
// and by a JSON pointer whose list steps name the entry by identity
// ("/[id=123446001]/close", "/[id=…]/regions/[regionCode=WA]/oncall/virtual~1adult"),
// so a team reviews a tier's configuration change like a code change.
type Change struct {
	File string `json:"file"`
	Path string `json:"path"`
	Op   string `json:"op"` // "+", "-" or "~"
	Old  string `json:"old,omitempty"`
	New  string `json:"new,omitempty"`
}

// Diff compares the fixture files a mirror is about to write with those
// in existing (nil: none). Lists of entries are matched by their
// identity (npi, regionCode, id or name, the first they have), so a
// moved entry is a reorder, not a removal and an addition. The order is
// stable: files by name, entries in the new file's order, then removed
// ones, object keys sorted.
func Diff(existing fs.FS, files map[string][]byte) ([]Change, error) {
	if existing == nil {
		existing = emptyFS{}
	}
	var out []Change
	for _, name := range slices.Sorted(maps.Keys(files)) {
		old, err := fs.ReadFile(existing, name)
		if errors.Is(err, fs.ErrNotExist) {
			out = append(out, Change{File: name, Op: "+", New: "(new file)"})
			continue
		}
		if err != nil {
			return nil, err
		}
		a, errA := decodeLoose(old)
		b, errB := decodeLoose(files[name])
		if errA != nil || errB != nil {
			return nil, fmt.Errorf("%s: %v", name, errors.Join(errA, errB))
		}
		d := differ{file: name}
		d.value("", a, b)
		out = append(out, d.out...)
	}
	return out, nil
}

func decodeLoose(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

type differ struct {
	file string
	out  []Change
}

func (d *differ) add(op, path string, old, cur any) {
	c := Change{File: d.file, Path: path, Op: op}
	if op != "+" {
		c.Old = compact(old)
	}
	if op != "-" {
		c.New = compact(cur)
	}
	d.out = append(d.out, c)
}

func compact(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	return strings.TrimSuffix(b.String(), "\n")
}

func (d *differ) value(path string, a, b any) {
	switch av := a.(type) {
	case map[string]any:
		if bv, ok := b.(map[string]any); ok {
			d.object(path, av, bv)
			return
		}
	case []any:
		if bv, ok := b.([]any); ok && keyed(av) && keyed(bv) {
			d.list(path, av, bv)
			return
		}
	}
	if !reflect.DeepEqual(a, b) {
		d.add("~", path, a, b)
	}
}

func (d *differ) object(path string, a, b map[string]any) {
	keys := slices.Sorted(maps.Keys(a))
	for _, k := range slices.Sorted(maps.Keys(b)) {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		av, inA := a[k]
		bv, inB := b[k]
		p := path + "/" + strings.NewReplacer("~", "~0", "/", "~1").Replace(k)
		switch {
		case !inA:
			d.add("+", p, nil, bv)
		case !inB:
			d.add("-", p, av, nil)
		default:
			d.value(p, av, bv)
		}
	}
}

// list matches entries by identity: changed ones recurse, new ones are
// added, gone ones removed, and a new order of the same entries is one
// change of its own.
func (d *differ) list(path string, a, b []any) {
	old := map[string]any{}
	var oldOrder, common []string
	for _, e := range a {
		k := identity(e)
		old[k] = e
		oldOrder = append(oldOrder, k)
	}
	seen := map[string]bool{}
	for _, e := range b {
		k := identity(e)
		seen[k] = true
		if prev, ok := old[k]; ok {
			common = append(common, k)
			d.value(path+"/"+k, prev, e)
		} else {
			d.add("+", path+"/"+k, nil, e)
		}
	}
	var kept []string
	for _, k := range oldOrder {
		if !seen[k] {
			d.add("-", path+"/"+k, old[k], nil)
		} else {
			kept = append(kept, k)
		}
	}
	if !slices.Equal(kept, common) {
		d.add("~", strings.TrimSpace(path+" (order)"), kept, common)
	}
}

// identityKeys name an entry, in order of preference.
var identityKeys = []string{"npi", "regionCode", "id", "name"}

// keyed reports whether every element is an object with an identity,
// each a different one.
func keyed(list []any) bool {
	seen := map[string]bool{}
	for _, e := range list {
		k := identity(e)
		if k == "" || seen[k] {
			return false
		}
		seen[k] = true
	}
	return true
}

func identity(e any) string {
	obj, ok := e.(map[string]any)
	if !ok {
		return ""
	}
	for _, key := range identityKeys {
		if s, ok := obj[key].(string); ok && s != "" {
			return "[" + key + "=" + s + "]"
		}
	}
	return ""
}

// WriteDiff prints changes grouped by file, one line each, and a closing
// count.
func WriteDiff(w io.Writer, changes []Change) error {
	var b strings.Builder
	file := ""
	files := 0
	for _, c := range changes {
		if c.File != file {
			file, files = c.File, files+1
			b.WriteString(c.File + "\n")
		}
		switch c.Op {
		case "+":
			fmt.Fprintf(&b, "  + %s: %s\n", orRoot(c.Path), c.New)
		case "-":
			fmt.Fprintf(&b, "  - %s: %s\n", orRoot(c.Path), c.Old)
		default:
			fmt.Fprintf(&b, "  ~ %s: %s → %s\n", orRoot(c.Path), c.Old, c.New)
		}
	}
	if len(changes) == 0 {
		b.WriteString("no changes\n")
	} else {
		fmt.Fprintf(&b, "%d changes in %d files\n", len(changes), files)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func orRoot(p string) string {
	if p == "" {
		return "(file)"
	}
	return p
}
