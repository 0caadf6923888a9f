package oidc

import (
	"embed"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

//go:embed templates/*.html
var templateFS embed.FS

var pages = template.Must(template.ParseFS(templateFS, "templates/*.html"))

// maxForm bounds a sign-in or token request's body.
const maxForm = 64 << 10

// authRequest is an authorization request's parameters.
type authRequest struct {
	responseType, clientID, redirectURI string
	state, nonce, scope                 string
	challenge, method                   string
	loginHint                           string
}

func readAuthRequest(q url.Values) authRequest {
	return authRequest{responseType: q.Get("response_type"), clientID: q.Get("client_id"), redirectURI: q.Get("redirect_uri"),
		state: q.Get("state"), nonce: q.Get("nonce"), scope: q.Get("scope"),
		challenge: q.Get("code_challenge"), method: q.Get("code_challenge_method"), loginHint: q.Get("login_hint")}
}

// hidden are the request's parameters as the sign-in form carries them.
func (a authRequest) hidden() map[string]string {
	return map[string]string{"response_type": a.responseType, "client_id": a.clientID, "redirect_uri": a.redirectURI,
		"state": a.state, "nonce": a.nonce, "scope": a.scope, "code_challenge": a.challenge, "code_challenge_method": a.method}
}

// serveAuthorize shows the sign-in page (GET) and, once a patient is
// picked (POST, or GET with a login_hint naming one), sends the browser
// back to the app with a code.
func (p *Provider) serveAuthorize(w http.ResponseWriter, r *http.Request) {
	if !onlyMethods(w, r, http.MethodGet, http.MethodPost) {
		return
	}
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, maxForm)
		if err := r.ParseForm(); err != nil {
			errorPage(w, http.StatusBadRequest, "The sign-in form could not be read.")
			return
		}
	}
	a := readAuthRequest(r.Form)
	if r.Method == http.MethodGet {
		a = readAuthRequest(r.URL.Query())
	}
	if msg := a.checkClient(); msg != "" {
		errorPage(w, http.StatusBadRequest, msg) // never redirect to a URI not checked
		return
	}
	if code, msg := a.checkRest(); code != "" {
		back(w, r, a, url.Values{"error": {code}, "error_description": {msg}})
		return
	}
	guid := r.PostForm.Get("patient")
	if r.Method == http.MethodGet {
		guid = a.loginHint
	}
	if pt, ok := p.patients[strings.ToLower(guid)]; ok {
		p.grantCode(w, r, a, pt)
		return
	}
	p.loginPage(w, a, guid)
}

// checkClient checks what must hold before the browser may be sent back
// to redirect_uri: an app's address (http or https, no fragment).
func (a authRequest) checkClient() string {
	if a.clientID == "" {
		return "The app sent no client_id."
	}
	u, err := url.Parse(a.redirectURI)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Fragment != "" {
		return "The app's redirect_uri must be an absolute http or https URL without a fragment."
	}
	return ""
}

// checkRest checks the rest, whose errors go back to the app.
func (a authRequest) checkRest() (code, msg string) {
	switch {
	case a.responseType != "code":
		return "unsupported_response_type", "only response_type=code (the authorization code flow) is served"
	case a.challenge != "" && !slices.Contains([]string{"", "S256", "plain"}, a.method):
		return "invalid_request", "code_challenge_method must be S256 or plain"
	}
	return "", ""
}

func (p *Provider) grantCode(w http.ResponseWriter, r *http.Request, a authRequest, pt Patient) {
	method := a.method
	if a.challenge != "" && method == "" {
		method = "plain" // RFC 7636 4.3
	}
	now := p.opts.Now()
	code := p.codes.issue(grant{clientID: a.clientID, redirectURI: a.redirectURI, challenge: a.challenge, method: method,
		nonce: a.nonce, scope: a.scope, patient: pt, authTime: now, expires: now.Add(codeLife)}, now)
	back(w, r, a, url.Values{"code": {code}})
}

// back sends the browser to the app's redirect_uri with params and the
// request's state.
func back(w http.ResponseWriter, r *http.Request, a authRequest, params url.Values) {
	u, _ := url.Parse(a.redirectURI) // checked
	q := u.Query()
	for k, v := range params {
		q[k] = v
	}
	if a.state != "" {
		q.Set("state", a.state)
	}
	u.RawQuery = q.Encode()
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, u.String(), http.StatusSeeOther)
}

// loginPage lists the patients who may sign in, each a button.
func (p *Provider) loginPage(w http.ResponseWriter, a authRequest, tried string) {
	data := struct {
		Action   string
		Hidden   map[string]string
		Patients []Patient
		Unknown  string
		Client   string
	}{Path + "/authorize", a.hidden(), p.opts.Patients, tried, a.clientID}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Frame-Options", "DENY")
	_ = pages.ExecuteTemplate(w, "login.html", data) // the client hung up
}

func errorPage(w http.ResponseWriter, status int, msg string) {
	notice(w, status, "The app's sign-in request was refused", msg)
}

// notice is a page saying one thing.
func notice(w http.ResponseWriter, status int, title, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_ = pages.ExecuteTemplate(w, "error.html", struct{ Title, Message string }{title, msg})
}
