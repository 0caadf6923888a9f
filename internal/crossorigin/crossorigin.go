package crossorigin

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/rs/cors"
)

// Any is the origin list that lets every origin in: the default for a
// local mock, as Prism's.
const Any = "*"

// MaxAge is how long a browser may keep a preflight's answer, in seconds:
// long enough that an app's calls are not each preceded by one.
const MaxAge = 600

// Options say which origins may call the API.
type Options struct {
	// Origins are the origins (scheme://host[:port]) allowed; one "*"
	// entry, or none, allows every origin. An entry may hold one "*" for
	// any run of characters, as https://*.example.com.
	Origins []string
}

// Wrap returns h behind CORS handling built from doc's operations.
func Wrap(h http.Handler, doc *openapi3.T, o Options) http.Handler {
	origins := o.Origins
	if len(origins) == 0 {
		origins = []string{Any}
	}
	methods, headers := Requested(doc)
	c := cors.New(cors.Options{
		AllowedOrigins: origins,
		AllowedMethods: methods,
		AllowedHeaders: headers,
		ExposedHeaders: Exposed(doc),
		MaxAge:         MaxAge,
		// Only origins named one by one may reach a mock on a private
		// network from a public page; "*" stays local.
		AllowPrivateNetwork: !slices.Contains(origins, Any),
	})
	return c.Handler(h)
}

// WrapIssuer returns an OpenID issuer's handler behind CORS handling for
// the same origins: a page reads its discovery document and keys and
// posts to its token endpoint (GET and POST; Authorization for user
// info, Content-Type for the token form).
func WrapIssuer(h http.Handler, o Options) http.Handler {
	origins := o.Origins
	if len(origins) == 0 {
		origins = []string{Any}
	}
	return cors.New(cors.Options{
		AllowedOrigins: origins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost},
		AllowedHeaders: []string{"Authorization", "Content-Type"},
		MaxAge:         MaxAge,
	}).Handler(h)
}

// CheckOrigins refuses an entry a browser would never send as its Origin
// (a path, a query, no scheme), which would otherwise never match and
// leave the app failing without a word from the mock.
func CheckOrigins(origins []string) error {
	for _, o := range origins {
		if o == Any {
			continue
		}
		u, err := url.Parse(strings.Replace(o, "*", "wildcard", 1))
		switch {
		case err != nil:
			return fmt.Errorf("CORS origin %q: %v", o, err)
		case u.Scheme != "http" && u.Scheme != "https", u.Host == "":
			return fmt.Errorf("CORS origin %q: want scheme://host[:port], such as http://localhost:3000", o)
		case u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil:
			return fmt.Errorf("CORS origin %q: an origin is scheme://host[:port] alone, without a path (browsers send http://localhost:3000, never http://localhost:3000/)", o)
		case strings.Count(o, "*") > 1:
			return fmt.Errorf("CORS origin %q: at most one * per origin", o)
		}
	}
	return nil
}
