package contract

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// TestClientFollowsOnlyWithinTheOrigin: asked to follow redirects, the
// client follows one to another path of the same origin (method, body
// and credentials kept: they belong there), and none to another port or
// host: the 3xx is the answer, and the other listener hears nothing.
func TestClientFollowsOnlyWithinTheOrigin(t *testing.T) {
	var mu sync.Mutex
	var elsewhere []string
	other := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		mu.Lock()
		elsewhere = append(elsewhere, r.Method+" "+r.URL.Path+" "+r.Header.Get("X-Api-Key"))
		mu.Unlock()
	}))
	defer other.Close()
	var got []string
	tier := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		switch r.URL.Path {
		case "/moved":
			w.Header().Set("Location", "/here")
			w.WriteHeader(http.StatusTemporaryRedirect)
		case "/away":
			w.Header().Set("Location", other.URL+"/there")
			w.WriteHeader(http.StatusTemporaryRedirect)
		case "/here":
			got = append(got, r.Method+" "+string(body)+" "+r.Header.Get("X-Api-Key"))
			io.WriteString(w, "{}")
		}
	}))
	defer tier.Close()
	c := &Client{Next: http.DefaultClient, FollowRedirects: true}
	for path, want := range map[string]int{"/moved": http.StatusOK, "/away": http.StatusTemporaryRedirect} {
		req, _ := http.NewRequest(http.MethodPost, tier.URL+path, strings.NewReader(`{"patient":"x"}`))
		req.Header.Set("X-Api-Key", "k3y")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != want {
			t.Errorf("%s: status %d, want %d", path, resp.StatusCode, want)
		}
	}
	if len(got) != 1 || got[0] != `POST {"patient":"x"} k3y` {
		t.Errorf("the same-origin redirect got %q, want the POST with its body and key", got)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(elsewhere) != 0 {
		t.Errorf("another origin got %q (http.DefaultClient follows redirects by itself; the client must not let it)", elsewhere)
	}
}

func TestJSONBounds(t *testing.T) {
	// A key counts as a value, as it costs as much to decode.
	cases := []struct {
		body string
		want string
	}{
		{`[1,2,3]`, ""},
		{`{"a":"[[[[ {{ not nesting"}`, ""},
		{`[1,2,3,4,5]`, "5 JSON values"},
		{`{"a":1,"b":2,"c":3}`, "5 JSON values"},
		{`{"a":{"b":{"c":1}}}`, "2 levels of JSON nesting"},
		{`["a\"b","c"]`, ""},
	}
	for _, c := range cases {
		if got := jsonBounds([]byte(c.body), 5, 2); got != c.want {
			t.Errorf("jsonBounds(%s) = %q, want %q", c.body, got, c.want)
		}
	}
}
