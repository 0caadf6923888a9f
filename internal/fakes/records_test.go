package fakes

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mockdex/mockdex/internal/fakes/eventlog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fill sets every field of the struct v points to a value of its own,
// so a field the compact records forget to keep shows up as a diff.
func fill(t *testing.T, v any) {
	t.Helper()
	rv := reflect.ValueOf(v).Elem()
	for i := 0; i < rv.NumField(); i++ {
		f, name := rv.Field(i), rv.Type().Field(i).Name
		switch f.Kind() {
		case reflect.String:
			f.SetString(name + "-value")
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Int:
			f.SetInt(int64(7 + i))
		case reflect.Float64:
			f.SetFloat(0.25 + float64(i))
		case reflect.Slice:
			fillSlice(t, f, name)
		case reflect.Map:
			f.Set(reflect.MakeMap(f.Type()))
			f.SetMapIndex(reflect.ValueOf(name+"-key"), reflect.ValueOf(name+"-value"))
			f.SetMapIndex(reflect.ValueOf(name+"-key2"), reflect.ValueOf(name+"-value2"))
		case reflect.Pointer:
			f.Set(reflect.New(f.Type().Elem()))
			fill(t, f.Interface())
		case reflect.Struct:
			require.Equal(t, reflect.TypeOf(time.Time{}), f.Type(), "field %s: teach fill its type", name)
			f.Set(reflect.ValueOf(t0.Add(time.Duration(i)*time.Minute + 123*time.Nanosecond)))
		default:
			t.Fatalf("field %s: teach fill its kind %s", name, f.Kind())
		}
	}
}

func fillSlice(t *testing.T, f reflect.Value, name string) {
	t.Helper()
	s := reflect.MakeSlice(f.Type(), 2, 2)
	for j := 0; j < 2; j++ {
		if e := s.Index(j); e.Kind() == reflect.String {
			e.SetString(fmt.Sprintf("%s-%d", name, j))
		} else {
			fill(t, e.Addr().Interface())
		}
	}
	f.Set(s)
}

func TestVisitRecordsKeepEveryField(t *testing.T) {
	var v Visit
	fill(t, &v)
	s := NewVisitStore()
	require.NoError(t, s.Add(v))
	got, ok := s.Get(v.ID)
	require.True(t, ok)
	assert.Equal(t, v, got)

	// The values stored as shortcuts (the user is the patient, the TokBox
	// sessions derive from the id) come back the same.
	v.ID, v.UserID = "another", v.PatientGUID
	v.WaitingRoomSession, v.VideoSession = tokBoxSession(v.ID, "2"), tokBoxSession(v.ID, "1")
	v.Actor, v.Qualifiers, v.Timeline = nil, nil, nil
	require.NoError(t, s.Add(v))
	got, _ = s.Get(v.ID)
	assert.Equal(t, v, got)
}

func TestEventRecordsKeepEveryField(t *testing.T) {
	var e ProviderEvent
	fill(t, &e)
	derived := e
	derived.ID = eventlog.ID(e.VisitID, e.Action)
	s := eventlog.New(nil)
	s.Add(e, derived)
	_, page := s.Search(EventQuery{To: t0.Add(time.Hour), Now: t0.Add(time.Hour), Limit: 10})
	require.Len(t, page, 2)
	assert.ElementsMatch(t, []ProviderEvent{e, derived}, page)
}

func TestSymbolsKeepListsApart(t *testing.T) {
	st := newSymtab(nil)
	a := st.internList([]string{"a\x01b"})
	b := st.internList([]string{"a", "b"})
	assert.NotEqual(t, a, b)
	assert.Equal(t, []string{"a", "b"}, st.list(b))
	assert.Equal(t, a, st.internList([]string{"a\x01b"}))
	assert.NotEqual(t, st.intern("a"), b, "a plain value and a list never share a symbol")
}

func TestPatientRecordsKeepEveryField(t *testing.T) {
	var p Patient
	fill(t, &p)
	s := NewPatientStore(nil)
	s.Add(p)
	got, ok := s.ByGUID(strings.ToUpper(p.PatientGUID))
	require.True(t, ok)
	assert.Equal(t, p, got)
	byEHR, ok := s.ByEHR(p.EHRIdentifier, strings.ToUpper(p.EHRIdentifierType), p.HomeEHR)
	require.True(t, ok)
	assert.Equal(t, p, byEHR)

	for _, addr := range []map[string]string{nil, {}} {
		q := Patient{PatientGUID: "g", Address: addr}
		s.Add(q)
		got, _ := s.ByGUID("g")
		assert.Equal(t, q, got, "an address of %#v stays so", addr)
	}
	assert.Equal(t, []Patient{{PatientGUID: "g", Address: map[string]string{}}, p}, s.Added())
}
