package fakes

import "github.com/mockdex/mockdex/internal/apierr"

var errVisitNotFound = apierr.NotFoundf("Visit not found")
