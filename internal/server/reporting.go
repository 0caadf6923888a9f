package server

func (s *Server) reportingHandlers() map[string]opHandler {
	return map[string]opHandler{
		"startAvrReport":          notBuilt("startAvrReport"),
		"getAvrReportStatus":      notBuilt("getAvrReportStatus"),
		"getAvrResultCsv":         notBuilt("getAvrResultCsv"),
		"searchProviderHistories": notBuilt("searchProviderHistories"),
	}
}
