package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/mockdex/mockdex/internal/statedoc"
)

// File names in a data directory, for a namespace NAME:
//
//	NAME.mockdex-state.json      the state file (sealed.go)
//	NAME.mockdex-log.N           the log files after it, N counting up (logfile.go)
//	NAME.mockdex-state.json.bad  a state file that failed when loaded while running, kept for a person
//	NAME.mockdex-expired         the namespace expired (--namespace-idle-ttl)
const (
	// Suffix ends every state file's name.
	Suffix     = ".mockdex-state.json"
	logMark    = ".mockdex-log."
	expiredSfx = ".mockdex-expired"
	badSfx     = ".bad"
)

// tempMark is in the name of a file being written; one left behind is a
// write that never finished.
const tempMark = ".tmp-"

// namePattern is what a namespace name must be to name a file safely on
// any filesystem.
// It is compiled at first use: its repetition makes a large program, not
// worth building at package init on the way to every start.
var namePattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
})

// Dir is a data directory.
type Dir struct {
	path string
}

// Open opens the data directory at path, creating it if need be, and
// removes what unfinished writes left behind, and log files without a
// state file (a deletion a crash interrupted: the state file goes
// first). With reset set, it first removes every namespace's files, so
// the mock starts clean (--reset-data).
func Open(path string, reset bool) (*Dir, error) {
	if err := os.MkdirAll(path, 0o700); err != nil {
		return nil, fmt.Errorf("store: data directory: %w", err)
	}
	d := &Dir{path: path}
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, fmt.Errorf("store: data directory: %w", err)
	}
	states := map[string]bool{}
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), Suffix); ok {
			states[name] = true
		}
	}
	for _, e := range entries {
		name := e.Name()
		leftover := strings.HasPrefix(name, ".") && strings.Contains(name, tempMark)
		owner, _, isLog := splitLog(name)
		ours := strings.HasSuffix(name, Suffix) || isLog || strings.HasSuffix(name, expiredSfx)
		if leftover || (reset && ours) || (isLog && !states[owner]) {
			// Gone already is as good as removed: a saver still at work
			// in the directory (a test reading it) renames its own.
			if err := os.Remove(filepath.Join(path, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("store: %w", err)
			}
		}
	}
	return d, syncDir(path)
}

// splitLog reads a log file's name: its namespace and number.
func splitLog(file string) (name string, seq uint64, ok bool) {
	i := strings.LastIndex(file, logMark)
	if i <= 0 {
		return "", 0, false
	}
	n, err := strconv.ParseUint(file[i+len(logMark):], 10, 64)
	if err != nil {
		return "", 0, false
	}
	return file[:i], n, true
}

// Path is the directory's path.
func (d *Dir) Path() string { return d.path }

// File is where namespace name's state is kept.
func (d *Dir) File(name string) string { return filepath.Join(d.path, name+Suffix) }

// logFile is namespace name's log file number seq.
func (d *Dir) logFile(name string, seq uint64) string {
	return filepath.Join(d.path, name+logMark+strconv.FormatUint(seq, 10))
}

// CheckName refuses a namespace name that cannot name a file everywhere.
func CheckName(name string) error {
	if !namePattern().MatchString(name) {
		return fmt.Errorf("store: namespace name %q: want 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit", name)
	}
	return nil
}

// Names lists the namespaces that have a state file, sorted.
func (d *Dir) Names() ([]string, error) {
	return d.namesWith(Suffix)
}

func (d *Dir) namesWith(suffix string) ([]string, error) {
	entries, err := os.ReadDir(d.path)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	var out []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), suffix); ok && !strings.HasPrefix(e.Name(), ".") {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out, nil
}

// logs lists namespace name's log files' numbers, in order.
func (d *Dir) logs(name string) ([]uint64, error) {
	entries, err := os.ReadDir(d.path)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	var out []uint64
	for _, e := range entries {
		if owner, seq, ok := splitLog(e.Name()); ok && owner == name {
			out = append(out, seq)
		}
	}
	slices.Sort(out)
	return out, nil
}

// Saved is a namespace read back from its files.
type Saved struct {
	Doc *statedoc.Document
	// LastLog is the newest log file replayed (or the state file's first
	// one, less one, when there were none); appends go to a later one.
	LastLog uint64
	// LogBytes is what the replayed logs hold.
	LogBytes int64
	// Unsealed says the state file carried no checksum: an export dropped
	// in, or a file of an earlier mockdex.
	Unsealed bool
}

// Read reads namespace name's state document, with its logs replayed
// over it. A missing state file is fs.ErrNotExist; anything else wrong
// is an error naming the file and the problem. A record an interrupted
// append cut short at the end of the newest log is dropped (and cut off
// the file, so later appends follow whole records).
func (d *Dir) Read(name string) (*statedoc.Document, error) {
	s, err := d.ReadSaved(name, statedoc.DecodeOptions{})
	return s.Doc, err
}

