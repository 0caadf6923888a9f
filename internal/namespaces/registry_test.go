package namespaces_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/namespaces"
	"github.com/mockdex/mockdex/mockdextest"
)

// newRegistry is a registry on the default world, its clock at Epoch.
func newRegistry(tb testing.TB, o namespaces.TemplateOptions, max int) *namespaces.Registry {
	tb.Helper()
	o.Clock = clock.NewManual(mockdextest.Epoch)
	tmpl, err := namespaces.NewTemplate(o)
	require.NoError(tb, err)
	return namespaces.New(namespaces.Options{Root: o.Clock, Template: tmpl, Seed: o.Seed, Max: max})
}

func names(reg *namespaces.Registry) []string {
	var out []string
	for _, in := range reg.List() {
		out = append(out, in.Name)
	}
	return out
}

// use is one finished request in the namespace.
func use(reg *namespaces.Registry, name string) {
	l := reg.Hold(name)
	_, leave := l.Enter()
	leave()
	l.Release()
}

// Past the cap, the least recently used idle namespace makes room; the
// default one never goes, and one with a request in flight is not idle.
func TestNamespaceCapEvictsTheLeastRecentlyUsedIdle(t *testing.T) {
	reg := newRegistry(t, namespaces.TemplateOptions{}, 3)
	use(reg, "a")
	use(reg, "b")
	use(reg, "a") // b is now the least recently used
	use(reg, "c")
	assert.Equal(t, []string{"default", "a", "c"}, names(reg))

	busy := reg.Hold("a") // a request in a is under way
	use(reg, "c")         // a is now the least recently used, but busy
	use(reg, "d")
	assert.Equal(t, []string{"default", "a", "d"}, names(reg), "c went: a is not idle")

	other := reg.Hold("d")
	use(reg, "e")
	assert.Equal(t, []string{"default", "a", "d", "e"}, names(reg),
		"with every namespace busy the cap gives way rather than fail a request")
	busy.Release()
	other.Release()
	use(reg, "f")
	assert.Equal(t, []string{"default", "e", "f"}, names(reg), "and is restored once they are idle")
}

// A request whose namespace is deleted while it waits does not write into
// the deleted world: it starts the namespace anew.
func TestDeletedNamespaceIsMadeAnewByItsNextRequest(t *testing.T) {
	reg := newRegistry(t, namespaces.TemplateOptions{}, 0)
	lease := reg.Hold("ci-1")
	old := lease.Namespace()
	assert.NoError(t, reg.Delete("ci-1"))
	world, leave := lease.Enter()
	defer leave()
	defer lease.Release()
	assert.NotSame(t, old, lease.Namespace())
	assert.Same(t, world, reg.World("ci-1"), "the request works in the world later reads see")
}

// BenchmarkNamespaceCreate measures making a namespace from nothing (its
// world from the fixtures, its clock and faults) and dropping it again.
func BenchmarkNamespaceCreate(b *testing.B) {
	for _, days := range []int{0, 14} {
		b.Run(fmt.Sprintf("history-days=%d", days), func(b *testing.B) {
			reg := newRegistry(b, namespaces.TemplateOptions{Seed: 1, HistoryDays: days}, 0)
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				name := fmt.Sprintf("bench-%d", i)
				use(reg, name)
				if err := reg.Delete(name); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
