package server

import (
	"embed"
	"html/template"
	"net/http"
	"sync"
)

//go:embed templates/*.html
var templateFS embed.FS

// pageTemplates are parsed at first use, not at package init, which is on
// the way to every start.
var pageTemplates = sync.OnceValue(func() *template.Template {
	return template.Must(template.ParseFS(templateFS, "templates/*.html"))
})

// renderPage writes a full HTML page from the named template.
func renderPage(w http.ResponseWriter, status int, name string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_ = pageTemplates().ExecuteTemplate(w, name, data) // the client hung up
}

// renderErrorPage is the page family's error answer.
func renderErrorPage(w http.ResponseWriter, status int, msg string) {
	renderPage(w, status, "error.html", map[string]any{
		"Title":   http.StatusText(status),
		"Status":  status,
		"Message": msg,
	})
}
