package main

import (
	"errors"
	"flag"
	"os"
	"strings"

	"github.com/mockdex/mockdex/internal/mock"
)

// appStack are serve's flags for an app's own stack: browsers calling
// from another origin (CORS), HTTPS, and the app's own sign-in.
type appStack struct {
	corsOrigins string
	tls         tlsFlags
}

func (a *appStack) declare(fs *flag.FlagSet) {
	fs.StringVar(&a.corsOrigins, "cors-origins", env("MOCKDEX_CORS_ORIGINS", "*"), "origins a browser app may call DexCare's API from: * (any), off, or a comma-separated list such as http://localhost:3000,https://*.example.org; the control plane never answers cross-origin (MOCKDEX_CORS_ORIGINS)")
	a.tls.declare(fs)
}

// apply checks the flags and sets what they say in o.
func (a *appStack) apply(o *mock.Options) error {
	switch v := strings.TrimSpace(a.corsOrigins); v {
	case "off":
		o.NoCORS = true
	case "", "*":
	default:
		o.CORSOrigins = splitHosts(v)
		if len(o.CORSOrigins) == 0 {
			return errors.New("--cors-origins: want *, off or origins")
		}
	}
	return a.tls.check()
}

// envSet says whether a variable is set, even to "".
func envSet(name string) bool {
	_, ok := os.LookupEnv(name)
	return ok
}
