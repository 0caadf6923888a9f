package server

import (
	"net/http"

	"github.com/mockdex/mockdex/internal/dexcare"
	"github.com/mockdex/mockdex/internal/fakes"
)

func (s *Server) getAssignmentQualifiers(c *Call) (Answer, error) {
	return JSON(http.StatusOK, catalogBody(c.World.Fixtures.Qualifiers, c)), nil
}

func (s *Server) getModalities(c *Call) (Answer, error) {
	return JSON(http.StatusOK, catalogBody(c.World.Fixtures.Modalities, c)), nil
}

// catalogBody lists archived entries when archived=true, current ones
// otherwise (the spec's parameter description).
func catalogBody(entries []fakes.CatalogEntry, c *Call) []dexcare.CatalogEntry {
	archived := c.Query().Get("archived") == "true"
	out := []dexcare.CatalogEntry{}
	for _, e := range entries {
		if e.Archived() == archived {
			out = append(out, dexcare.CatalogEntry(e))
		}
	}
	return out
}
