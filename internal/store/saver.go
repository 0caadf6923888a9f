package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mockdex/mockdex/internal/statedoc"
)

// World is what the Saver needs of a namespace's world (a *fakes.World):
// its document, a count that moves with every change, and its changes
// since the last look as a patch.
type World interface {
	Export() (*statedoc.Document, error)
	Changes() uint64
	// TrackChanges starts recording changes for TakeChanges.
	TrackChanges()
	// TakeChanges is what changed since the last call, and the Changes
	// count it covers.
	TakeChanges() (*statedoc.Patch, uint64)
}

// Namespace is one live namespace as the Saver sees it.
type Namespace struct {
	World World
	// Version, for a control plane that keeps state of its own in the
	// file (Control), moves when that state changes.
	Version uint64
	// Control, if set, gives the control plane's state to keep with the
	// world (statedoc.Document.Control).
	Control func() json.RawMessage
}

// Source lists the live namespaces.
type Source interface {
	Namespaces() map[string]Namespace
}

// SourceFunc adapts a function to Source.
type SourceFunc func() map[string]Namespace

// Namespaces calls f.
func (f SourceFunc) Namespaces() map[string]Namespace { return f() }

// Durability says when an acknowledged change is on disk.
type Durability string

const (
	// Interval appends the changes of every namespace to its log, synced,
	// every Interval: a change acknowledged more than Window before a
	// crash survives it, whatever the namespace's size (a flush costs its
	// changes, not the world). Redis' appendfsync everysec.
	Interval Durability = "interval"
	// Always appends a request's changes to the log, synced, before the
	// request is answered (Sync), in groups: requests that arrive during
	// one flush share the next. Redis' appendfsync always.
	Always Durability = "always"
)

// ParseDurability reads a --durability value.
func ParseDurability(s string) (Durability, error) {
	switch d := Durability(s); d {
	case Interval, Always:
		return d, nil
	case "":
		return Interval, nil
	}
	return "", fmt.Errorf("durability %q: want interval or always", s)
}

// DefaultInterval is how often a Saver appends what changed; Window is
// the loss it promises under Interval durability: a change acknowledged
// more than Window before a crash is on disk.
const (
	DefaultInterval = 200 * time.Millisecond
	Window          = time.Second
)

// minCompact is the log size past which a namespace is compacted into a
// new state file, when that is larger than the state file itself.
const minCompact = 1 << 20

// SaverOptions configure a Saver; zero values work.
type SaverOptions struct {
	// Interval between flushes; default DefaultInterval.
	Interval time.Duration
	// Logger gets failed saves (they are retried at the next flush);
	// default discards.
	Logger *slog.Logger
}

// Saver keeps live namespaces on disk: each has a state file and a log
// of the changes since it. It appends what changed every interval (and
// for Sync, at once), writes a new state file when a namespace's world
// is replaced (a reset, an import) or its log outgrows its state file
// (compaction, in the background), and writes a final one for an evicted
// namespace.
type Saver struct {
	dir  *Dir
	src  Source
	log  *slog.Logger
	stop chan struct{}
	done chan struct{}
	once sync.Once

	mu     sync.Mutex // guards spaces
	spaces map[string]*nsFiles

	stats saverStats
	// compactions in flight, for Close to wait for.
	compacting sync.WaitGroup
}

// nsFiles is one namespace's files and what they hold.
type nsFiles struct {
	name string
	// mu is held while the namespace's files are written: a flush, a new
	// state file, the end of a compaction. Flushes that queue on it are
	// the group commit: the one that gets it writes every change so far.
	mu      sync.Mutex
	world   World // the world the files follow; nil: none written yet
	logged  uint64
	version uint64
	seq     uint64   // the log being appended to (opened on first use)
	f       *os.File // nil: not opened yet
	logSize int64    // bytes of log since the state file
	stSize  int64    // the state file's size
	gen     uint64   // counts state files written, so a late compaction never replaces a newer one
	busy    bool     // a compaction is under way
	gone    bool     // removed or evicted: nothing more is written
}

// saverStats are counters for a metrics endpoint.
type saverStats struct {
	flushes, records, stateFiles, compactions, failures atomic.Uint64
	logBytes                                            atomic.Int64
	lastFlush                                           atomic.Int64 // wall time, Unix nanoseconds
	pending                                             atomic.Int64 // namespaces with changes not yet on disk at the last look
}

