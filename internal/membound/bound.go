package membound

import (
	"fmt"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mockdex/mockdex/internal/apierr"
)

// Code is the machine-readable code of a refusal, where the answer's
// shape has a code.
const Code = "MEMORY_LIMIT_REACHED"

// Admission marks, as fractions of the bound: new things are admitted
// while the live heap stays under AdmitFraction of it, and the runtime
// is asked to keep all its memory under RuntimeFraction. Between the two
// fit the garbage a collection has not yet freed, requests in flight, and
// memory the runtime holds besides the heap.
const (
	AdmitFraction   = 0.5
	RuntimeFraction = 0.8
)

// Cause is what a refusal refused.
type Cause int

// The causes, as /metrics counts them.
const (
	Namespace Cause = iota
	Visit
	Report
	Import
	causes
)

func (c Cause) String() string {
	return [...]string{"namespace", "visit", "report", "import"}[c]
}

// what the refusal's message says was refused.
func (c Cause) what() string {
	return [...]string{"a new namespace", "a new visit", "a new report job", "a state import"}[c]
}

// Bound is one process's memory bound. The zero of *Bound (nil) admits
// everything.
type Bound struct {
	limit int64 // bytes
	mark  int64 // the live heap past which admissions stop

	mu       sync.Mutex // guards reserved
	reserved int64      // bytes promised to imports under way

	sample   []metrics.Sample // guarded by sampleMu
	sampleMu sync.Mutex
	live     atomic.Int64 // the last reading
	readAt   atomic.Int64 // when it was taken, Unix nanoseconds
	refused  [causes]atomic.Uint64
}

// Options configure a Bound.
type Options struct {
	// Limit is the bound in bytes; below 1, no bound (New returns nil).
	Limit int64
	// Runtime sets the runtime's soft memory limit under the bound
	// (debug.SetMemoryLimit), for the whole process: what `mockdex
	// serve` does. A mock embedded in a test process leaves it alone.
	Runtime bool
}

// New makes a bound (nil when o.Limit is below 1).
func New(o Options) *Bound {
	if o.Limit < 1 {
		return nil
	}
	b := &Bound{limit: o.Limit, mark: int64(float64(o.Limit) * AdmitFraction)}
	if o.Runtime {
		SetRuntimeLimit(o.Limit)
	}
	return b
}

// SetRuntimeLimit sets the runtime's soft memory limit to RuntimeFraction
// of limit, unless GOMEMLIMIT (or an earlier call) set a lower one.
func SetRuntimeLimit(limit int64) {
	want := int64(float64(limit) * RuntimeFraction)
	if now := debug.SetMemoryLimit(-1); now < want {
		return
	}
	debug.SetMemoryLimit(want)
}

// Limit is the bound in bytes (0: none).
func (b *Bound) Limit() int64 {
	if b == nil {
		return 0
	}
	return b.limit
}

// freshFor is how long a reading is used before it is taken again.
const freshFor = 5 * time.Millisecond

// Live is the heap's live bytes as of the last collection.
func (b *Bound) Live() int64 {
	if b == nil {
		return liveNow()
	}
	now := time.Now().UnixNano() // wall time: how fresh a reading is, not the mock's clock
	if now-b.readAt.Load() < int64(freshFor) {
		return b.live.Load()
	}
	b.sampleMu.Lock()
	defer b.sampleMu.Unlock()
	if b.sample == nil {
		b.sample = []metrics.Sample{{Name: liveMetric}}
	}
	metrics.Read(b.sample)
	v := int64(b.sample[0].Value.Uint64())
	b.live.Store(v)
	b.readAt.Store(now)
	return v
}

// liveMetric is the heap's live bytes as the last collection marked them.
const liveMetric = "/gc/heap/live:bytes"

func liveNow() int64 {
	s := []metrics.Sample{{Name: liveMetric}}
	metrics.Read(s)
	return int64(s[0].Value.Uint64())
}

// Admit says whether something new of cause c may be stored now; the
// refusal is an apierr.Full naming the bound. A nil bound admits.
func (b *Bound) Admit(c Cause) error {
	return b.AdmitBytes(c, 0)
}

// AdmitBytes is Admit for something expected to take about n more bytes
// once admitted (an import's document).
func (b *Bound) AdmitBytes(c Cause, n int64) error {
	if b == nil {
		return nil
	}
	b.mu.Lock()
	reserved := b.reserved
	b.mu.Unlock()
	if live := b.Live(); live+reserved+n > b.mark {
		b.refused[c].Add(1)
		return b.refusal(c, live)
	}
	return nil
}

func (b *Bound) refusal(c Cause, live int64) error {
	return apierr.New(apierr.Full,
		"This mock holds its memory bound (--max-memory %s; live data %s, new data stops at %s): %s is refused. Free memory by resetting or deleting namespaces (POST /_mockdex/reset, DELETE /_mockdex/namespaces/NAME), or start mockdex with a larger --max-memory",
		Size(b.limit), Size(live), Size(b.mark), c.what()).WithCode(Code)
}

// Check refuses cause c when the live heap alone is past the mark: for
// an admitted import to stop as it grows (its own reservation is not
// counted against it).
func (b *Bound) Check(c Cause) error {
	if b == nil {
		return nil
	}
	if live := b.Live(); live > b.mark {
		b.refused[c].Add(1)
		return b.refusal(c, live)
	}
	return nil
}

// Reserve promises n bytes to an import under way, refusing it when they
// would take the live heap past the mark; release gives them back.
func (b *Bound) Reserve(n int64) (release func(), err error) {
	if b == nil {
		return func() {}, nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if live := b.Live(); live+b.reserved+n > b.mark {
		b.refused[Import].Add(1)
		return nil, b.refusal(Import, live)
	}
	b.reserved += n
	var once sync.Once
	return func() {
		once.Do(func() {
			b.mu.Lock()
			b.reserved -= n
			b.mu.Unlock()
		})
	}, nil
}

// Stats is the bound's state, for /metrics.
type Stats struct {
	Limit    int64 // bytes; 0: no bound
	Mark     int64 // the live heap past which admissions stop
	Live     int64 // the live heap as of the last collection
	Reserved int64 // promised to imports under way
	// Refused counts refusals by cause: "namespace", "visit", "report",
	// "import".
	Refused map[string]uint64
}

// Stats reads the bound's state.
func (b *Bound) Stats() Stats {
	if b == nil {
		return Stats{Live: liveNow(), Refused: map[string]uint64{}}
	}
	b.mu.Lock()
	reserved := b.reserved
	b.mu.Unlock()
	s := Stats{Limit: b.limit, Mark: b.mark, Live: b.Live(), Reserved: reserved, Refused: map[string]uint64{}}
	for c := Cause(0); c < causes; c++ {
		s.Refused[c.String()] = b.refused[c].Load()
	}
	return s
}

// Size writes a byte count for people: 512 MiB, 1.5 GiB.
func Size(n int64) string {
	switch {
	case n >= 1<<30:
		return trim(fmt.Sprintf("%.1f", float64(n)/(1<<30))) + " GiB"
	case n >= 1<<20:
		return trim(fmt.Sprintf("%.1f", float64(n)/(1<<20))) + " MiB"
	case n >= 1<<10:
		return trim(fmt.Sprintf("%.1f", float64(n)/(1<<10))) + " KiB"
	}
	return fmt.Sprintf("%d B", n)
}

func trim(s string) string {
	if len(s) > 2 && s[len(s)-2:] == ".0" {
		return s[:len(s)-2]
	}
	return s
}
