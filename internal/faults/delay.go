package faults

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// MaxDelay bounds a delay fault, so a typo cannot hang a client for hours;
// a drawn delay is cut to it too.
const MaxDelay = 10 * time.Minute

// Delay is how long a fault waits before it acts: a fixed duration, or
// one drawn for each call, uniformly between Min and Max or from a
// lognormal distribution around Median (the shape of real latency: most
// calls near the median, a long tail). Draws come from the namespace's
// seeded source, so the same calls in the same order wait the same.
type Delay struct {
	// Fixed is the wait of a fixed delay.
	Fixed time.Duration
	// Min and Max bound a uniform delay (Max > 0 marks one).
	Min, Max time.Duration
	// Median and Sigma shape a lognormal delay (Median > 0 marks one):
	// the wait is Median × e^(Sigma × N(0,1)).
	Median time.Duration
	Sigma  float64
}

// IsZero reports whether the delay waits not at all.
func (d Delay) IsZero() bool { return d.Fixed == 0 && d.Max == 0 && d.Median == 0 }

// Draw is one wait: Fixed, or a draw from rng, never above MaxDelay.
func (d Delay) Draw(rng *rand.Rand) time.Duration {
	var out time.Duration
	switch {
	case d.Max > 0:
		out = d.Min + time.Duration(rng.Int64N(int64(d.Max-d.Min)+1))
	case d.Median > 0:
		f := float64(d.Median) * math.Exp(d.Sigma*rng.NormFloat64())
		out = time.Duration(math.Min(f, float64(MaxDelay)))
	default:
		out = d.Fixed
	}
	return min(out, MaxDelay)
}

// String is the delay as its JSON says it ("2s", "uniform 100ms-2s",
// "lognormal median 500ms sigma 0.5"), for the dashboard.
func (d Delay) String() string {
	switch {
	case d.Max > 0:
		return fmt.Sprintf("uniform %s-%s", d.Min, d.Max)
	case d.Median > 0:
		return fmt.Sprintf("lognormal median %s sigma %g", d.Median, d.Sigma)
	case d.Fixed > 0:
		return d.Fixed.String()
	}
	return ""
}

// delayJSON is Delay's object form.
type delayJSON struct {
	Uniform *struct {
		Min string `json:"min"`
		Max string `json:"max"`
	} `json:"uniform,omitempty"`
	Lognormal *struct {
		Median string  `json:"median"`
		Sigma  float64 `json:"sigma"`
	} `json:"lognormal,omitempty"`
}

// MarshalJSON writes a fixed delay as Go syntax ("2s"), a drawn one as
// {"uniform": {"min", "max"}} or {"lognormal": {"median", "sigma"}}.
func (d Delay) MarshalJSON() ([]byte, error) {
	switch {
	case d.Max > 0:
		return json.Marshal(map[string]any{"uniform": map[string]string{"min": d.Min.String(), "max": d.Max.String()}})
	case d.Median > 0:
		return json.Marshal(map[string]any{"lognormal": map[string]any{"median": d.Median.String(), "sigma": d.Sigma}})
	}
	return json.Marshal(d.Fixed.String())
}

const delayForms = `'delay' must be a Go duration from 0 to 10m (250ms, 2s), {"uniform": {"min": "100ms", "max": "2s"}} or {"lognormal": {"median": "500ms", "sigma": 0.5}}`

// parseDelay reads a delay's JSON: absent or null is none.
func parseDelay(raw json.RawMessage) (Delay, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return Delay{}, nil
	}
	if raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return Delay{}, refuse("%s", delayForms)
		}
		d, err := duration(s)
		return Delay{Fixed: d}, err
	}
	var dj delayJSON
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if dec.Decode(&dj) != nil || (dj.Uniform == nil) == (dj.Lognormal == nil) {
		return Delay{}, refuse("%s", delayForms)
	}
	if u := dj.Uniform; u != nil {
		return uniform(u.Min, u.Max)
	}
	return lognormal(dj.Lognormal.Median, dj.Lognormal.Sigma)
}

func uniform(lo, hi string) (Delay, error) {
	minD, err := duration(lo)
	if err != nil {
		return Delay{}, err
	}
	maxD, err := duration(hi)
	if err != nil {
		return Delay{}, err
	}
	if maxD <= minD {
		return Delay{}, refuse("'delay.uniform': 'max' must be above 'min'")
	}
	return Delay{Min: minD, Max: maxD}, nil
}

func lognormal(median string, sigma float64) (Delay, error) {
	m, err := duration(median)
	if err != nil {
		return Delay{}, err
	}
	switch {
	case m == 0:
		return Delay{}, refuse("'delay.lognormal': 'median' must be above 0")
	case sigma < 0 || sigma > 4:
		return Delay{}, refuse("'delay.lognormal': 'sigma' must be from 0 to 4")
	}
	return Delay{Median: m, Sigma: sigma}, nil
}

// duration reads one Go duration from 0 to MaxDelay.
func duration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 || d > MaxDelay {
		return 0, refuse("'delay' must be a Go duration from 0 to %s, such as 250ms or 2s (got %q)", MaxDelay, clip(s))
	}
	return d, nil
}

// clip bounds a value a refusal repeats.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