// SaverStats is what a Saver has done, for /metrics.
type SaverStats struct {
	Flushes     uint64 // log appends that wrote something
	Records     uint64
	StateFiles  uint64 // state files written (new worlds, evictions, shutdown)
	Compactions uint64
	Failures    uint64 // writes that failed (retried)
	LogBytes    int64  // bytes appended to logs
	// LastFlush is when the interval flush last looked for changes (each
	// namespace's write then runs on its own); Pending, how many
	// namespaces had changes not yet on disk when it looked.
	LastFlush time.Time
	Pending   int
}

// Stats is a snapshot of the counters.
func (s *Saver) Stats() SaverStats {
	return SaverStats{Flushes: s.stats.flushes.Load(), Records: s.stats.records.Load(),
		StateFiles: s.stats.stateFiles.Load(), Compactions: s.stats.compactions.Load(),
		Failures: s.stats.failures.Load(), LogBytes: s.stats.logBytes.Load(),
		LastFlush: time.Unix(0, s.stats.lastFlush.Load()), Pending: int(s.stats.pending.Load())}
}

// NewSaver starts saving src's namespaces to d every interval. Close
// stops it.
func NewSaver(d *Dir, src Source, opts SaverOptions) *Saver {
	if opts.Interval <= 0 {
		opts.Interval = DefaultInterval
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Saver{dir: d, src: src, log: opts.Logger, stop: make(chan struct{}), done: make(chan struct{}),
		spaces: map[string]*nsFiles{}}
	go s.run(opts.Interval)
	return s
}

func (s *Saver) run(every time.Duration) {
	defer close(s.done)
	tick := time.NewTicker(every) // wall time: storage pacing, not the mock's clock
	defer tick.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-tick.C:
		}
		s.flushAll(false)
	}
}

// files is namespace name's entry, made on first use.
func (s *Saver) files(name string) *nsFiles {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.spaces[name]
	if !ok {
		f = &nsFiles{name: name}
		s.spaces[name] = f
	}
	return f
}

// drop forgets f (removed, evicted), unless another entry took its name.
func (s *Saver) drop(f *nsFiles) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.spaces[f.name] == f {
		delete(s.spaces, f.name)
	}
}

// flushAll writes what changed in every live namespace. With wait, it
// waits for namespaces whose files are busy; without, it skips them (a
// flush of theirs is under way, or they are being replaced) and leaves
// each flush to its own goroutine, so one namespace writing a big state
// file never holds up another's log.
func (s *Saver) flushAll(wait bool) error {
	live := s.src.Namespaces()
	var pending atomic.Int64
	var wg sync.WaitGroup
	var errs []error
	var errMu sync.Mutex
	for name, ns := range live {
		if ns.World == nil {
			continue
		}
		f := s.files(name)
		if wait {
			f.mu.Lock()
		} else if !f.mu.TryLock() {
			pending.Add(1)
			continue
		}
		if !f.dirtyLocked(ns, ns.World.Changes()) {
			f.mu.Unlock()
			continue
		}
		pending.Add(1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer f.mu.Unlock()
			if err := s.flushLocked(f, ns); err != nil {
				errMu.Lock()
				errs = append(errs, err)
				errMu.Unlock()
			}
		}()
	}
	s.stats.pending.Store(pending.Load())
	s.stats.lastFlush.Store(time.Now().UnixNano())
	s.forget(live)
	if !wait {
		return nil // the flushes under way log their own failures
	}
	wg.Wait()
	errMu.Lock()
	defer errMu.Unlock()
	return errors.Join(errs...)
}

// forget drops the entries of namespaces no longer live and idle, so a
// mock that sees many short-lived namespaces does not grow.
func (s *Saver) forget(live map[string]Namespace) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for name, f := range s.spaces {
		if _, ok := live[name]; !ok && f.mu.TryLock() {
			if !f.busy {
				f.closeLog()
				delete(s.spaces, name)
			}
			f.mu.Unlock()
		}
	}
}

// dirtyLocked says whether ns has changes its files do not hold, up to
// change count target. f.mu is held.
func (f *nsFiles) dirtyLocked(ns Namespace, target uint64) bool {
	return !f.gone && (ns.World != f.world || f.logged < target || ns.Version != f.version)
}

