package journal

// Defaults for Options' zero values.
const (
	DefaultEntries          = 1000
	DefaultBytes            = 4 << 20
	DefaultBodyLimit        = 16 << 10
	DefaultHeaderValueLimit = 1 << 10
	// maxHeaders is how many headers an entry keeps; the rest are counted.
	maxHeaders = 64
	// maxQueryBytes and maxPathBytes cap the raw query and the path a
	// capture copies.
	maxQueryBytes = 4 << 10
	maxPathBytes  = 2 << 10
	// maxNameBytes caps short request facts taken from headers
	// (namespace, correlation id).
	maxNameBytes = 256
)

// Options bound a journal. Zero values take the defaults.
type Options struct {
	// Entries is how many requests are kept at most.
	Entries int
	// Bytes is roughly how much memory the kept entries may take; the
	// oldest go first when a new one would pass it.
	Bytes int64
	// BodyLimit caps the bytes of each body looked at; larger bodies are
	// noted by size only.
	BodyLimit int
	// HeaderValueLimit caps each header value kept.
	HeaderValueLimit int
	// ObserveBodyLimit, when larger than BodyLimit, is how much of an
	// answer is kept while an observer is set (Observe): an answer past
	// BodyLimit but within it is handed to the observer whole (redacted),
	// and stored as a note as before. The bytes are held only until the
	// flush, so the ring's bound is unchanged.
	ObserveBodyLimit int
}

func (o Options) withDefaults() Options {
	if o.Entries == 0 {
		o.Entries = DefaultEntries
	}
	if o.Bytes == 0 {
		o.Bytes = DefaultBytes
	}
	if o.BodyLimit <= 0 {
		o.BodyLimit = DefaultBodyLimit
	}
	if o.HeaderValueLimit <= 0 {
		o.HeaderValueLimit = DefaultHeaderValueLimit
	}
	return o
}
