// Package apptests drives mockdex from an app's own stack in headless
// Chromium: a page served on another origin (a second loopback
// listener) books a visit, reads its summary and a report through CORS,
// over HTTP and over HTTPS trusting only mockdex's authority (put in the
// browser's own NSS database, as a developer would), tries the control
// plane and is refused, and signs in through mockdex's OpenID issuer.
package apptests