// Flush writes what changed in every live namespace, now.
func (s *Saver) Flush() error { return s.flushAll(true) }

// Sync returns once every change ns's world had when Sync was called is
// on disk (Always durability): requests that call it at once share one
// append and one sync of the log.
func (s *Saver) Sync(name string, ns Namespace) error {
	if ns.World == nil {
		return nil
	}
	target := ns.World.Changes()
	f := s.files(name)
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.dirtyLocked(ns, target) {
		return nil
	}
	return s.flushLocked(f, ns)
}

// flushLocked appends ns's changes to its log, synced; a world the files
// do not follow yet (new, reset, imported) gets a state file instead.
func (s *Saver) flushLocked(f *nsFiles, ns Namespace) error {
	if ns.World != f.world {
		return s.stateLocked(f, ns)
	}
	p, n := ns.World.TakeChanges()
	version := ns.Version
	if version != f.version && ns.Control != nil {
		p.Control = ns.Control()
	}
	if !p.Empty() {
		if err := s.appendLocked(f, p); err != nil {
			// The patch is lost from the world's marks: make the next
			// flush write a whole state file instead.
			f.world = nil
			s.stats.failures.Add(1)
			s.log.Error("store: appending to a namespace's log failed; its next flush writes a state file", "namespace", f.name, "err", err)
			return err
		}
	}
	f.logged, f.version = n, version
	if f.logSize > max(minCompact, f.stSize) && !f.busy {
		s.compactLocked(f, ns)
	}
	return nil
}

// appendLocked writes one record to the namespace's current log, synced.
func (s *Saver) appendLocked(f *nsFiles, p *statedoc.Patch) error {
	rec, err := encodeRecord(p)
	if err != nil {
		return err
	}
	if f.f == nil {
		path := s.dir.logFile(f.name, f.seq)
		lf, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
		if err != nil {
			return fmt.Errorf("store: %w", err)
		}
		if info, err := lf.Stat(); err == nil && info.Size() == 0 {
			if _, err := lf.Write([]byte(logMagic)); err != nil {
				lf.Close()
				return fmt.Errorf("store: %w", err)
			}
			if err := syncDir(s.dir.path); err != nil { // the new file's name survives a crash too
				lf.Close()
				return err
			}
			f.logSize += int64(len(logMagic))
		}
		f.f = lf
	}
	if _, err := f.f.Write(rec); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	if err := f.f.Sync(); err != nil {
		return fmt.Errorf("store: syncing %s's log: %w", f.name, err)
	}
	f.logSize += int64(len(rec))
	s.stats.flushes.Add(1)
	s.stats.records.Add(1)
	s.stats.logBytes.Add(int64(len(rec)))
	return nil
}

func (f *nsFiles) closeLog() {
	if f.f != nil {
		f.f.Close()
		f.f = nil
	}
}

// stateLocked writes a whole state file for ns's world and starts its
// log afresh: the files then follow that world.
func (s *Saver) stateLocked(f *nsFiles, ns Namespace) error {
	ns.World.TrackChanges() // first: a change after it is marked for the log, and may be in the file too
	n := ns.World.Changes()
	doc, err := ns.World.Export()
	if err != nil {
		return fmt.Errorf("store: exporting namespace %s: %w", f.name, err)
	}
	if ns.Control != nil {
		doc.Control = ns.Control()
	}
	next := f.seq + 1
	if f.world == nil && f.seq == 0 {
		// The first state file this process writes for the name: follow
		// whatever logs an earlier one left.
		if seqs, _ := s.dir.logs(f.name); len(seqs) > 0 {
			next = seqs[len(seqs)-1] + 1
		}
	}
	size, err := s.dir.writeState(f.name, doc, next)
	if err != nil {
		s.stats.failures.Add(1)
		s.log.Error("store: writing a namespace's state file failed; retrying at the next flush", "namespace", f.name, "err", err)
		return err
	}
	f.closeLog()
	if err := s.dir.removeLogs(f.name, next); err != nil {
		s.log.Warn("store: removing a namespace's old logs", "namespace", f.name, "err", err)
	}
	f.world, f.logged, f.version = ns.World, n, ns.Version
	f.seq, f.logSize, f.stSize, f.gen = next, 0, size, f.gen+1
	s.stats.stateFiles.Add(1)
	return nil
}

