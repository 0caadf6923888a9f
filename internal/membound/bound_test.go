package membound

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/apierr"
)

// A bound far below what the process already holds refuses, with a 507's
// kind, the code, and a message naming the bound and the way out; each
// refusal is counted by cause.
func TestAdmitRefusesPastTheMark(t *testing.T) {
	runtime.GC() // the live heap is known from the first collection on
	b := New(Options{Limit: 1 << 10})
	assert.Equal(t, int64(1<<10)/2, b.Stats().Mark)
	err := b.Admit(Visit)
	require.Error(t, err)
	e := apierr.As(err)
	assert.Equal(t, apierr.Full, e.Kind)
	assert.Equal(t, Code, e.Code)
	assert.Contains(t, e.Message, "--max-memory 1 KiB")
	assert.Contains(t, e.Message, "a new visit is refused")
	assert.Contains(t, e.Message, "POST /_mockdex/reset")
	assert.Equal(t, uint64(1), b.Stats().Refused["visit"])
	assert.Zero(t, b.Stats().Refused["namespace"])
}

func TestNilBoundAdmitsEverything(t *testing.T) {
	var b *Bound
	assert.NoError(t, b.Admit(Namespace))
	release, err := b.Reserve(1 << 40)
	require.NoError(t, err)
	release()
	assert.Zero(t, b.Limit())
	assert.Nil(t, New(Options{}))
}

// Reservations count against the mark until released, once.
func TestReserveCountsUntilReleased(t *testing.T) {
	runtime.GC()
	live := liveNow()
	b := &Bound{limit: 1 << 40, mark: live + 100<<20}
	release, err := b.Reserve(80 << 20)
	require.NoError(t, err)
	_, err = b.Reserve(80 << 20)
	assert.Error(t, err, "two imports of 80 MiB do not fit in 100")
	assert.Error(t, b.AdmitBytes(Import, 30<<20))
	release()
	release()
	assert.Zero(t, b.Stats().Reserved)
	assert.NoError(t, b.AdmitBytes(Import, 80<<20))
}

func TestFromCgroupFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
		return p
	}
	v2 := write("memory.max", "1073741824\n")
	n, from := fromFiles([]string{v2})
	assert.Equal(t, int64(768<<20), n, "three quarters of 1 GiB")
	assert.Equal(t, v2, from)
	n, _ = fromFiles([]string{write("max", "max\n")})
	assert.Zero(t, n, "no limit")
	n, _ = fromFiles([]string{write("v1", "9223372036854771712\n")})
	assert.Zero(t, n, "cgroup v1's no-limit sentinel")
	n, from = fromFiles([]string{filepath.Join(dir, "absent"), write("v1b", "536870912")})
	assert.Equal(t, int64(384<<20), n, "v1 read when v2 is absent")
	assert.Contains(t, from, "v1b")
}

func TestSize(t *testing.T) {
	assert.Equal(t, "512 MiB", Size(512<<20))
	assert.Equal(t, "1.5 GiB", Size(3<<29))
	assert.Equal(t, "900 B", Size(900))
}
