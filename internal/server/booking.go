package server

func (s *Server) bookingHandlers() map[string]opHandler {
	return map[string]opHandler{
		"getSingleProviderTimeslots": s.getTimeslots,
		"bookProviderVisit":          s.bookProviderVisit,
	}
}
