// Package statedoc is the state document: everything requests changed in
// one namespace's world, as the versioned JSON of GET|PUT /_mockdex/state
// and of the --data-dir files (docs/state-format.md is the reference for
// every field). It holds the document's types, its JSON form (Encode
// streams a big document; Parse refuses another format or version, a
// field it does not know, a value of the wrong type), and Check, the
// refusals that need nothing but the document itself.
//
// It knows no world. What a document means for one (exporting a World,
// building a World from a document, and the refusals that need the
// mock's fixtures and history: a department it lacks, a generated visit
// it never made) lives in internal/fakes. internal/store keeps documents
// on disk without knowing either.
//
// Every refusal is an apierr.Invalid naming the field at fault
// ("visits[2].timeline[1].at"), its message starting with that field,
// so the control plane answers it 400 and a start-up error points at it.
package statedoc
