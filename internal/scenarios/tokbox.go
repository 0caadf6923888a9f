package scenarios

import (
	"fmt"
	"net/http"
	"strings"
)

func tokboxScenarios() []Scenario {
	return []Scenario{tokboxEvents(), tokboxHistory()}
}

const tokboxPath = "/api/9/tokbox-events"

// contractConnection names the connection a contract event reports, so
// the visit's history shows it.
const contractConnection = "mockdex-contract-check-connection"

// tokboxEvent is a connection event for session, as TokBox posts it.
func tokboxEvent(session string) map[string]any {
	return map[string]any{"sessionId": session, "projectId": "mockdex-contract-check", "event": "connectionCreated", "timestamp": 1700000000000,
		"connection": map[string]any{"id": contractConnection, "createdAt": 1700000000000, "data": "mockdex contract check"}}
}

// visitWithSession creates a virtual visit and captures its waiting
// room's TokBox session.
func visitWithSession(reason string) Step {
	st := createVisit(reason)
	st.Capture = map[string]string{"visitId": "/visitId", "sessionId": "/tokBoxVisit/waitingRoomSession/sessionId"}
	return st
}

func eventStep(name, session string) Step {
	return Step{Name: name, Host: ECVAPI, Method: http.MethodPost, Path: tokboxPath, Body: tokboxEvent(session),
		Expect: Expect{Status: http.StatusAccepted, Rule: RuleEventNotAccepted}}
}

// tokboxEvents posts TokBox's session webhook for a visit's session and
// for a session nobody issued: both are accepted (202), as published.
func tokboxEvents() Scenario {
	return Scenario{Name: "tokbox-events", Tags: []string{Writes},
		Description: "TokBox session events: one for a created visit's waiting room session and one for an unknown session, both 202",
		Steps: []Step{
			visitWithSession("tokbox-events"),
			eventStep("event for the visit's session", "{sessionId}"),
			eventStep("event for an unknown session", "1_mockdex-contract-check-unknown-session"),
		}}
}

// tokboxHistory checks that an event shows where a mockdex user looks for
// it: the visit's waiting room page (DexCare serves no such page).
func tokboxHistory() Scenario {
	return Scenario{Name: "tokbox-session-history", Tags: []string{Writes, MockdexOnly},
		Description: "(mockdex only) a TokBox event for a visit's session shows in the visit's session activity on its waiting room page",
		Steps: []Step{
			visitWithSession("tokbox-session-history"),
			eventStep("event", "{sessionId}"),
			{Name: "waiting room", Host: API, Method: http.MethodGet, Path: "/visit/{visitId}?brand={brand}", Needs: []string{"event"},
				Expect: Expect{Status: http.StatusOK, ContentType: "text/html", CheckExchange: eventShown}},
		}}
}

func eventShown(x Exchange, _ Vars) error {
	page := string(x.RespBody)
	if strings.Contains(page, `data-event="connectionCreated"`) && strings.Contains(page, contractConnection) {
		return nil
	}
	return &Violation{Rule: RuleEventNotRecorded, Expected: fmt.Sprintf("connectionCreated for %s", contractConnection), Seen: "absent",
		Message: "the visit's session activity does not show the event sent for its session"}
}
