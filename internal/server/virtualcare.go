package server

func (s *Server) virtualCareHandlers() map[string]opHandler {
	return map[string]opHandler{
		"getPractice":                       notBuilt("getPractice"),
		"getPracticeDexCarePath":            notBuilt("getPracticeDexCarePath"),
		"getAvailabilityAndWaitTimes":       notBuilt("getAvailabilityAndWaitTimes"),
		"getRegionAvailabilityAndWaitTimes": notBuilt("getRegionAvailabilityAndWaitTimes"),
		"getAssignmentQualifiers":           notBuilt("getAssignmentQualifiers"),
		"getModalities":                     notBuilt("getModalities"),
		"createVisitV9":                     notBuilt("createVisitV9"),
		"visitSummaryV9":                    notBuilt("visitSummaryV9"),
		"getEstimatedVirtualVisitWaitTime":  notBuilt("getEstimatedVirtualVisitWaitTime"),
		"updateAcceptTerms":                 notBuilt("updateAcceptTerms"),
		"createQueuedGuestVisit":            notBuilt("createQueuedGuestVisit"),
		"getWaitingRoomPage":                notBuilt("getWaitingRoomPage"),
	}
}
