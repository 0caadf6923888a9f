package readme

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Shell is one bash session the README's commands run in, so variables
// set by one command (REST_ENDPOINT, TOKEN) are there for the next.
type Shell struct {
	cmd  *exec.Cmd
	in   io.WriteCloser
	out  *bufio.Reader
	dir  string
	done chan struct{}
}

// Result is what one command did.
type Result struct {
	Stdout, Stderr string
	Exit           int
	Statuses       []int // every HTTP status curl received, in order
}

// prelude makes curl report each status to a file besides printing the
// body (as curl -s would), `open` fetch its URL, and `go run ./cmd/X` run
// X from bin.
const prelude = `
curl() {
  local body status rc
  body=$(mktemp "$RT_DIR/body.XXXXXX")
  command curl -sS -o "$body" -w '%{http_code}' "$@" >"$RT_DIR/status.last"
  rc=$?
  cat "$body"; rm -f "$body"
  cat "$RT_DIR/status.last" >>"$RT_DIR/status"; echo >>"$RT_DIR/status"
  return $rc
}
open() { curl "$@"; }
go() {
  if [ "$1" = run ] && [ -x "$RT_BIN/${2#./cmd/}" ]; then
    local tool="$RT_BIN/${2#./cmd/}"; shift 2; "$tool" "$@"
  else
    command go "$@"
  fi
}
`

// StartShell starts bash with bin (the built commands) first on PATH.
func StartShell(bin, dir string, env []string) (*Shell, error) {
	c := exec.Command("bash", "--norc", "--noprofile")
	// Its own process group, so Close also ends whatever a command left
	// running (a mock started with &).
	c.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	c.Dir = dir
	c.Env = append(os.Environ(), env...)
	c.Env = append(c.Env, "RT_BIN="+bin, "RT_DIR="+dir, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	in, err := c.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := c.StdoutPipe()
	if err != nil {
		return nil, err
	}
	c.Stderr = os.Stderr
	if err := c.Start(); err != nil {
		return nil, err
	}
	s := &Shell{cmd: c, in: in, out: bufio.NewReader(out), dir: dir, done: make(chan struct{})}
	go func() { c.Wait(); close(s.done) }()
	if _, err := io.WriteString(in, prelude); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Run runs one command in the session, within timeout.
func (s *Shell) Run(command string, timeout time.Duration) (Result, error) {
	path := func(name string) string { return filepath.Join(s.dir, name) }
	os.Remove(path("status"))
	script := fmt.Sprintf("{\n%s\n} >%q 2>%q </dev/null; echo \"__rc $?\"\n", command, path("stdout"), path("stderr"))
	if _, err := io.WriteString(s.in, script); err != nil {
		return Result{}, err
	}
	line := make(chan string, 1)
	go func() {
		for {
			l, err := s.out.ReadString('\n')
			if err != nil || strings.HasPrefix(l, "__rc ") {
				line <- l
				return
			}
		}
	}()
	var rcLine string
	select {
	case rcLine = <-line:
	case <-time.After(timeout):
		s.Close()
		return Result{}, fmt.Errorf("no answer within %s", timeout)
	}
	if !strings.HasPrefix(rcLine, "__rc ") {
		return Result{}, fmt.Errorf("the shell ended")
	}
	r := Result{Stdout: readFile(path("stdout")), Stderr: readFile(path("stderr"))}
	r.Exit, _ = strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(rcLine, "__rc ")))
	for _, f := range strings.Fields(readFile(path("status"))) {
		if n, err := strconv.Atoi(f); err == nil {
			r.Statuses = append(r.Statuses, n)
		}
	}
	return r, nil
}

// Close ends the session and whatever it started in the background.
func (s *Shell) Close() {
	s.in.Close()
	syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
	<-s.done
}

func readFile(path string) string {
	b, _ := os.ReadFile(path)
	return string(b)
}
