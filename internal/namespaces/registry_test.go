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
	return newRegistryWith(tb, o, namespaces.Options{Max: max})
}

func newRegistryWith(tb testing.TB, o namespaces.TemplateOptions, ro namespaces.Options) *namespaces.Registry {
	tb.Helper()
	o.Clock = clock.NewManual(mockdextest.Epoch)
	tmpl, err := namespaces.NewTemplate(o)
	require.NoError(tb, err)
	ro.Root, ro.Template, ro.Seed = o.Clock, tmpl, o.Seed
	return namespaces.New(ro)
}

// hold leases a namespace that must be granted.
func hold(tb testing.TB, reg *namespaces.Registry, name string) *namespaces.Lease {
	tb.Helper()
	l, err := reg.Hold(name)
	require.NoError(tb, err)
	return l
}

func names(reg *namespaces.Registry) []string {
	var out []string
	for _, in := range reg.List() {
		out = append(out, in.Name)
	}
	return out
}

// use is one finished request in the namespace.
func use(tb testing.TB, reg *namespaces.Registry, name string) {
	tb.Helper()
	require.NoError(tb, tryUse(reg, name))
}

// tryUse is one request in the namespace, which may be refused.
func tryUse(reg *namespaces.Registry, name string) error {
	l, err := reg.Hold(name)
	if err != nil {
		return err
	}
	_, leave := l.Enter()
	leave()
	l.Release()
	return nil
}

// Past the cap, the least recently used idle namespace makes room;
// the default one never goes, and one with a request in flight is not idle.
func TestNamespaceCapEvictsTheLeastRecentlyUsedIdle(t *testing.T) {
	reg := newRegistry(t, namespaces.TemplateOptions{}, 3)
	use(t, reg, "a")
	use(t, reg, "b")
	use(t, reg, "a") // b is now the least recently used
	use(t, reg, "c")
	assert.Equal(t, []string{"default", "a", "c"}, names(reg))

	busy := hold(t, reg, "a") // a request in a is under way
	use(t, reg, "c")          // a is now the least recently used, but busy
	use(t, reg, "d")
	assert.Equal(t, []string{"default", "a", "d"}, names(reg), "c went: a is not idle")

	other := hold(t, reg, "d")
	assert.Error(t, tryUse(reg, "e"), "with every namespace busy there is no room: one in use may gain state")
	busy.Release()
	other.Release()
	use(t, reg, "f")
	assert.Equal(t, []string{"default", "d", "f"}, names(reg), "once one is idle it makes room")
}

// With a keeper to save them, namespaces in use still make room: the cap
// gives way until their requests finish (a request is never failed for
// the mock's bookkeeping when no state is at stake), and is restored by
// the next creation.
func TestKeptNamespacesInUseLetTheCapGiveWay(t *testing.T) {
	reg := newRegistry(t, namespaces.TemplateOptions{}, 3)
	reg.SetKeeper(&memKeeper{saved: map[string]bool{}})
	use(t, reg, "a")
	use(t, reg, "b")
	la, lb := hold(t, reg, "a"), hold(t, reg, "b")
	use(t, reg, "c")
	assert.Equal(t, []string{"default", "a", "b", "c"}, names(reg))
	la.Release()
	lb.Release()
	use(t, reg, "d")
	assert.Len(t, names(reg), 3)
}

// A request whose namespace is deleted while it waits does not write into
// the deleted world: it starts the namespace anew.
func TestDeletedNamespaceIsMadeAnewByItsNextRequest(t *testing.T) {
	reg := newRegistry(t, namespaces.TemplateOptions{}, 0)
	lease := hold(t, reg, "ci-1")
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
				use(b, reg, name)
				if err := reg.Delete(name); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
