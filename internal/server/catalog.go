package server

import (
	"net/http"

	"github.com/mockdex/mockdex/internal/fakes"
)

// catalogJSON is an assignment qualifier or a modality (modalities have
// no group).
type catalogJSON struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Group     string `json:"group,omitempty"`
	Version   int    `json:"version"`
	CreatedAt string `json:"createdAt,omitempty"`
	UpdatedAt string `json:"updatedAt,omitempty"`
	DeletedAt string `json:"deletedAt,omitempty"`
}

func (s *Server) getAssignmentQualifiers(c *Call) (Answer, error) {
	return JSON(http.StatusOK, catalogBody(c.World.Fixtures.Qualifiers, c)), nil
}

func (s *Server) getModalities(c *Call) (Answer, error) {
	return JSON(http.StatusOK, catalogBody(c.World.Fixtures.Modalities, c)), nil
}

// catalogBody lists archived entries when archived=true, current ones
// otherwise (the spec's parameter description).
func catalogBody(entries []fakes.CatalogEntry, c *Call) []catalogJSON {
	archived := c.Query().Get("archived") == "true"
	out := []catalogJSON{}
	for _, e := range entries {
		if e.Archived() == archived {
			out = append(out, catalogJSON(e))
		}
	}
	return out
}
