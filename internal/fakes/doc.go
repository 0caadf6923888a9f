// Package fakes is mockdex's world: the fixtures it starts from and the
// state that requests change (visits, provider history events, report
// jobs, booked slots).
//
// Nothing here runs in the background. Every state machine (a visit's
// lifecycle, a report job's phases) is planned when it starts and read
// against the injected clock, so moving the clock moves the world and two
// reads at the same instant always agree. Each store has its own lock and
// hands out copies, never its internal pointers.
package fakes