// ReadSaved is Read with decoding options (the memory bound's check)
// and what else the files said.
func (d *Dir) ReadSaved(name string, opts statedoc.DecodeOptions) (Saved, error) {
	var out Saved
	path := d.File(name)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return out, err
	}
	if err != nil {
		return out, fileError(path, err)
	}
	doc, first, unsealed, err := readSealed(f, opts)
	f.Close()
	if err != nil {
		return out, fileError(path, err)
	}
	out.Unsealed, out.LastLog = unsealed, max(first, 1)-1
	seqs, err := d.logs(name)
	if err != nil {
		return out, err
	}
	var replay *statedoc.Replayer
	for i, seq := range seqs {
		if seq < first {
			continue // already in the state file: a compaction's cleanup a crash interrupted
		}
		lp := d.logFile(name, seq)
		if seq != out.LastLog+1 {
			return out, fileError(lp, fmt.Errorf("log %d follows log %d: a log between them is missing", seq, out.LastLog))
		}
		content, err := readLog(lp)
		if err == nil && content.torn && i < len(seqs)-1 {
			err = errors.New("a record is cut short, and a later log follows it")
		}
		if err != nil {
			return out, fileError(lp, err)
		}
		if content.torn {
			if err := os.Truncate(lp, content.end); err != nil {
				return out, fileError(lp, err)
			}
		}
		if replay == nil && len(content.patches) > 0 {
			replay = statedoc.Replay(doc)
		}
		for _, p := range content.patches {
			replay.Apply(p)
		}
		out.LastLog, out.LogBytes = seq, out.LogBytes+content.end
	}
	if replay != nil {
		doc = replay.Document()
	}
	out.Doc = doc
	return out, nil
}

// Write replaces namespace name's state document, atomically, and
// removes its logs (the document holds everything).
func (d *Dir) Write(name string, s *statedoc.Document) error {
	if err := CheckName(name); err != nil {
		return err
	}
	seqs, err := d.logs(name)
	if err != nil {
		return err
	}
	next := uint64(1)
	if len(seqs) > 0 {
		next = seqs[len(seqs)-1] + 1
	}
	if _, err := d.writeState(name, s, next); err != nil {
		return err
	}
	return d.removeLogs(name, next)
}

// writeState writes the state file, its changes ending before log next.
func (d *Dir) writeState(name string, s *statedoc.Document, next uint64) (int64, error) {
	var size int64
	err := writeAtomic(d.path, name+Suffix, func(f *os.File) error {
		n, err := writeSealed(f, s, next)
		size = n
		return err
	})
	return size, err
}

// removeLogs removes namespace name's logs before number next.
func (d *Dir) removeLogs(name string, next uint64) error {
	seqs, err := d.logs(name)
	if err != nil {
		return err
	}
	removed := false
	for _, seq := range seqs {
		if seq < next {
			if err := os.Remove(d.logFile(name, seq)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("store: %w", err)
			}
			removed = true
		}
	}
	if !removed {
		return nil
	}
	return syncDir(d.path)
}

// Remove deletes namespace name's state file and logs, if it has any:
// the state file first, so a crash between leaves logs Open clears.
func (d *Dir) Remove(name string) error {
	err := os.Remove(d.File(name))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("store: %w", err)
	}
	if err := syncDir(d.path); err != nil {
		return err
	}
	return d.removeLogs(name, ^uint64(0))
}

// Has says whether namespace name has a state file.
func (d *Dir) Has(name string) bool {
	_, err := os.Stat(d.File(name))
	return err == nil
}

// SetAside renames namespace name's state file and logs out of the way
// (to NAME.mockdex-state.json.bad, NAME.mockdex-log.N.bad), so files
// that cannot be read are kept for a person to look at rather than
// overwritten; it returns the state file's new path.
func (d *Dir) SetAside(name string) (string, error) {
	to := d.File(name) + badSfx
	if err := os.Rename(d.File(name), to); err != nil {
		return "", fmt.Errorf("store: %w", err)
	}
	seqs, _ := d.logs(name)
	for _, seq := range seqs {
		_ = os.Rename(d.logFile(name, seq), d.logFile(name, seq)+badSfx)
	}
	return to, syncDir(d.path)
}

// SetAsideNames lists the namespaces whose state file was set aside
// (NAME.mockdex-state.json.bad) and that have no state file since.
func (d *Dir) SetAsideNames() ([]string, error) {
	bad, err := d.namesWith(Suffix + badSfx)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(bad, d.Has), nil
}

// ClearSetAside renames namespace name's set-aside state file to one
// that no longer marks the namespace (NAME.mockdex-state.json.bad.N), for
// the name to start afresh while the file stays for a person.
func (d *Dir) ClearSetAside(name string) error {
	from := d.File(name) + badSfx
	for n := 1; ; n++ {
		to := from + "." + strconv.Itoa(n)
		if _, err := os.Stat(to); errors.Is(err, fs.ErrNotExist) {
			if err := os.Rename(from, to); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("store: %w", err)
			}
			return syncDir(d.path)
		}
	}
}

// MarkExpired records that namespace name expired, so after a restart a
// request naming it is still told so.
func (d *Dir) MarkExpired(name string) error {
	if err := CheckName(name); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(d.path, name+expiredSfx), nil, 0o600); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return syncDir(d.path)
}

// ExpiredNames lists the namespaces marked expired.
func (d *Dir) ExpiredNames() ([]string, error) { return d.namesWith(expiredSfx) }

// ClearExpired removes namespace name's expiry mark.
func (d *Dir) ClearExpired(name string) error {
	err := os.Remove(filepath.Join(d.path, name+expiredSfx))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}

// fileError says which file is wrong, what is wrong, and the way out.
func fileError(path string, err error) error {
	return fmt.Errorf("store: %s: %w (fix or remove the file, or start with --reset-data to discard all saved state)", path, err)
}
