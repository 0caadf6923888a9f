// Package crossorigin answers browsers' CORS checks for DexCare's API, so
// a web app served from another origin (http://localhost:3000, say) can
// call the mock as it calls DexCare.
//
// It wraps rs/cors around the API alone: the control plane under
// /_mockdex/ is mounted outside it and never answers cross-origin. The
// methods and request headers a preflight grants are those of the
// spec's operations (their methods, header parameters and security
// schemes), plus Content-Type and mockdex's namespace header; the headers
// an app may read are the spec's response headers plus the few the mock
// adds (Retry-After, Location, its fault marker). Preflights are answered
// for every path, the spec's or not, so that a request the spec lacks
// reaches the mock and the app reads its 404 rather than a CORS failure.
package crossorigin
