package loadgen

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
)

// WriteText writes the report for a person: the summary line first, then
// one row per operation and the overall row.
func (r *Report) WriteText(w io.Writer) error {
	o := r.Outcomes
	fmt.Fprintf(w, "mockdex loadgen: %d requests in %.2fs = %.1f req/s; %d ok, %d busy (409/507), %d evicted (404), %d not built (501), %d errors; mix %s, %d workers, stopped by the %s bound\n",
		r.Requests, r.DurationSeconds, r.RequestsPerSecond, o.OK, o.Busy, o.Evicted, o.NotBuilt, o.Errors, r.Mix, r.Concurrency, r.StoppedBy)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "operation\trequests\tp50 ms\tp90 ms\tp99 ms\tmax ms\tstatuses")
	for _, op := range r.Operations {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", op.OperationID, op.Requests, latencyCells(op.Latency), statusCells(op.Statuses))
	}
	fmt.Fprintf(tw, "overall\t%d\t%s\n", r.Requests, latencyCells(r.Latency))
	return tw.Flush()
}

// WriteJSON writes the report as one indented JSON object.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

func latencyCells(l Latency) string {
	return fmt.Sprintf("%.2f\t%.2f\t%.2f\t%.2f", l.P50, l.P90, l.P99, l.Max)
}

// statusCells lists "200=123 409=4" in status order; status 0 (no
// answer) is shown as "no-answer".
func statusCells(counts map[int]int) string {
	var parts []string
	for _, status := range slices.Sorted(maps.Keys(counts)) {
		name := fmt.Sprint(status)
		if status == 0 {
			name = "no-answer"
		}
		parts = append(parts, fmt.Sprintf("%s=%d", name, counts[status]))
	}
	return strings.Join(parts, " ")
}
