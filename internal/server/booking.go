package server

func (s *Server) bookingHandlers() map[string]opHandler {
	return map[string]opHandler{
		"getSingleProviderTimeslots": notBuilt("getSingleProviderTimeslots"),
		"bookProviderVisit":          notBuilt("bookProviderVisit"),
	}
}
