package proxy

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/mockdex/mockdex/internal/contract"
	"github.com/mockdex/mockdex/internal/redact"
	"github.com/mockdex/mockdex/internal/scenarios"
)

// judgeLoop judges queued exchanges, one at a time, off the request path.
func (p *Proxy) judgeLoop() {
	defer p.workers.Done()
	for x := range p.queue {
		p.judgeSafely(x)
		p.mu.Lock()
		p.pending--
		if p.pending == 0 {
			p.idle.Broadcast()
		}
		p.mu.Unlock()
	}
}

// judgeSafely judges x; a judge that fails on some answer costs that
// exchange its verdict (counted as not judged), never the proxy.
func (p *Proxy) judgeSafely(x *exchange) {
	defer func() {
		if recover() != nil {
			p.col.countUnjudged()
		}
	}()
	p.judge(x)
}

// judge validates one exchange, compares it with the mock's answer to the
// same request, records the tier's read-only answers, and keeps the
// findings, scrubbed of every credential and patient value it carried.
func (p *Proxy) judge(x *exchange) {
	if x.method == http.MethodOptions {
		return // a CORS preflight: no operation of the spec to judge it by
	}
	p.col.sawExchange(x)
	key, memo := digest(x)
	if fs, ok := p.repeats[key]; memo && ok {
		for _, f := range fs { // judged already: the same request got the same answer
			p.col.add(x, f, nil)
		}
		return
	}
	got := x.scenario()
	body, whole := decoded(x.respHeader, x.respBody, x.respWhole, p.opts.MaxCapture)
	got.RespBody = body
	if !whole {
		got.RespBody = nil // judged by status alone: a partial body would break every schema
	}
	var fs []contract.Finding
	if p.opts.Judge != nil && x.bodyWhole {
		fs = append(fs, p.opts.Judge.CheckRequest(got)...)
	}
	var ref, noise *scenarios.Exchange
	if p.opts.Mock != nil && x.bodyWhole {
		ref, noise = p.references(x, whole)
	}
	judge := p.opts.Judge
	if !whole {
		judge = nil
	}
	fs = append(fs, contract.ExchangeFindings(judge, got, ref, noise)...)
	scrub := scrubberFor(x, body, ref, noise)
	for i := range fs {
		fs[i].Message, fs[i].Expected, fs[i].Seen = scrub.Scrub(fs[i].Message), scrub.Scrub(fs[i].Expected), scrub.Scrub(fs[i].Seen)
		p.col.add(x, fs[i], nil)
	}
	if memo {
		p.repeats.put(key, fs)
	}
	if p.rec != nil && whole {
		p.rec.keep(x, body, p.opts.Now())
	}
}

// references are the mock's answers to the same request (and the noise
// mock's), or nil where the two worlds cannot answer alike: a 404 on one
// side only is data one holds and the other does not, a refusal on one
// side only is credentials, not drift.
func (p *Proxy) references(x *exchange, whole bool) (ref, noise *scenarios.Exchange) {
	refused := x.status == http.StatusUnauthorized || x.status == http.StatusForbidden
	m := p.ask(p.opts.Mock, x, refused)
	if !comparable(m.Status, x.status) {
		p.col.countIncomparable()
		return nil, nil
	}
	if !whole {
		m.RespBody = nil
	}
	ref = &m
	if p.opts.Noise != nil {
		n := p.ask(p.opts.Noise, x, refused)
		if !whole {
			n.RespBody = nil
		}
		noise = &n
	}
	return ref, noise
}

func comparable(mock, tier int) bool {
	if mock == tier {
		return true
	}
	refusal := func(s int) bool { return s == http.StatusUnauthorized || s == http.StatusForbidden }
	return mock != http.StatusNotFound && tier != http.StatusNotFound && refusal(mock) == refusal(tier)
}

// decoded is the kept answer as the judge reads it: gunzipped (bounded)
// when the tier compressed it. whole is false when it was cut, or is in
// an encoding the proxy does not read.
func decoded(h http.Header, body []byte, whole bool, limit int64) ([]byte, bool) {
	if !whole {
		return nil, false
	}
	switch strings.ToLower(strings.TrimSpace(h.Get("Content-Encoding"))) {
	case "", "identity":
		return body, true
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, false
		}
		out, err := io.ReadAll(io.LimitReader(zr, limit+1))
		if err != nil || int64(len(out)) > limit {
			return nil, false
		}
		return out, true
	}
	return nil, false
}

// scrubberFor learns every sensitive value of one exchange: the app's
// credentials and headers named like secrets, query values under patient
// fields, and patient fields of the request and of every answer.
func scrubberFor(x *exchange, answer []byte, refs ...*scenarios.Exchange) *contract.Scrubber {
	s := contract.NewScrubber()
	s.LearnHeaders(x.header)
	for name, vs := range x.header {
		if redact.CredentialHeader(name) || redact.Report.MasksHeader(name) {
			for _, v := range vs {
				s.Add(v)
			}
		}
	}
	if q, err := url.ParseQuery(x.rawQuery); err == nil {
		for name, vs := range q {
			if redact.Report.Masks(name) {
				for _, v := range vs {
					s.Add(v)
				}
			}
		}
	}
	s.LearnJSON(x.body)
	s.LearnJSON(answer)
	for _, r := range refs {
		if r != nil {
			s.LearnJSON(r.RespBody)
		}
	}
	return s
}

// maxRepeats bounds the exchanges remembered as judged; the memory starts
// over when full.
const maxRepeats = 4096

// repeats remembers the findings of exchanges already judged, by a
// digest of the request and the answer: an app polling the same read
// gets the same findings each time, and judging it again would only take
// the worker's time from new traffic. The findings are kept scrubbed.
// Used by the judging worker only.
type repeats map[[32]byte][]contract.Finding

func (r repeats) put(key [32]byte, fs []contract.Finding) {
	if len(r) >= maxRepeats {
		clear(r)
	}
	r[key] = fs
}

// digest names an exchange by all the judge looks at; ok is false for
// one not kept whole, which is not remembered.
func digest(x *exchange) (key [32]byte, ok bool) {
	if !x.respWhole || !x.bodyWhole {
		return key, false
	}
	h := sha256.New()
	for _, part := range []string{x.method, x.path, x.rawQuery, strconv.Itoa(x.status), x.header.Get("Authorization"),
		x.header.Get("X-Api-Key"), x.header.Get("Content-Type"), x.respHeader.Get("Content-Type"), x.respHeader.Get("Content-Encoding")} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	h.Write(x.body)
	h.Write([]byte{0})
	h.Write(x.respBody)
	h.Sum(key[:0])
	return key, true
}
