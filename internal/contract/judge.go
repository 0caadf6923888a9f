package contract

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/mockdex/mockdex/internal/scenarios"
)

// Judge validates responses: against DexCare's published file where one
// covers the operation (its findings are breaking), and against our own
// stricter spec everywhere (its findings are warnings where DexCare
// publishes the operation, and keep their own severity where ours is the
// only description).
type Judge struct {
	ours      *Validator
	published []*publishedDoc
}

type publishedDoc struct {
	name string
	v    *Validator
	ops  []opPattern
}

// opPattern matches one published operation's requests.
type opPattern struct {
	method string
	path   *regexp.Regexp
}

// NewJudge compiles our spec and every *.json OpenAPI file in published
// (spec.Published(), or a directory of DexCare's originals); published
// may be nil.
func NewJudge(ours []byte, published fs.FS) (*Judge, error) {
	v, err := NewValidator(ours)
	if err != nil {
		return nil, err
	}
	j := &Judge{ours: v}
	if published == nil {
		return j, nil
	}
	names, err := fs.Glob(published, "*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for _, name := range names {
		doc, err := loadPublished(published, name)
		if err != nil {
			return nil, fmt.Errorf("published %s: %w", name, err)
		}
		j.published = append(j.published, doc)
	}
	return j, nil
}

func loadPublished(fsys fs.FS, name string) (*publishedDoc, error) {
	raw, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	v, err := newValidator(raw, false)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Servers []struct {
			URL       string `json:"url"`
			Variables map[string]struct {
				Default string `json:"default"`
			} `json:"variables"`
		} `json:"servers"`
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	base := ""
	if len(doc.Servers) > 0 {
		base = basePath(doc.Servers[0].URL)
	}
	p := &publishedDoc{name: name, v: v}
	for path, item := range doc.Paths {
		re := regexp.MustCompile("^" + pathParam.ReplaceAllString(regexp.QuoteMeta(base+path), `[^/]+`) + "$")
		for method := range item {
			p.ops = append(p.ops, opPattern{method: strings.ToUpper(method), path: re})
		}
	}
	return p, nil
}

// basePath is the path of a server URL whose host may be templated
// (https://ecvapi.{customerShorthand}.example.org/api/9 → /api/9).
func basePath(server string) string {
	u, err := url.Parse(pathParam.ReplaceAllString(server, "x"))
	if err != nil {
		return ""
	}
	return strings.TrimRight(u.Path, "/")
}

// pathParam matches a path template's {param} (also after QuoteMeta,
// which leaves braces alone).
var pathParam = regexp.MustCompile(`\{[^}/]+\}`)

// publishedFor returns the published file that documents the request's
// operation, if any.
func (j *Judge) publishedFor(method, rawURL string) *publishedDoc {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil
	}
	for _, d := range j.published {
		for _, op := range d.ops {
			if op.method == method && op.path.MatchString(u.Path) {
				return d
			}
		}
	}
	return nil
}

// Published reports whether DexCare publishes the request's operation.
func (j *Judge) Published(method, rawURL string) bool { return j.publishedFor(method, rawURL) != nil }

// Check judges one exchange.
func (j *Judge) Check(x scenarios.Exchange) []Finding {
	pub := j.publishedFor(x.Method, x.URL)
	ours := j.ours.Check(x)
	if pub == nil {
		return ours
	}
	for i := range ours {
		ours[i].Severity = min(ours[i].Severity, Warning)
		ours[i].Message = "spec/dexcare.yaml (stricter than DexCare's file): " + ours[i].Message
	}
	var out []Finding
	for _, f := range pub.v.Check(x) {
		f.Rule, f.Severity = RulePublishedViolation, Breaking
		f.Message = "DexCare's published " + pub.name + ": " + f.Message
		out = append(out, f)
	}
	return append(out, ours...)
}
