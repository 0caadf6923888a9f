// Package store keeps namespaces' worlds on disk, under a data directory
// (mockdex --data-dir): one state document per namespace,
// NAME.mockdex-state.json, a statedoc.Document as World.Export makes it
// and docs/state-format.md describes, so a file can also be PUT to
// /_mockdex/state by hand. It needs the document, not the world: the
// Saver asks a namespace's World only for its document and change count,
// and Load leaves building a world from a document to its caller.
//
// Writes are atomic: a temporary file in the same directory is written,
// synced and renamed over the old one, and the directory synced, so a
// crash leaves either the old state or the new, never half of one. A
// Saver flushes namespaces that changed at most about a second after the
// change, and once more when it is closed (SIGTERM). Reading refuses a
// corrupt, truncated, unreadable or wrong-version file with an error
// naming the file and the problem; it never starts an empty world in its
// place.
//
// Plain files rather than an embedded database: a namespace's state is
// one document read whole at start and written whole when it changed, so
// a key-value store would add a dependency and a file format nobody can
// read with jq, and buy nothing rename does not already give.
package store
