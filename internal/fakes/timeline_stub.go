package fakes

import (
	"time"

	"github.com/mockdex/mockdex/internal/faults"
)

// TimelineFaults is a placeholder until the timeline lands.
func (w *World) TimelineFaults(now time.Time) []faults.Fault { return nil }
