package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/mockdex/mockdex/internal/statedoc"
)

// World is what the Saver needs of a namespace's world (a *fakes.World):
// its state document, and a count that moves with every change.
type World interface {
	Export() (*statedoc.Document, error)
	Changes() uint64
}

// Namespace is one live namespace as the Saver sees it.
type Namespace struct {
	World World
	// Version, for a control plane that keeps state of its own in the
	// file (Control), moves when that state changes. The world is saved
	// when it is another World (a reset), when World.Changes() moved, or
	// when Version moved.
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

// DefaultInterval is how often a Saver looks for changes: a change is on
// disk within about this long plus the time to write it.
const DefaultInterval = 500 * time.Millisecond

// SaverOptions configure a Saver; zero values work.
type SaverOptions struct {
	// Interval between looks for changes; default DefaultInterval.
	Interval time.Duration
	// Logger gets failed saves (they are retried at the next look);
	// default discards.
	Logger *slog.Logger
}

// Saver writes namespaces that changed to a Dir, in the background.
type Saver struct {
	dir  *Dir
	src  Source
	log  *slog.Logger
	stop chan struct{}
	done chan struct{}
	once sync.Once

	mu      sync.Mutex // guards saved, removed and epoch, and serialises writes with Remove
	saved   map[string]savedState
	removed map[string]uint64 // name → epoch it was removed at
	epoch   uint64
}

// savedState is what a namespace was when it was last written.
type savedState struct {
	world            World
	changes, version uint64
}

// NewSaver starts saving src's namespaces to d: at every interval, each
// namespace that changed since it was last saved is exported and
// written. Close stops it.
func NewSaver(d *Dir, src Source, opts SaverOptions) *Saver {
	if opts.Interval <= 0 {
		opts.Interval = DefaultInterval
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Saver{dir: d, src: src, log: opts.Logger, stop: make(chan struct{}), done: make(chan struct{}),
		saved: map[string]savedState{}, removed: map[string]uint64{}}
	go s.run(opts.Interval)
	return s
}

// run flushes every interval, and never spends more than half its time
// saving: after a flush that took longer than the interval it waits as
// long as the flush took, so a huge namespace changing all the time
// cannot keep a core busy.
func (s *Saver) run(every time.Duration) {
	defer close(s.done)
	wait := time.NewTimer(every)
	defer wait.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-wait.C:
		}
		start := time.Now() // wall time: storage pacing, not the mock's clock
		_ = s.Flush()       // failures are logged and retried
		wait.Reset(max(every, time.Since(start)))
	}
}

// MarkSaved records that ns is what the file of name already holds (a
// namespace just loaded), so it is not written again until it changes.
func (s *Saver) MarkSaved(name string, ns Namespace) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.saved[name] = stateOf(ns)
}

func stateOf(ns Namespace) savedState {
	return savedState{world: ns.World, changes: ns.World.Changes(), version: ns.Version}
}

// Flush writes every namespace that changed since it was last saved, now.
func (s *Saver) Flush() error {
	s.mu.Lock()
	epoch := s.epoch
	s.mu.Unlock()
	live := s.src.Namespaces() // outside s.mu: the source may hold its own lock
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []error
	for name, ns := range live {
		if ns.World == nil || s.removed[name] > epoch {
			continue // removed while the list was being taken
		}
		st := stateOf(ns) // before the export: a change during it is saved next time
		if prev, ok := s.saved[name]; ok && prev == st {
			continue
		}
		if err := s.save(name, ns); err != nil {
			s.log.Error("store: saving a namespace failed; retrying at the next change check", "namespace", name, "err", err)
			errs = append(errs, err)
			continue
		}
		s.saved[name] = st
	}
	s.forgetLocked(live, epoch)
	return errors.Join(errs...)
}

// forgetLocked drops what no longer needs remembering, so a long-lived
// mock that sees many short-lived namespaces does not grow: removals older
// than this flush's list, and namespaces gone from it. The caller holds
// s.mu.
func (s *Saver) forgetLocked(live map[string]Namespace, epoch uint64) {
	for name, e := range s.removed {
		if e <= epoch {
			delete(s.removed, name)
		}
	}
	for name := range s.saved {
		if _, ok := live[name]; !ok {
			delete(s.saved, name)
		}
	}
}

func (s *Saver) save(name string, ns Namespace) error {
	snap, err := ns.World.Export()
	if err != nil {
		return fmt.Errorf("store: exporting namespace %s: %w", name, err)
	}
	if ns.Control != nil {
		snap.Control = ns.Control()
	}
	return s.dir.Write(name, snap)
}

// Save writes one namespace now (one the registry is about to drop from
// memory), in turn with the background flushes.
func (s *Saver) Save(name string, ns Namespace) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := stateOf(ns)
	if err := s.save(name, ns); err != nil {
		return err
	}
	s.saved[name] = st
	return nil
}

// Remove deletes a namespace's file and forgets it. Take the namespace
// out of the Source first, or the next flush writes it again.
func (s *Saver) Remove(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.epoch++
	s.removed[name] = s.epoch
	delete(s.saved, name)
	return s.dir.Remove(name)
}

// Close stops the background saving and flushes once more, for a clean
// shutdown (SIGTERM). It returns the last flush's error.
func (s *Saver) Close() error {
	s.once.Do(func() { close(s.stop) })
	<-s.done
	return s.Flush()
}
