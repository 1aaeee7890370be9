"""Exports people open in a spreadsheet: no cell can become a formula (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timezone

from bot.services import audit, challenges, charging
from bot.services.spreadsheet import csv_text, neutralise
from bot.storage.models import Booking

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)
FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+SUM(A1:A9)", "-2+3", "@cmd", "\tTAB", "\rCR"]


def test_cells_that_would_be_formulas_are_neutralised():
    assert [neutralise(c) for c in FORMULAS] == ["'" + c for c in FORMULAS]
    assert [neutralise(c) for c in ("Leeds", "C-1 Potholes", "135.00", 3, None)] == [
        "Leeds", "C-1 Potholes", "135.00", 3, None]
    rows = list(csv.reader(io.StringIO(csv_text([FORMULAS]))))
    assert all(cell.startswith("'") for cell in rows[0])


def test_the_bookings_statement_and_the_audit_trail_neutralise_what_people_typed(db):
    draft = challenges.ChallengeDraft(title="=1+1 fix potholes", problem="Potholes take months to fix in winter.",
                                      skills=["Iterative design"], council_code="MAN", hours_per_week="3", weeks="2")
    with db.session() as session:
        challenge = challenges.create(session, team_id="T1", owner_id="U1", draft=draft, now=NOW)
        session.add(Booking(team_id="T1", number=1, person_id="UEVIL", requester_id="U1", challenge_id=challenge.id,
                            week_start=date(2026, 11, 30), hours=2, status="confirmed", provider_council="LDS",
                            booking_council="MAN", created_at=NOW))
        audit.record(session, team_id="T1", actor_id="@U1", action="config.changed", subject="=cmd", now=NOW)
    with db.reading() as session:
        statement, count = charging.month_statement(session, "T1", date(2026, 11, 1), {"UEVIL": FORMULAS[0]})
        trail, events = audit.month_csv(session, "T1", date(2026, 11, 1))
    assert count == 1 and events == 1
    person = list(csv.reader(io.StringIO(statement)))[1][2]
    assert person == "'" + FORMULAS[0]
    assert list(csv.reader(io.StringIO(trail)))[1][1:] == ["'@U1", "config.changed", "'=cmd"]
