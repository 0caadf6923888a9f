package fakes_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/statedoc"
)

// A timeline set on a logged world, and what it does as the clock and
// the calls run (events firing, calls counted), reach persistence's log:
// the log laid over the snapshot gives the timeline the world has, so a
// restart neither loses a timeline set nor fires an event twice.
func TestTimelineChangesReachTheLog(t *testing.T) {
	w := newWorld(t)
	w.TrackChanges()
	base, err := w.Export()
	require.NoError(t, err)

	var patches []*statedoc.Patch
	take := func(what string) *statedoc.Patch {
		p, _ := w.TakeChanges()
		data, err := json.Marshal(p) // through JSON, as the log keeps it
		require.NoError(t, err)
		var back statedoc.Patch
		require.NoError(t, json.Unmarshal(data, &back))
		patches = append(patches, &back)
		require.NotNil(t, back.Timeline, "%s is in the patch", what)
		return &back
	}
	play(t, w, `{"id":"closing","kind":"report-fails","at":"+1h"},
		{"id":"busy","kind":"region-closes","region":"OR","after":{"operationId":"getModalities","count":2},"for":"1h"}`)
	p := take("the timeline set")
	require.NotNil(t, p.Timeline.Timeline)
	assert.Empty(t, p.Timeline.Timeline.Fired)

	w.Catch(monday9.Add(90 * time.Minute))
	p = take("an event firing")
	require.Len(t, p.Timeline.Timeline.Fired, 1)
	assert.Equal(t, "closing", p.Timeline.Timeline.Fired[0].ID)

	w.CountCall("getModalities", monday9.Add(91*time.Minute))
	p = take("a call counted")
	assert.Equal(t, 1, p.Timeline.Timeline.Calls["getModalities"])

	r := statedoc.Replay(base)
	for _, p := range patches {
		r.Apply(p)
	}
	want, err := w.Export()
	require.NoError(t, err)
	assert.Equal(t, want.Timeline, r.Document().Timeline)

	require.NoError(t, w.SetTimeline(nil, monday9, nil))
	p, _ = w.TakeChanges()
	require.NotNil(t, p.Timeline, "a cleared timeline is a change too")
	assert.Nil(t, p.Timeline.Timeline)
	r.Apply(p)
	assert.Nil(t, r.Document().Timeline)
}
