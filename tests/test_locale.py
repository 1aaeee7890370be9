"""The catalogues: every message in the code is in Welsh and Swedish, with the same placeholders."""

from __future__ import annotations

import re
from datetime import date

import pytest
from babel.messages.pofile import read_po

from bot.locale import LANGUAGES, lang
from bot.locale.catalogue import extract, po_path

PLACEHOLDER = re.compile(r"\{([a-zA-Z_][a-zA-Z0-9_]*)[^{}]*\}")


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text or ""))


@pytest.fixture(scope="module")
def messages():
    return extract()


def test_no_message_is_built_so_it_cannot_be_translated(capfd):
    extract()
    warned = [line for line in capfd.readouterr().err.splitlines() if "f-string" in line or "warning" in line]
    assert warned == [], "\n".join(warned[:20])


@pytest.mark.parametrize("code", [c for c in LANGUAGES if c != "en"])
def test_every_message_is_translated_with_the_same_placeholders(messages, code):
    with po_path(code).open("rb") as po:
        catalog = read_po(po, locale=code)
    missing, wrong = [], []
    for message in messages:
        if not message.id:
            continue
        found = catalog.get(message.id, context=message.context)
        strings = (found.string if isinstance(found.string, (tuple, list)) else (found.string,)) if found else ()
        if found is None or found.fuzzy or not all(strings) or len(strings) != (
                catalog.num_plurals if message.pluralizable else 1):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
            continue
        english = placeholders(message.id) if isinstance(message.id, str) else (
            placeholders(message.id[0]) | placeholders(message.id[1]))
        for string in strings:
            if placeholders(string) - english or (not message.pluralizable and placeholders(string) != english):
                wrong.append((message.id, string))
    assert not missing, f"{len(missing)} messages have no {code} translation, e.g. {missing[:5]}"
    assert not wrong, f"translations whose placeholders differ from the English: {wrong[:5]}"


def test_plurals_dates_and_money_come_from_the_locale_data():
    monday = date(2026, 12, 7)
    assert lang("en").week(monday) == "w/c 7 Dec"
    assert lang("cy").week(monday) == "w/c 7 Rhag"
    assert lang("sv").week(monday) == "v. 50"
    assert lang("en").money(150000) == "£1,500.00"
    assert lang("sv").money(150000, "SEK") == "1\xa0500,00\xa0kr"
    welsh = [lang("cy").ngettext("{n} vote", "{n} votes", n) for n in (0, 1, 2, 3, 6, 7)]
    assert len(set(welsh)) == 6  # Welsh's six plural forms
    assert lang("en").ngettext("{n} vote", "{n} votes", 1) == "1 vote"


def test_forms_ask_for_money_in_the_workspaces_currency():
    """A Swedish workspace counting in kronor is not asked for council rates "in pounds"."""
    from bot.storage.models import WorkspaceConfig
    from bot.views.config import config_modal

    def rate_field(currency: str, code: str) -> tuple[str, str]:
        view = config_modal(WorkspaceConfig(team_id="T1", currency=currency), ["+1"], t=lang(code))
        field = next(b for b in view["blocks"] if b.get("block_id") == "rate_amount")
        return field["label"]["text"], field["hint"]["text"]

    assert rate_field("GBP", "en") == ("Council rate: amount in pounds", "e.g. 45 or £337.50")
    assert rate_field("SEK", "sv") == ("Kommunens pris: belopp (SEK)", "t.ex. 45 eller 337,50")
