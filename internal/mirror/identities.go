package mirror

import (
	"context"
	"math"
	"net/http"

	"github.com/mockdex/mockdex/internal/dexcare"
	"github.com/mockdex/mockdex/internal/fixturefile"
)

// Identities are the values `contract run` will ask this tier about (its
// DEXCARE_NPI and DEXCARE_POSTAL_CODE, or its defaults). The mirror takes
// them as starting points, so the world it writes holds what the
// read-only scenarios ask for: the provider whose slots they search, and
// the place Care Options searches around, with the clinics and providers
// the tier lists there.
type Identities struct {
	NPI        string
	PostalCode string
}

// identityStart adds the contract's provider to the providers to read.
func (r *recording) identityStart() {
	if npi := r.opts.Identities.NPI; npi != "" {
		r.provider(npi)
	}
}

// careNear asks Care Options what the contract's "providers near" step
// asks (POST /v1/availability/providers with the postal code alone) and
// takes in the providers and clinics it lists. A tier that does not know
// the code (400) leaves it unmirrored, and the report says so.
func (r *recording) careNear(ctx context.Context) error {
	code := r.opts.Identities.PostalCode
	if code == "" {
		return nil
	}
	var ans dexcare.CareProviders
	err := r.t.post(ctx, r.opts.Hosts.API, "/v1/availability/providers", map[string]any{"postalCode": code}, apiKey, &ans)
	if s := statusOf(err); s == http.StatusBadRequest || s == http.StatusNotFound {
		r.rep.warn("DEXCARE_POSTAL_CODE "+code, "the tier does not search around it (status %d); Care Options near it not mirrored", s)
		return nil
	}
	if err != nil {
		return err
	}
	r.near = &nearby{code: code, distance: map[string]float64{}}
	for _, res := range ans.Results {
		r.takeCareProvider(res)
		k := deptKey(res.EHRInstance, res.DepartmentID)
		if d, ok := r.near.distance[k]; !ok || res.DistanceFrom < d {
			r.near.distance[k] = res.DistanceFrom
		}
	}
	return nil
}

// nearby is what Care Options listed around the contract's postal code.
type nearby struct {
	code     string
	distance map[string]float64 // department key → distanceFrom (miles)
}

// placeIdentityCode puts the contract's postal code in postalcodes.json
// when no mirrored clinic has it as its own: at the clinic the tier
// listed nearest to it, a guess (the tier shows no postal code's place),
// so the mirrored mock searches around the same clinics.
func (r *recording) placeIdentityCode(m *Mirror) {
	if r.near == nil {
		return
	}
	code := r.near.code
	if _, ok := m.postal[code]; ok {
		return
	}
	best, bestDist := (*deptSeen)(nil), math.Inf(1)
	for k, dist := range r.near.distance {
		if d := r.depts[k]; d != nil && d.lat != nil && d.long != nil && (dist < bestDist || dist == bestDist && k < best.key) {
			best, bestDist = d, dist
		}
	}
	if best == nil {
		r.rep.unseen("postalcodes.json "+code, "Care Options lists no clinic with coordinates around DEXCARE_POSTAL_CODE %s, so the mirrored mock does not know the code (it answers 400 where the tier listed nothing)", code)
		return
	}
	m.postal[code] = fixturefile.GeoPoint{Latitude: *best.lat, Longitude: *best.long}
	r.rep.guess("postalcodes.json "+code, "DEXCARE_POSTAL_CODE placed at %s's coordinates, the clinic the tier lists nearest to it (%.1f miles away there)", best.id, bestDist)
}

// identityNames are the identities the report prints for the contract:
// the ones it was given, where the mirrored world holds them.
func (r *recording) identityNames(m *Mirror) {
	ids := r.rep.Identities
	if npi := r.opts.Identities.NPI; npi != "" {
		for _, p := range m.providers.Named {
			if p.NPI == npi {
				ids["DEXCARE_NPI"] = npi
			}
		}
	}
	if code := r.opts.Identities.PostalCode; code != "" {
		if _, ok := m.postal[code]; ok {
			ids["DEXCARE_POSTAL_CODE"] = code
		}
	}
}
