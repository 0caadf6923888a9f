package mockdextest_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestNoInternalTypeInTheAPI keeps mockdextest usable from other modules:
// no exported function, method, field, variable or type may mention a type
// of an internal package (a test elsewhere could not name it, and
// WithOptions(func(*server.Options)) did not even compile there).
func TestNoInternalTypeInTheAPI(t *testing.T) {
	fset := token.NewFileSet()
	names, _ := filepath.Glob("*.go")
	parsed := 0
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		parsed++
		internal := internalImports(f)
		for _, decl := range f.Decls {
			for _, node := range exportedParts(decl) {
				ast.Inspect(node, func(n ast.Node) bool {
					if sel, ok := n.(*ast.SelectorExpr); ok {
						if id, ok := sel.X.(*ast.Ident); ok && internal[id.Name] {
							t.Errorf("%s: exported API mentions %s.%s", fset.Position(sel.Pos()), id.Name, sel.Sel.Name)
						}
					}
					return true
				})
			}
		}
	}
	if parsed == 0 {
		t.Fatal("no source files of mockdextest found")
	}
}

// internalImports are the local names of a file's imports under /internal/.
func internalImports(f *ast.File) map[string]bool {
	out := map[string]bool{}
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		if !strings.Contains(path, "/internal/") {
			continue
		}
		name := path[strings.LastIndex(path, "/")+1:]
		if imp.Name != nil {
			name = imp.Name.Name
		}
		out[name] = true
	}
	return out
}

// exportedParts are the parts of a declaration users see: signatures of
// exported functions and methods (not their bodies), exported types
// (their exported fields and methods), exported vars and consts.
func exportedParts(decl ast.Decl) []ast.Node {
	var out []ast.Node
	switch d := decl.(type) {
	case *ast.FuncDecl:
		if d.Name.IsExported() && (d.Recv == nil || exportedRecv(d.Recv)) {
			out = append(out, d.Type)
		}
	case *ast.GenDecl:
		for _, spec := range d.Specs {
			switch s := spec.(type) {
			case *ast.TypeSpec:
				if s.Name.IsExported() {
					out = append(out, exportedFields(s.Type)...)
				}
			case *ast.ValueSpec:
				for _, n := range s.Names {
					if n.IsExported() && s.Type != nil {
						out = append(out, s.Type)
					}
				}
			}
		}
	}
	return out
}

func exportedRecv(recv *ast.FieldList) bool {
	typ := recv.List[0].Type
	if star, ok := typ.(*ast.StarExpr); ok {
		typ = star.X
	}
	id, ok := typ.(*ast.Ident)
	return ok && id.IsExported()
}

// exportedFields is a struct's or interface's exported members, or the
// type itself for any other kind.
func exportedFields(typ ast.Expr) []ast.Node {
	list := fieldList(typ)
	if list == nil {
		return []ast.Node{typ}
	}
	var out []ast.Node
	for _, f := range list.List {
		if len(f.Names) == 0 || f.Names[0].IsExported() {
			out = append(out, f.Type)
		}
	}
	return out
}

// fieldList is the fields of a struct or the methods of an interface; nil
// for other types.
func fieldList(typ ast.Expr) *ast.FieldList {
	switch t := typ.(type) {
	case *ast.StructType:
		return t.Fields
	case *ast.InterfaceType:
		return t.Methods
	}
	return nil
}
