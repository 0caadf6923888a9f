package fakes

// visitChange is what comes with a new visit: the slot it holds, the
// patient it creates (a guest), its planned provider events.
type visitChange struct {
	slot    *SlotKey
	patient *Patient
	events  []ProviderEvent
}

// addVisit stores a new visit and what comes with it as one change: a
// taken slot or a full store refuses it before anything is stored, and
// an export never sees half of it.
func (w *World) addVisit(v Visit, c visitChange) error {
	w.state.RLock()
	defer w.state.RUnlock()
	if w.Visits.full() {
		return visitLimitError(w.Visits.max)
	}
	if admit := w.opts.Admit; admit != nil {
		if err := admit("visit"); err != nil {
			return err
		}
	}
	w.marks.visit(v.ID)
	if c.slot != nil {
		if !w.Slots.Take(*c.slot, v.ID) {
			return errSlotTaken
		}
		w.changed()
	}
	if err := w.Visits.Add(v); err != nil { // full after all: another request won the last place
		if c.slot != nil {
			w.Slots.ReleaseIf(*c.slot, v.ID)
		}
		return err
	}
	if c.patient != nil {
		w.Patients.Add(*c.patient)
	}
	w.Events.Add(c.events...)
	return nil
}
