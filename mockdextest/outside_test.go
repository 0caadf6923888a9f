package mockdextest_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/e2e/binaries"
)

const userModule = "testdata/usermod"

// TestFromAnotherModule runs the tests of a module that is not mockdex
// (testdata/usermod, which requires mockdex through a replace directive),
// as a user's own tests would run: every option and helper must compile
// and work from outside, where internal packages cannot be imported. The
// module is copied to a temporary directory so the run writes nothing into
// the checkout; it starts from mockdex's go.sum and reuses the module cache.
func TestFromAnotherModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs another module's tests")
	}
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	dir := t.TempDir()
	copyFile(t, filepath.Join(userModule, "user_test.go"), filepath.Join(dir, "user_test.go"))
	copyFile(t, filepath.Join(root, "go.sum"), filepath.Join(dir, "go.sum"))
	mod, err := os.ReadFile(filepath.Join(userModule, "go.mod"))
	require.NoError(t, err)
	mod = []byte(strings.Replace(string(mod), "=> ../../..", "=> "+root, 1))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), mod, 0o644))

	cmd := exec.Command("go", "test", "-count=1", "-v", "./...")
	cmd.Dir = dir
	// The end-to-end tests' one build flavour (e2e/binaries): the
	// dependencies are compiled once for this and for them.
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod -buildvcs=false "+strings.Join(binaries.Flags, " "), "GOWORK=off", "GOTOOLCHAIN=local")
	cmd.Env = append(cmd.Env, binaries.Env...)
	var out []byte
	binaries.Locked(t, func() { out, err = cmd.CombinedOutput() })
	require.NoError(t, err, "go test in another module:\n%s", out)
	for _, name := range []string{"TestEveryOption", "TestVisitLifecycleAndReport", "TestFaultsAndJournal", "TestFaultKindsAndTimeline", "TestStartOutsideATest", "TestTLSAndSignIn"} {
		assert.Contains(t, string(out), "--- PASS: "+name)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(to, b, 0o644))
}

// TestOutsideModuleUsesEveryName keeps testdata/usermod complete: each
// exported name of mockdextest, and each exported method and field, is
// used there, so a helper added later is proven usable from outside too.
func TestOutsideModuleUsesEveryName(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(userModule, "user_test.go"))
	require.NoError(t, err)
	names, members := exportedNames(t)
	require.NotEmpty(t, names)
	for _, n := range names {
		assert.Regexp(t, regexp.MustCompile(`mockdextest\.`+n+`\b`), string(src), "testdata/usermod does not use mockdextest.%s", n)
	}
	for _, n := range members {
		if n == "UnmarshalJSON" { // encoding/json's to call
			continue
		}
		assert.Regexp(t, regexp.MustCompile(`\.`+n+`\b|\b`+n+`:`), string(src), "testdata/usermod does not use .%s", n)
	}
}

// exportedNames are mockdextest's exported package-level names, and the
// exported methods, fields and interface methods of its types.
func exportedNames(t *testing.T) (names, members []string) {
	t.Helper()
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		for _, decl := range f.Decls {
			names, members = appendExported(decl, names, members)
		}
	}
	return names, members
}

func appendExported(decl ast.Decl, names, members []string) ([]string, []string) {
	switch d := decl.(type) {
	case *ast.FuncDecl:
		switch {
		case !d.Name.IsExported():
		case d.Recv == nil:
			names = append(names, d.Name.Name)
		case exportedRecv(d.Recv):
			members = append(members, d.Name.Name)
		}
	case *ast.GenDecl:
		for _, spec := range d.Specs {
			switch s := spec.(type) {
			case *ast.TypeSpec:
				if s.Name.IsExported() {
					names = append(names, s.Name.Name)
					members = append(members, memberNames(s.Type)...)
				}
			case *ast.ValueSpec:
				for _, n := range s.Names {
					if n.IsExported() {
						names = append(names, n.Name)
					}
				}
			}
		}
	}
	return names, members
}

func memberNames(typ ast.Expr) []string {
	list := fieldList(typ)
	if list == nil {
		return nil
	}
	var out []string
	for _, f := range list.List {
		for _, n := range f.Names {
			if n.IsExported() {
				out = append(out, n.Name)
			}
		}
	}
	return out
}
