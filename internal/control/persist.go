package control

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/faults"
	"github.com/mockdex/mockdex/internal/namespaces"
	"github.com/mockdex/mockdex/internal/statedoc"
	"github.com/mockdex/mockdex/internal/store"
)

// PersistOptions configure Persist.
type PersistOptions struct {
	// Dir is the data directory (mockdex --data-dir); created if missing.
	Dir string
	// Reset discards every saved namespace first (--reset-data).
	Reset bool
	// Durability says when an acknowledged change is on disk
	// (store.Interval, the default, or store.Always: see Sync).
	Durability store.Durability
	// Interval between flushes of what changed; 0 is store.DefaultInterval.
	Interval time.Duration
	// Logger gets failed saves and set-aside files; nil is the parts'.
	Logger *slog.Logger
}

// Persistence keeps a mock's namespaces in a data directory: it loaded
// them at start, logs what changes in the background (or, with Always
// durability, before a request is answered), saves a namespace that
// eviction drops, removes a deleted one's files, and records an expired
// one.
type Persistence struct {
	spaces     *namespaces.Registry
	ops        []faults.Operation
	dir        *store.Dir
	saver      *store.Saver
	durability store.Durability
	log        *slog.Logger
	// starting is set while loadAll imports the files itself: Load finds
	// nothing then, so no file is read twice, and the saver sees no
	// namespace.
	starting atomic.Bool
}

// Persist loads every namespace saved in opts.Dir into the mock's
// namespaces and keeps them saved from then on; call it before serving,
// and Close at shutdown. A file that cannot be read or imported stops it
// with an error naming the file and the problem.
func Persist(parts Parts, opts PersistOptions) (*Persistence, error) {
	if opts.Logger == nil {
		opts.Logger = parts.Logger
	}
	if opts.Durability == "" {
		opts.Durability = store.Interval
	}
	dir, err := store.Open(opts.Dir, opts.Reset)
	if err != nil {
		return nil, err
	}
	p := &Persistence{spaces: parts.Namespaces, ops: FaultOperations(parts.Operations), dir: dir,
		durability: opts.Durability, log: opts.Logger}
	p.saver = store.NewSaver(dir, p, store.SaverOptions{Interval: opts.Interval, Logger: opts.Logger})
	// The keeper is in place while loading, so namespaces past the cap
	// are evicted back to their files as the load goes on.
	p.starting.Store(true)
	p.spaces.SetKeeper(p)
	err = p.loadAll()
	if err == nil {
		err = p.markGone()
	}
	p.starting.Store(false)
	if err != nil {
		p.spaces.SetKeeper(nil)
		p.saver.Close()
		return nil, err
	}
	return p, nil
}

// loadAll imports every saved namespace, one file at a time. More files
// than the namespace cap is fine: the ones evicted while loading stay on
// disk, and are loaded again on first use.
func (p *Persistence) loadAll() error {
	names, err := p.dir.Names()
	if err != nil {
		return err
	}
	for _, name := range names {
		if err := namespaces.Check(name); err != nil {
			return fmt.Errorf("%s: the file name is not a namespace name: %s (fix or remove the file, or start with --reset-data to discard all saved state)", p.dir.File(name), namespaces.Pattern)
		}
		saved, err := p.dir.ReadSaved(name, statedoc.DecodeOptions{})
		if err != nil {
			return errors.New(strings.TrimPrefix(err.Error(), "store: ")) // it names the file and the way out
		}
		var imported *fakes.World
		ns, err := p.spaces.Import(name, func(clk *clock.Controlled) (*fakes.World, func(*namespaces.Namespace), error) {
			w, apply, err := restorer(p.spaces.Template(), p.ops, saved.Doc)(clk)
			imported = w
			return w, apply, err
		})
		if err != nil {
			return fmt.Errorf("%s: %w (fix or remove the file, or start with --reset-data to discard all saved state)", p.dir.File(name), err)
		}
		if saved.Unsealed {
			p.log.Warn("persistence: a state file without a checksum (an export, or an earlier mockdex's) was loaded; it is rewritten with one", "file", p.dir.File(name))
			continue // the first flush writes the file whole
		}
		p.saver.Loaded(name, entry(ns, imported), saved.LastLog, saved.LogBytes)
	}
	return nil
}

