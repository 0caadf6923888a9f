package server

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// operation binds a spec operationId to the handler that serves it.
type operation struct {
	id      string
	handler handler
}

// operations is the one table from operationId to code, in the order the
// operations appear in spec/dexcare.yaml (a test keeps it so). Handlers
// live in the file named for their resource; one that takes a body is
// bound with decoded, which hands it the body in its own type.
func (s *Server) operations() []operation {
	return []operation{
		// reporting: avr.go, apr.go
		{"startAvrReport", decoded(s.startAvr)},
		{"getAvrReportStatus", s.getAvrStatus},
		{"getAvrResultCsv", s.getAvrData},
		{"searchProviderHistories", decoded(s.searchAPR)},
		// virtual care: practices.go, waittimes.go, catalog.go, visits.go, tokbox.go, guestvisits.go
		{"getPractice", s.getPractice},
		{"getPracticeDexCarePath", s.getPractice},
		{"getAvailabilityAndWaitTimes", s.getWaitTimes},
		{"getRegionAvailabilityAndWaitTimes", s.getRegionWaitTimes},
		{"getAssignmentQualifiers", s.getAssignmentQualifiers},
		{"getModalities", s.getModalities},
		{"createVisitV9", decoded(s.createVisit)},
		{"visitSummaryV9", s.visitSummary},
		{"getEstimatedVirtualVisitWaitTime", s.visitWaitTime},
		{"updateAcceptTerms", s.acceptTerms},
		{"processTokboxSessionEvents", s.tokBoxEvents},
		{"createQueuedGuestVisit", decoded(s.createGuestVisit)},
		// booking: timeslots.go, slots.go, providerbooking.go
		{"getSingleProviderTimeslots", s.getTimeslots},
		{"getSlotsAvailability", decoded(s.searchSlots)},
		{"slotTaken", decoded(s.slotTaken)},
		{"slotReleased", decoded(s.slotReleased)},
		{"bookProviderVisit", decoded(s.bookProviderVisit)},
		// care options: careoptions.go
		{"availableProvidersV1", decoded(s.availableProviders)},
		{"aggregatedSlotsV1", decoded(s.aggregatedSlots)},
		{"getAggregatedSlotsV1", s.getAggregatedSlots},
		// pages: retail.go, waitingroom.go
		{"getRetailSchedulingPage", s.getRetailPage},
		{"submitRetailBooking", s.submitRetailBooking},
		{"getWaitingRoomPage", s.waitingRoom},
	}
}

// handlerTable indexes the table by operationId, refusing an id bound twice.
func handlerTable(ops []operation) (map[string]handler, error) {
	out := make(map[string]handler, len(ops))
	for _, op := range ops {
		if _, dup := out[op.id]; dup {
			return nil, fmt.Errorf("operation %s has two handlers", op.id)
		}
		out[op.id] = op.handler
	}
	return out, nil
}

// checkHandlers lists what keeps the table and the spec from matching one
// to one: operations without a handler, handlers without an operation.
func (s *Server) checkHandlers() error {
	inSpec := map[string]bool{}
	var problems []string
	for _, item := range s.gate.Spec().Paths.Map() {
		for _, op := range item.Operations() {
			inSpec[op.OperationID] = true
			if _, ok := s.handlers[op.OperationID]; !ok {
				problems = append(problems, "spec operation without a handler: "+op.OperationID)
			}
		}
	}
	for id := range s.handlers {
		if !inSpec[id] {
			problems = append(problems, "handler without a spec operation: "+id)
		}
	}
	if len(problems) == 0 {
		return nil
	}
	sort.Strings(problems)
	return fmt.Errorf("%s", strings.Join(problems, "; "))
}

// notBuilt answers 501 for an operation whose behaviour is not written
// yet, rather than inventing a success.
func notBuilt(opID string) handler {
	return func(*Call) (Answer, error) {
		return JSON(http.StatusNotImplemented, map[string]string{
			"error":       "not implemented in mockdex yet",
			"operationId": opID,
		}), nil
	}
}
