package scenarios

import (
	"strings"
	"sync"
)

// HostOf says which of DexCare's hosts serves a path: a request's path,
// or a spec template's ({name} placeholders). It is learned from the
// scenarios (each step names its host), so there is no second table of
// path prefixes to keep in step with them: a path a step's path matches
// (placeholders matching any one segment) is that step's host; any other
// path takes the host of the step paths sharing the most leading
// segments with it, and the api host when those disagree or none does.
func HostOf(path string) Host {
	segs := segments(path)
	best, bestHost, tie := -1, API, false
	for _, r := range stepPaths() {
		if r.matches(segs) {
			return r.host
		}
		n := r.common(segs)
		switch {
		case n > best:
			best, bestHost, tie = n, r.host, false
		case n == best && r.host != bestHost:
			tie = true
		}
	}
	if tie || best < 1 {
		return API
	}
	return bestHost
}

// stepPath is one step's path as segments ("" for a placeholder) and
// the host it goes to.
type stepPath struct {
	segs []string
	host Host
}

var stepPaths = sync.OnceValue(func() []stepPath {
	seen := map[string]bool{}
	var out []stepPath
	for _, sc := range All() {
		for _, st := range sc.Steps {
			path, _, _ := strings.Cut(st.Path, "?")
			if seen[path] {
				continue
			}
			seen[path] = true
			out = append(out, stepPath{segs: segments(path), host: st.Host})
		}
	}
	return out
})

// segments splits a path; a {placeholder} segment is "".
func segments(path string) []string {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for i, s := range segs {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			segs[i] = ""
		}
	}
	return segs
}

func (r stepPath) matches(segs []string) bool {
	if len(segs) != len(r.segs) {
		return false
	}
	for i, s := range r.segs {
		if s != "" && segs[i] != "" && s != segs[i] {
			return false
		}
	}
	return true
}

// common counts the leading literal segments r shares with segs.
func (r stepPath) common(segs []string) int {
	n := 0
	for i := range min(len(segs), len(r.segs)) {
		if r.segs[i] == "" || r.segs[i] != segs[i] {
			break
		}
		n++
	}
	return n
}
