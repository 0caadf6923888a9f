// Package dashboard holds the real-browser test of the dashboard's
// layout: from the summary at the top, one click reaches each section
// (docs/admin-api.md, Dashboard). It keeps screenshots as test artefacts
// for a person to look at: under $MOCKDEX_ARTIFACTS when set, else the
// test's artifact directory (go test -artifacts -outputdir DIR keeps it).
package dashboard
