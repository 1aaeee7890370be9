"""Keeping the catalogues in step with the code, with Babel:

    python -m bot.locale.catalogue                      # extract every message, update en, cy and sv
    python -m bot.locale.catalogue --merge FILE.json    # ...and fill in translations from FILE.json

FILE.json maps each English message to its translations:
    {"Title": {"cy": "Teitl", "sv": "Titel"},
     "{n} vote": {"plural": "{n} votes", "cy": [six forms], "sv": [two forms]},
     "Check-in": {"cy": "...", "sv": "...", "note": "unsure: ..."}}   # a note becomes a translator comment

Translators fill in the .po files (bot/locale/<code>/LC_MESSAGES/messages.po); a test fails
while any message lacks a Welsh or Swedish translation or a translation's placeholders differ."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from bot.locale import DOMAIN, HERE, LANGUAGES

ROOT = HERE.parent.parent
# The functions whose first argument is a message (and ngettext's second, its plural).
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "Message": None,
            "NotAllowed": None, "NotFound": None, "DomainError": None, "ValidationFailed": None}
METHOD_MAP = [("bot/**.py", "python"), ("bot/web/templates/**.html", "jinja2")]
OPTIONS = {"bot/web/templates/**.html": {"extensions": "jinja2.ext.i18n"}}


def extract() -> Catalog:
    """Every message in the code, with where it is and what the code's comments say of it."""
    catalog = Catalog(domain=DOMAIN, project="Dozen", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
            ROOT, method_map=METHOD_MAP, options_map=OPTIONS, keywords=KEYWORDS,
            comment_tags=("Translators:",), strip_comment_tags=True):
        if message and (message[0] if isinstance(message, tuple) else message):
            catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    for filename, lineno, message in in_f_strings():
        if message not in catalog:
            catalog.add(message, None, [(filename, lineno)])
    return catalog


def in_f_strings() -> list[tuple[str, int, str | tuple[str, str]]]:
    """Messages translated inside an f-string (`f"*{t._('Hours')}*"`), which Babel's extractor
    does not look into on this Python: read from the syntax tree instead."""
    found = []
    for path in sorted((ROOT / "bot").rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for joined in (n for n in ast.walk(tree) if isinstance(n, ast.JoinedStr)):
            for call in (n for n in ast.walk(joined) if isinstance(n, ast.Call)):
                name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", None)
                texts = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                if name in ("_", "N_") and texts:
                    found.append((str(path.relative_to(ROOT)), call.lineno, texts[0]))
                elif name == "ngettext" and len(texts) >= 2:
                    found.append((str(path.relative_to(ROOT)), call.lineno, (texts[0], texts[1])))
    return found


def po_path(code: str) -> Path:
    return HERE / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def update(translations: dict | None = None) -> None:
    template = extract()
    for code in LANGUAGES:
        path = po_path(code)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            with path.open("rb") as existing:
                catalog = read_po(existing, locale=code, domain=DOMAIN)
            catalog.update(template, no_fuzzy_matching=True)
        else:
            catalog = Catalog(locale=code, domain=DOMAIN, project="Dozen", charset="utf-8")
            catalog.update(template, no_fuzzy_matching=True)
        if translations and code != "en":
            _fill(catalog, code, translations)
        with path.open("wb") as out:
            write_po(out, catalog, width=100, omit_header=False, ignore_obsolete=True)
        print(f"{code}: {len(catalog)} messages, {sum(1 for m in catalog if m.id and not m.string)} untranslated",
              file=sys.stderr)


def _fill(catalog: Catalog, code: str, translations: dict) -> None:
    for message in catalog:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        given = translations.get(key) if key else None
        if not given or code not in given:
            continue
        value = given[code]
        message.string = tuple(value) if isinstance(message.id, tuple) else value
        message.flags.discard("fuzzy")
        if given.get("note"):
            message.user_comments = [given["note"]]


if __name__ == "__main__":
    import json

    merged: dict = {}
    for path in sys.argv[sys.argv.index("--merge") + 1:] if "--merge" in sys.argv else []:
        merged.update(json.loads(Path(path).read_text()))
    update(merged or None)
