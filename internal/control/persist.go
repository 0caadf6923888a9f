package control

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"time"

	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/faults"
	"github.com/mockdex/mockdex/internal/namespaces"
	"github.com/mockdex/mockdex/internal/store"
)

// PersistOptions configure Persist.
type PersistOptions struct {
	// Dir is the data directory (mockdex --data-dir); created if missing.
	Dir string
	// Reset discards every saved namespace first (--reset-data).
	Reset bool
	// Interval between looks for changes; 0 is store.DefaultInterval.
	Interval time.Duration
	// Logger gets failed saves and set-aside files; nil is the parts'.
	Logger *slog.Logger
}

// Persistence keeps a mock's namespaces in a data directory: it loaded
// them at start, saves the ones that changed in the background, saves a
// namespace that eviction drops, and removes a deleted one's file.
type Persistence struct {
	spaces *namespaces.Registry
	ops    []faults.Operation
	dir    *store.Dir
	saver  *store.Saver
	log    *slog.Logger
}

// Persist loads every namespace saved in opts.Dir into the mock's
// namespaces and keeps them saved from then on; call it before serving,
// and Close at shutdown. A file that cannot be read or imported stops it
// with an error naming the file and the problem.
func Persist(parts Parts, opts PersistOptions) (*Persistence, error) {
	if opts.Logger == nil {
		opts.Logger = parts.Logger
	}
	dir, err := store.Open(opts.Dir, opts.Reset)
	if err != nil {
		return nil, err
	}
	p := &Persistence{spaces: parts.Namespaces, ops: FaultOperations(parts.Operations), dir: dir, log: opts.Logger}
	loaded, err := p.loadAll()
	if err != nil {
		return nil, err
	}
	p.saver = store.NewSaver(dir, p, store.SaverOptions{Interval: opts.Interval, Logger: opts.Logger})
	for _, ns := range loaded {
		if w := ns.World(); w != nil {
			p.saver.MarkSaved(ns.Name(), entry(ns, w))
		}
	}
	p.spaces.SetKeeper(p)
	return p, nil
}

// loadAll imports every saved namespace, one file at a time. More files
// than the namespace cap is fine: the ones evicted while loading stay on
// disk, and are loaded again on first use.
func (p *Persistence) loadAll() ([]*namespaces.Namespace, error) {
	names, err := p.dir.Names()
	if err != nil {
		return nil, err
	}
	var out []*namespaces.Namespace
	for _, name := range names {
		ns, err := p.load(name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w (fix or remove the file, or start with --reset-data to discard all saved state)", p.dir.File(name), err)
		}
		out = append(out, ns)
	}
	return out, nil
}

func (p *Persistence) load(name string) (*namespaces.Namespace, error) {
	if err := namespaces.Check(name); err != nil {
		return nil, errors.New("the file name is not a namespace name: " + namespaces.Pattern)
	}
	snap, err := p.dir.Read(name)
	if err != nil {
		return nil, errors.Unwrap(err) // Read's error names the file too
	}
	return p.spaces.Import(name, restorer(p.spaces.Template(), p.ops, snap))
}

// Close stops the background saving and saves what changed once more
// (SIGTERM).
func (p *Persistence) Close() error { return p.saver.Close() }

// Namespaces lists the live namespaces for the saver.
func (p *Persistence) Namespaces() map[string]store.Namespace {
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

// Load is the namespace saved under name, if there is one. A file that
// fails now (it passed at start-up, so someone changed it since) is set
// aside, not overwritten, and the namespace starts fresh.
func (p *Persistence) Load(name string, clk *clock.Controlled) (*fakes.World, func(*namespaces.Namespace)) {
	snap, err := p.dir.Read(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err == nil {
		w, apply, rerr := restorer(p.spaces.Template(), p.ops, snap)(clk)
		if rerr == nil {
			return w, apply
		}
		err = fmt.Errorf("%s: %w", p.dir.File(name), rerr)
	}
	aside, aerr := p.dir.SetAside(name)
	p.log.Error("persistence: a saved namespace could not be loaded; it starts fresh", "namespace", name, "err", err, "keptAs", aside, "setAsideErr", aerr)
	return nil, nil
}

// Keep saves a namespace eviction drops.
func (p *Persistence) Keep(ns *namespaces.Namespace, w *fakes.World) error {
	return p.saver.Save(ns.Name(), entry(ns, w))
}

// Forget removes a deleted namespace's file.
func (p *Persistence) Forget(name string) (bool, error) {
	had := p.dir.Has(name)
	return had, p.saver.Remove(name)
}
