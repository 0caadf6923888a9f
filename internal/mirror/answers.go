package mirror

// The tier's answers the mirror reads are DexCare's response shapes
// (internal/dexcare, which the mock writes); everything in them the
// mirror does not use is ignored. Only the catalog entries are the
// mirror's own: it writes them into fixture files as read.

type catalogEntry struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Group     string `json:"group,omitempty"`
	Version   int    `json:"version"`
	CreatedAt string `json:"createdAt"`
	UpdatedAt string `json:"updatedAt"`
	DeletedAt string `json:"deletedAt,omitempty"`
}
