package server

// virtualCareHandlers serves practices, wait times, the catalogs, v9
// visits, queued guest visits and the waiting room.
func (s *Server) virtualCareHandlers() map[string]opHandler {
	return map[string]opHandler{
		"getPractice":                       s.getPractice,
		"getPracticeDexCarePath":            s.getPractice,
		"getAvailabilityAndWaitTimes":       s.getWaitTimes,
		"getRegionAvailabilityAndWaitTimes": s.getRegionWaitTimes,
		"getAssignmentQualifiers":           s.getAssignmentQualifiers,
		"getModalities":                     s.getModalities,
		"createVisitV9":                     s.createVisit,
		"visitSummaryV9":                    s.visitSummary,
		"getEstimatedVirtualVisitWaitTime":  s.visitWaitTime,
		"updateAcceptTerms":                 s.acceptTerms,
		"createQueuedGuestVisit":            s.createGuestVisit,
		"getWaitingRoomPage":                s.waitingRoom,
	}
}
