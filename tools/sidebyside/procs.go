//go:build unix

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// runner holds what one run started, so close can stop all of it.
type runner struct {
	ctx    context.Context
	cfg    config
	out    io.Writer
	errw   io.Writer
	tmp    string
	procs  []*proc
	report report
}

func newRunner(ctx context.Context, c config, stdout, stderr io.Writer) (*runner, error) {
	if _, err := exec.LookPath("wrk"); err != nil {
		return nil, errors.New("wrk is not on PATH (Debian: apt-get install wrk)")
	}
	repo, err := filepath.Abs(c.repo)
	if err != nil {
		return nil, err
	}
	c.repo = repo
	tmp, err := os.MkdirTemp("", "mockdex-sidebyside-")
	if err != nil {
		return nil, err
	}
	return &runner{ctx: ctx, cfg: c, out: stdout, errw: stderr, tmp: tmp}, nil
}

// close stops every process still running and removes the temporary
// directory unless -keep.
func (r *runner) close() {
	for _, p := range r.procs {
		p.stop()
	}
	if r.cfg.keep {
		fmt.Fprintln(r.out, "kept", r.tmp)
		return
	}
	_ = os.RemoveAll(r.tmp)
}

func (r *runner) printf(format string, args ...any) { fmt.Fprintf(r.out, format, args...) }

// progress notes what is happening on stderr, so stdout stays the report.
func (r *runner) progress(format string, args ...any) {
	fmt.Fprintf(r.errw, "# "+format+"\n", args...)
}

// build compiles mockdex into the temporary directory.
func (r *runner) build() (string, error) {
	bin := filepath.Join(r.tmp, "mockdex")
	cmd := exec.CommandContext(r.ctx, "go", "build", "-o", bin, "./cmd/mockdex")
	cmd.Dir = r.cfg.repo
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/mockdex: %v\n%s", err, out)
	}
	return bin, nil
}

// proc is a server this run started, in its own process group.
type proc struct {
	name string
	cmd  *exec.Cmd
	base string // http://127.0.0.1:PORT
	done chan struct{}
}

// start runs a server whose output goes to NAME.log in the temporary
// directory.
func (r *runner) start(name, base string, argv []string, env ...string) (*proc, error) {
	logf, err := os.Create(filepath.Join(r.tmp, name+".log"))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = r.cfg.repo
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &proc{name: name, cmd: cmd, base: base, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); logf.Close(); close(p.done) }()
	r.procs = append(r.procs, p)
	return p, nil
}

// stop sends SIGTERM to the process group, then SIGKILL after 5 s.
func (p *proc) stop() {
	select {
	case <-p.done:
		return
	default:
	}
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		<-p.done
	}
}

// freeBase picks a free loopback port. Another process could take it
// before the server binds it; the server's start then fails loudly.
func freeBase() (string, string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", "", err
	}
	defer ln.Close()
	addr := ln.Addr().String()
	return addr, "http://" + addr, nil
}

// waitOK polls url until it answers 2xx, the process ends, or timeout.
// It reports how long that took from since.
func (r *runner) waitOK(p *proc, url string, since time.Time, timeout time.Duration) (time.Duration, error) {
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		resp, err := client.Get(url)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode < 300 {
				return time.Since(since), nil
			}
		}
		select {
		case <-p.done:
			return 0, fmt.Errorf("%s exited before answering; see its log", p.name)
		case <-r.ctx.Done():
			return 0, r.ctx.Err()
		case <-time.After(time.Millisecond):
		}
	}
	return 0, fmt.Errorf("%s did not answer %s within %s", p.name, url, timeout)
}

// loadAverage is /proc/loadavg's first three fields.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func splitHostPort(addr string) (string, string, error) { return net.SplitHostPort(addr) }
