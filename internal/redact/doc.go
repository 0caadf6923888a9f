// Package redact is the one list of secret and patient fields in mockdex,
// and the walk that masks them. The request journal and the contract
// runner both use it, so a field added here is hidden everywhere at once.
//
// Fields fall into classes. Secrets (keys, tokens, payment tokens) and
// personal data (names, contact details, dates of birth, reasons for a
// visit) are always masked. Identifiers (patient GUIDs, user and actor ids)
// are masked in reports that leave the machine (the contract runner's) but
// kept in the mock's own journal, where they are how a developer finds the
// request they just sent.
package redact