// markGone tells the registry which names expired, and which had their
// files set aside as unreadable, in earlier runs: requests naming them
// are told so, never handed a fresh world.
func (p *Persistence) markGone() error {
	expired, err := p.dir.ExpiredNames()
	if err != nil {
		return err
	}
	p.spaces.MarkExpired(expired...)
	aside, err := p.dir.SetAsideNames()
	if err != nil {
		return err
	}
	for _, name := range aside {
		p.spaces.MarkUnreadable(name, "kept as "+p.dir.File(name)+".bad")
	}
	return nil
}

// Close stops the background saving and writes what changed once more,
// each namespace whole (SIGTERM).
func (p *Persistence) Close() error { return p.saver.Close() }

// Stats are the saver's counters, for /metrics.
func (p *Persistence) Stats() store.SaverStats { return p.saver.Stats() }

// Durability is when an acknowledged change is on disk.
func (p *Persistence) Durability() store.Durability { return p.durability }

// Sync returns once the changes namespace name holds now are on disk; a
// request calls it before its answer goes out under Always durability.
// It never waits for the requests in the namespace's world.
func (p *Persistence) Sync(name string) error {
	ns, ok := p.spaces.Lookup(name)
	if !ok {
		return nil
	}
	w := ns.Current()
	if w == nil {
		return nil
	}
	return p.saver.Sync(name, entry(ns, w))
}

// Namespaces lists the live namespaces for the saver; none while the
// files are being loaded, when a namespace's world is the fresh one its
// import is about to replace (saving that would write an empty world
// over its file).
func (p *Persistence) Namespaces() map[string]store.Namespace {
	if p.starting.Load() {
		return nil
	}
	live := p.spaces.Live()
	out := make(map[string]store.Namespace, len(live))
	for _, ns := range live {
		if w := ns.World(); w != nil {
			out[ns.Name()] = entry(ns, w)
		}
	}
	return out
}

// entry is ns, with world w, as the saver sees it.
func entry(ns *namespaces.Namespace, w *fakes.World) store.Namespace {
	ctl := controlOf(ns)
	return store.Namespace{World: w, Version: controlVersion(ctl), Control: func() json.RawMessage { return ctl }}
}

// Load is the namespace saved under name, if there is one. Files that
// fail now (they passed at start-up, so someone changed them since) are
// set aside, not overwritten, and the failure is returned: the registry
// refuses the name rather than start it afresh.
func (p *Persistence) Load(name string, clk *clock.Controlled) (*fakes.World, func(*namespaces.Namespace), error) {
	if p.starting.Load() {
		return nil, nil, nil
	}
	saved, err := p.dir.ReadSaved(name, statedoc.DecodeOptions{})
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err == nil {
		w, apply, rerr := restorer(p.spaces.Template(), p.ops, saved.Doc)(clk)
		if rerr == nil {
			return w, func(ns *namespaces.Namespace) {
				if apply != nil {
					apply(ns)
				}
				if !saved.Unsealed {
					p.saver.Loaded(name, entry(ns, w), saved.LastLog, saved.LogBytes)
				}
			}, nil
		}
		err = fmt.Errorf("%s: %w", p.dir.File(name), rerr)
	}
	aside, aerr := p.dir.SetAside(name)
	p.log.Error("persistence: a saved namespace could not be loaded; requests naming it are refused until it is deleted", "namespace", name, "err", err, "keptAs", aside, "setAsideErr", aerr)
	return nil, nil, fmt.Errorf("kept as %s", aside)
}

// Keep saves a namespace eviction drops.
func (p *Persistence) Keep(ns *namespaces.Namespace, w *fakes.World) error {
	return p.saver.Save(ns.Name(), entry(ns, w))
}

// Forget removes a deleted namespace's files, and any record that it
// expired or could not be read (a set-aside file is kept, renamed).
func (p *Persistence) Forget(name string) (bool, error) {
	had := p.dir.Has(name)
	if err := p.saver.Remove(name); err != nil {
		return had, err
	}
	if err := p.dir.ClearExpired(name); err != nil {
		return had, err
	}
	return had, p.dir.ClearSetAside(name)
}

// Expire removes an expired namespace's files and records the expiry.
func (p *Persistence) Expire(name string) error {
	if err := p.saver.Remove(name); err != nil {
		return err
	}
	return p.dir.MarkExpired(name)
}
