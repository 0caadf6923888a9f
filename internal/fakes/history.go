package fakes

// seedHistory generates Options.HistoryDays of past visits and provider
// events from Options.Seed. (Reporting issue.)
func (w *World) seedHistory() {}
