package scenarios

import "context"

// Session is what a step's Do function sends through: the step itself
// with some body fields replaced, every exchange recorded in the step's
// result.
type Session struct {
	ctx  context.Context
	st   Step
	t    Target
	vars Vars
	sr   *StepResult
}

// Send sends the step with the body's fields replaced by override (a nil
// value removes the field), holds the answer to the step's expectations,
// and returns the decoded JSON body.
func (s *Session) Send(override map[string]any) (any, error) {
	return once(s.ctx, s.st, s.t, s.vars, s.sr, override)
}

// Vars are the scenario's values as the step started.
func (s *Session) Vars() Vars { return s.vars }

// Attempt is the number of the last exchange sent (1-based).
func (s *Session) Attempt() int { return len(s.sr.Exchanges) }
