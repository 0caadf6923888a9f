package mirror

import (
	"context"
	"hash/fnv"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/dexcare"

	"github.com/brianvoe/gofakeit/v6"
	"github.com/google/uuid"
	"github.com/mockdex/mockdex/internal/fixturefile"
)

// historyDays is how far back the All Providers Report is searched for a
// provider's record (mockdex keeps 14 days of history by default).
const historyDays = 14

// readHistories asks the All Providers Report, by each provider's name,
// for one record: the only read-only answer that splits a name into
// first and last and gives credentials, email and the provider's id.
// Only those provider fields are kept; the record's actor (a patient, a
// guardian) is never read.
func (r *recording) readHistories(ctx context.Context) error {
	if r.opts.Credentials.ServiceKey == "" || r.opts.Hosts.Reporting == "" {
		r.rep.unseen("providers.json named[]", "first and last names (split from Care Options' full name), credentials, emails and ids: the All Providers Report, their only source, needs DEXCARE_SERVICE_KEY and a reporting host")
		return nil
	}
	names := map[string]int{}
	for _, p := range r.provs {
		names[strings.ToLower(p.name)]++
	}
	for _, npi := range slices.Sorted(maps.Keys(r.provs)) {
		p := r.provs[npi]
		if p.name == "" || len(p.depts) == 0 {
			continue
		}
		if names[strings.ToLower(p.name)] > 1 {
			r.rep.warn("NPI "+npi, "another provider has the same name; its history record could be either's, so none is used")
			continue
		}
		rec, err := r.history(ctx, p.name)
		if err != nil {
			return err
		}
		p.history = rec
	}
	return nil
}

func (r *recording) history(ctx context.Context, name string) (*historyRecord, error) {
	body := map[string]any{
		"startDate": r.at.AddDate(0, 0, -historyDays).Format(time.RFC3339), "endDate": r.at.Format(time.RFC3339),
		"providerName": name, "limit": 1,
	}
	var ans dexcare.ProviderHistories
	if err := r.t.post(ctx, r.opts.Hosts.Reporting, "/v1/reporting/providerhistories", body, serviceKey, &ans); err != nil {
		return nil, err
	}
	for _, d := range ans.Data {
		if strings.EqualFold(d.ProviderName, name) && d.ProviderFirstName != "" {
			return &historyRecord{d.ProviderID, d.ProviderEmailAddress, d.ProviderFirstName, d.ProviderLastName, d.ProviderCredentials}, nil
		}
	}
	return nil, nil
}

// namedProvider writes a provider's fixture entry from what was seen,
// noting each field that is a guess or a default.
func (r *recording) namedProvider(p *provSeen, depts []string) fixturefile.Provider {
	f := fixturefile.Provider{NPI: p.npi, Departments: depts, Gender: p.gender, Specialties: p.specialties}
	where := "providers.json " + p.npi
	if h := p.history; h != nil {
		f.ID, f.Email, f.FirstName, f.LastName, f.Credentials = h.id, h.email, h.first, h.last, h.credentials
	} else {
		r.unseen.providers[p.npi] = true
		f.FirstName, f.LastName = splitName(p.name)
		if r.opts.Credentials.ServiceKey != "" {
			r.rep.guess(where, "first name %q and last name %q split from %q at its last space (no All Providers Report record in %d days)", f.FirstName, f.LastName, p.name, historyDays)
		}
		f.Email = "npi-" + p.npi + "@mirror.mockdex.test"
		r.rep.byDefault(where, "email %s, credentials none (not seen)", f.Email)
	}
	if f.ID == "" {
		f.ID = uuid.NewSHA1(uuid.NameSpaceURL, []byte("mockdex:mirror/provider/"+p.npi)).String()
		r.rep.byDefault(where, "id %s, made from the NPI (not seen)", f.ID)
	}
	if r.opts.Anonymise {
		f.FirstName, f.LastName, f.Email = anonymous(p.npi)
	}
	return f
}

// splitName cuts "First Middle Last" before its last word, so the mock's
// "First Last" is the name the tier showed.
func splitName(name string) (string, string) {
	name = strings.TrimSpace(name)
	if i := strings.LastIndexByte(name, ' '); i > 0 {
		return name[:i], name[i+1:]
	}
	return name, ""
}

// anonymous is a generated name and email, the same for an NPI on every
// run (so a refresh shows no change).
func anonymous(npi string) (first, last, email string) {
	h := fnv.New64a()
	h.Write([]byte(npi))
	fake := gofakeit.New(int64(h.Sum64() >> 1))
	first, last = fake.FirstName(), fake.LastName()
	local := strings.ToLower(strings.NewReplacer(" ", "", "'", "").Replace(first + "." + last))
	return first, last, local + "@anonymised.mockdex.test"
}
