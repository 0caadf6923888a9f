package server

import "time"

// dexTime is the instant format of DexCare's examples: UTC, milliseconds.
const dexTime = "2006-01-02T15:04:05.000Z"

// formatDex writes an instant the way DexCare's JSON bodies do.
func formatDex(t time.Time) string { return t.UTC().Format(dexTime) }
