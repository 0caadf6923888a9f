//go:build unix

package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// The run fails (exitMissed) exactly when a line of the summary missed
// its mark; these are the issue 24 marks at and past their edges.
func TestMarksJudgeRatiosToBare(t *testing.T) {
	bare := wrkResult{rps: 40000, p99: 10 * time.Millisecond}
	for name, c := range map[string]struct {
		mock   wrkResult
		missed int
	}{
		"every mark met, at the edges": {wrkResult{rps: 30000, p99: 13 * time.Millisecond}, 0},
		"rate under 0.75x":             {wrkResult{rps: 29999, p99: 5 * time.Millisecond}, 1},
		"p99 over 1.3x bare's":         {wrkResult{rps: 40000, p99: 13100 * time.Microsecond}, 1},
		"a refusal":                    {wrkResult{rps: 40000, p99: 5 * time.Millisecond, non2xx: 1}, 1},
		"all three":                    {wrkResult{rps: 100, p99: time.Second, errs: 2}, 3},
	} {
		var r report
		r.judgeGetMarks(c.mock, bare)
		assert.Equal(t, c.missed, r.missed(), name)
	}
}

func TestMarksJudgePost(t *testing.T) {
	for _, c := range []struct {
		res wrkResult
		ok  bool
	}{
		{wrkResult{rps: 20000}, true},
		{wrkResult{rps: 19999}, false},
		{wrkResult{rps: 25000, non2xx: 1}, false},
	} {
		var r report
		r.judgePostMark(c.res)
		assert.Equal(t, c.ok, r.missed() == 0, "%+v", c.res)
	}
}
