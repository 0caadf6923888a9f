package fixturefile

// Catalog is catalog.json: the assignment qualifiers and modalities, as
// DexCare's catalog endpoints list them, and the brands.
type Catalog struct {
	Qualifiers []CatalogEntry `json:"assignmentQualifiers"`
	Modalities []CatalogEntry `json:"modalities"`
	Brands     []Brand        `json:"brands"`
}

// CatalogEntry is an assignment qualifier or a modality.
type CatalogEntry struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Group     string `json:"group,omitempty"`
	Version   int    `json:"version"`
	CreatedAt string `json:"createdAt"`
	UpdatedAt string `json:"updatedAt"`
	DeletedAt string `json:"deletedAt,omitempty"`
}

// Archived reports whether the entry was retired.
func (c CatalogEntry) Archived() bool { return c.DeletedAt != "" }

// Brand is a health-system brand pages are themed for.
type Brand struct {
	Name        string `json:"name"`
	DisplayName string `json:"displayName"`
}
