//go:build unix

package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// wrkResult is what one wrk run measured.
type wrkResult struct {
	rps    float64
	p50    time.Duration
	p99    time.Duration
	non2xx int
	errs   int // socket errors of any kind
}

// wrk runs wrk against url, with a Lua script when script is not "".
func (r *runner) wrk(url, script string) (wrkResult, error) {
	c := r.cfg
	args := []string{"-t" + strconv.Itoa(c.threads), "-c" + strconv.Itoa(c.conns),
		"-d" + strconv.Itoa(int(c.duration.Seconds())) + "s", "--latency"}
	if script != "" {
		args = append(args, "-s", script)
	}
	out, err := exec.CommandContext(r.ctx, "wrk", append(args, url)...).CombinedOutput()
	if err != nil {
		return wrkResult{}, fmt.Errorf("wrk %s: %v\n%s", url, err, out)
	}
	res, err := parseWrk(out)
	if err != nil {
		return res, fmt.Errorf("wrk %s: %v\n%s", url, err, out)
	}
	return res, nil
}

// parseWrk reads wrk's --latency report.
func parseWrk(out []byte) (wrkResult, error) {
	var res wrkResult
	sawRPS := false
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 2 && f[0] == "Requests/sec:":
			res.rps, _ = strconv.ParseFloat(f[1], 64)
			sawRPS = true
		case len(f) == 2 && f[0] == "50%":
			res.p50 = wrkDuration(f[1])
		case len(f) == 2 && f[0] == "99%":
			res.p99 = wrkDuration(f[1])
		case len(f) == 5 && f[0] == "Non-2xx":
			res.non2xx, _ = strconv.Atoi(f[4])
		case len(f) > 2 && f[0] == "Socket" && f[1] == "errors:":
			for _, part := range strings.Split(strings.Join(f[2:], " "), ",") {
				kv := strings.Fields(part)
				if len(kv) == 2 {
					n, _ := strconv.Atoi(kv[1])
					res.errs += n
				}
			}
		}
	}
	if !sawRPS {
		return res, fmt.Errorf("no Requests/sec line")
	}
	return res, nil
}

// wrkDuration reads wrk's 3.81ms, 950.00us, 1.02s.
func wrkDuration(s string) time.Duration {
	for _, u := range []struct {
		suffix string
		unit   time.Duration
	}{{"us", time.Microsecond}, {"ms", time.Millisecond}, {"s", time.Second}} {
		if v, ok := strings.CutSuffix(s, u.suffix); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return 0
			}
			return time.Duration(f * float64(u.unit))
		}
	}
	return 0
}
