package fakes

// SlotBook records which in-person slots are taken. (Booking issue.)
type SlotBook struct{}

// NewSlotBook returns an empty book.
func NewSlotBook() *SlotBook { return &SlotBook{} }