// compactLocked folds the namespace's log into a new state file, in the
// background: the log moves on to a new file now, the state file is
// written without holding the namespace's files (its flushes go on), and
// it replaces the old one, and the logs it holds are removed, only if no
// newer state file was written meanwhile.
func (s *Saver) compactLocked(f *nsFiles, ns Namespace) {
	f.busy = true
	f.closeLog()
	f.seq++
	f.logSize = 0
	next, gen, world := f.seq, f.gen, f.world
	s.compacting.Add(1)
	go func() {
		defer s.compacting.Done()
		var tmp string
		var size int64
		doc, err := world.Export()
		if err == nil {
			if ns.Control != nil {
				doc.Control = ns.Control()
			}
			tmp, err = writeTemp(s.dir.path, f.name+Suffix, func(out *os.File) error {
				size, err = writeSealed(out, doc, next)
				return err
			})
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		f.busy = false
		switch {
		case err != nil:
			s.stats.failures.Add(1)
			s.log.Error("store: compacting a namespace's log failed; it is tried again as the log grows", "namespace", f.name, "err", err)
		case f.gone || f.gen != gen:
			os.Remove(tmp) // a newer state file, or none at all, stands
		default:
			if err := commitTemp(tmp, s.dir.path, f.name+Suffix); err != nil {
				s.stats.failures.Add(1)
				s.log.Error("store: compacting a namespace's log failed", "namespace", f.name, "err", err)
				return
			}
			if err := s.dir.removeLogs(f.name, next); err != nil {
				s.log.Warn("store: removing a namespace's old logs", "namespace", f.name, "err", err)
			}
			f.stSize, f.gen = size, f.gen+1
			s.stats.compactions.Add(1)
		}
	}()
}

// Loaded records that name's files hold world as it stands (just loaded
// from them, its logs replayed up to lastLog), so only what changes from
// now on is written, to a log after lastLog.
func (s *Saver) Loaded(name string, ns Namespace, lastLog uint64, logBytes int64) {
	f := s.files(name)
	f.mu.Lock()
	defer f.mu.Unlock()
	ns.World.TrackChanges()
	f.closeLog()
	f.world, f.logged, f.version = ns.World, ns.World.Changes(), ns.Version
	f.seq, f.logSize, f.gone = lastLog+1, logBytes, false
	f.gen++
}

// MarkSaved is Loaded for a namespace whose state file has no log.
func (s *Saver) MarkSaved(name string, ns Namespace) {
	seqs, _ := s.dir.logs(name)
	last := uint64(0)
	if len(seqs) > 0 {
		last = seqs[len(seqs)-1]
	}
	s.Loaded(name, ns, last, 0)
}

// Save writes one namespace whole, now (one the registry is about to
// drop from memory), and stops following it: its next load starts from
// what Save wrote.
func (s *Saver) Save(name string, ns Namespace) error {
	f := s.files(name)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.world = nil // a whole state file, whatever the log holds
	if err := s.stateLocked(f, ns); err != nil {
		return err
	}
	f.closeLog()
	f.gone = true
	s.drop(f)
	return nil
}

// Remove deletes a namespace's files and forgets it. Take the namespace
// out of the Source first, or the next flush writes it again.
func (s *Saver) Remove(name string) error {
	f := s.files(name)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closeLog()
	f.gone = true
	s.drop(f)
	return s.dir.Remove(name)
}

// Close stops the background flushes, waits for compactions, and writes
// what changed once more, each namespace whole, for a clean shutdown
// (SIGTERM) and a quick start. It returns the last writes' error.
func (s *Saver) Close() error {
	s.once.Do(func() { close(s.stop) })
	<-s.done
	s.compacting.Wait()
	var errs []error
	for name, ns := range s.src.Namespaces() {
		if ns.World == nil {
			continue
		}
		f := s.files(name)
		f.mu.Lock()
		if f.dirtyLocked(ns, ns.World.Changes()) || f.logSize > 0 {
			f.world = nil
			if err := s.stateLocked(f, ns); err != nil {
				errs = append(errs, err)
			}
		}
		f.closeLog()
		f.mu.Unlock()
	}
	return errors.Join(errs...)
}
