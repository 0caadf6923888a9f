package faults

// Kind is what a fault does to the calls it matches.
type Kind string

// The kinds of fault. Those that shape a body (close-after-headers,
// truncated-body, malformed-json, empty-body, slow-body) shape the
// operation's own answer, the handler having run, unless the fault has a
// status: then they shape the fault's answer and the handler does not
// run. The others answer in the handler's place, or only delay it.
const (
	// KindStatus answers the fault's status, headers and body.
	KindStatus Kind = "status"
	// KindDelay only delays the call; the handler answers.
	KindDelay Kind = "delay"
	// KindReset resets the connection (TCP RST) without answering.
	KindReset Kind = "reset"
	// KindCloseAfterHeaders sends the status and headers, declaring a
	// body, then closes the connection.
	KindCloseAfterHeaders Kind = "close-after-headers"
	// KindTruncatedBody declares the whole body's Content-Length, sends
	// half of it and closes the connection.
	KindTruncatedBody Kind = "truncated-body"
	// KindMalformedJSON sends a complete response whose body is the first
	// half of the JSON answer: well framed, not parseable.
	KindMalformedJSON Kind = "malformed-json"
	// KindEmptyBody sends the status and headers with an empty body.
	KindEmptyBody Kind = "empty-body"
	// KindSlowBody sends the body a few bytes at a time, at BytesPerSecond.
	KindSlowBody Kind = "slow-body"
	// KindGatewayPage answers a load balancer's HTML error page (502 by
	// default) in the handler's place.
	KindGatewayPage Kind = "gateway-page"
)

// kinds lists every kind, in the order the docs give them.
var kinds = []Kind{KindStatus, KindDelay, KindReset, KindCloseAfterHeaders, KindTruncatedBody,
	KindMalformedJSON, KindEmptyBody, KindSlowBody, KindGatewayPage}

// Kinds lists every kind of fault (for forms and help).
func Kinds() []Kind { return append([]Kind(nil), kinds...) }

// ShapesBody reports whether the kind reshapes an answer's body (the
// operation's, or the fault's when it has a status).
func (k Kind) ShapesBody() bool {
	switch k {
	case KindCloseAfterHeaders, KindTruncatedBody, KindMalformedJSON, KindEmptyBody, KindSlowBody:
		return true
	}
	return false
}

// GatewayPage is the body KindGatewayPage answers with: an nginx-style
// error page, as a load balancer in front of DexCare sends when the
// service behind it is down.
func GatewayPage(status int, text string) string {
	return "<html>\r\n<head><title>" + itoa(status) + " " + text + "</title></head>\r\n<body>\r\n<center><h1>" +
		itoa(status) + " " + text + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
}
