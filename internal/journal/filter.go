package journal

// Filter picks entries; zero fields match everything.
type Filter struct {
	OperationID string
	Status      int
	// InNamespace, when set, keeps the entries whose namespace (as the
	// request sent it) it accepts: the server knows how names map to
	// namespaces, the journal does not.
	InNamespace func(sent string) bool
	// After keeps entries with a greater Seq only (a namespace's view
	// starts after its last clear).
	After uint64
	// Seq keeps that entry only.
	Seq uint64
	// Limit keeps the newest Limit matches; 0 keeps all.
	Limit int
}

func (f Filter) match(e *Entry) bool {
	return (f.OperationID == "" || e.OperationID == f.OperationID) &&
		(f.Status == 0 || e.Status == f.Status) &&
		(f.InNamespace == nil || f.InNamespace(e.Namespace)) &&
		e.Seq > f.After && (f.Seq == 0 || e.Seq == f.Seq)
}
