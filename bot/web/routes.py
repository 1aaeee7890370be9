"""The public board on the web: GET (or HEAD) /board, /board/C-12, /board.atom, /board.json.

HTTP → service → web templates: pages are rendered on the server (Jinja2, every value
HTML-escaped), need no JavaScript, and answer 404 while no workspace has turned the board on."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from http import HTTPStatus
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, pass_context, select_autoescape

from bot.context import Context
from bot.locale import DEFAULT, ENGLISH, LANGUAGES, Lang, N_, lang
from bot.reference import council_name
from bot.services import board, stages
from bot.services.funding import RULES, FundingState
from bot.services.money import format_pence

BOARD_PATHS = re.compile(r"^/board(?:/|\.atom|\.json|/[^/]{1,20}/?)?$")
CARD = re.compile(r"^/board/([^/]{1,20})/?$")
SECURITY_HEADERS = [
    ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; "
                                "form-action 'none'; frame-ancestors 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
]
StartResponse = Callable[..., Any]
log = logging.getLogger(__name__)
NOT_PUBLISHED = N_("The board is not published.")
NO_SUCH_CHALLENGE = N_("There is no such challenge on the board.")
NO_SUCH_PAGE = N_("There is no such page.")
ONLY_GET = N_("Only GET and HEAD.")
FAILED = N_("Sorry, the board could not be shown. Please try again later.")


def is_board_path(path: str) -> bool:
    return bool(BOARD_PATHS.match(path or ""))


def negotiate(accept_language: str | None, default: str = DEFAULT) -> str:
    """The language of Dozen's (en, cy, sv) that an Accept-Language header likes best:
    "cy-GB,cy;q=0.9,en;q=0.8" -> "cy"; `default` when it names none of them (or none at all)."""
    liked = []
    for order, part in enumerate((accept_language or "").split(",")):
        tag, *params = [p.strip() for p in part.split(";")]
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        code = tag.split("-")[0].lower()
        if code in LANGUAGES and quality > 0:
            liked.append((-quality, order, code))
    return min(liked)[2] if liked else default


@pass_context
def _stage(context: Any, stage: str) -> str:
    """`{{ move.stage|stage }}`: a stage's name in the page's language."""
    return stages.label(stage, context.get("t", ENGLISH))


def environment() -> Environment:
    env = Environment(loader=PackageLoader("bot.web", "templates"),
                      autoescape=select_autoescape(["html", "xml"], default_for_string=True, default=True),
                      trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"])
    # English unless a page is rendered with its visitor's language (`_`, `ngettext` and `t` in
    # the values: see Board._render). Messages are str.format templates, as everywhere in Dozen.
    env.install_gettext_callables(ENGLISH._, ENGLISH.ngettext, newstyle=False, pgettext=ENGLISH.pgettext)
    env.filters.update(council=council_name, pounds=format_pence, stage=_stage)
    return env


class Board:
    """The WSGI application for the board's paths."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.env = environment()
        self.tz: ZoneInfo = ctx.settings.tz

    # -- helpers for the templates -----------------------------------------------------------
    def day(self, at: datetime | None, t: Lang = ENGLISH) -> str:
        if at is None:
            return ""
        return t.date(at.astimezone(self.tz), long=True)

    @staticmethod
    def money(pence: int, currency: str = "GBP", t: Lang = ENGLISH) -> str:
        """£1,500 as the board always wrote pounds; in another language or currency, as Babel does."""
        return format_pence(pence) if t.code == "en" and currency == "GBP" else t.money(pence, currency)

    @classmethod
    def funding_text(cls, current: FundingState | None, currency: str = "GBP", t: Lang = ENGLISH) -> str:
        if current is None or current.funding is None:
            if current is not None and current.pledged_pence:
                return t._("{pledged} pledged", pledged=cls.money(current.pledged_pence, currency, t))
            return ""
        text = t._("{pledged} of {target} pledged ({percent}%)", pledged=cls.money(current.pledged_pence, currency, t),
                   target=cls.money(current.funding.target_pence, currency, t), percent=current.percent)
        return text + (" — " + t._("target reached") if current.funding.reached_at else "")

    def _language(self, environ: dict) -> tuple[Lang, dict[str, str]]:
        """The visitor's language (their browser's, among Dozen's; else the public workspaces'
        when they share one), and each public workspace's currency."""
        settings = self.ctx.read(board.public_settings)
        spoken = {language for language, _ in settings.values()}
        default = spoken.pop() if len(spoken) == 1 else DEFAULT
        return lang(negotiate(environ.get("HTTP_ACCEPT_LANGUAGE"), default)), {
            team: currency for team, (_, currency) in settings.items()}

    def _render(self, name: str, t: Lang = ENGLISH, currencies: dict[str, str] | None = None,
                **values: Any) -> bytes:
        currencies = currencies or {}

        def funding_text(current: FundingState | None, team_id: str | None = None) -> str:
            return self.funding_text(current, currencies.get(team_id or "", "GBP"), t)

        values.update(day=lambda at: self.day(at, t), funding_text=funding_text, rules=RULES,
                      board_stages=board.BOARD_STAGES, t=t, _=t._, gettext=t._, ngettext=t.ngettext,
                      pgettext=t.pgettext, html_lang=t.locale.replace("_", "-"))
        return self.env.get_template(name).render(**values).encode("utf-8")

    # -- the WSGI entry --------------------------------------------------------------------
    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        t = lang(negotiate(environ.get("HTTP_ACCEPT_LANGUAGE")))
        if method not in ("GET", "HEAD"):
            return self._send(start_response, HTTPStatus.METHOD_NOT_ALLOWED, (t._(ONLY_GET) + "\n").encode(),
                              "text/plain; charset=utf-8", method, t, extra=[("Allow", "GET, HEAD")])
        path = environ.get("PATH_INFO") or ""
        try:
            t, currencies = self._language(environ)
            status, body, kind = self._page(path, environ, t, currencies)
        except Exception:  # noqa: BLE001  (a visitor gets a plain error page, never a trace)
            log.exception("board page %s failed", path)
            status, body, kind = (HTTPStatus.INTERNAL_SERVER_ERROR, (t._(FAILED) + "\n").encode(),
                                  "text/plain; charset=utf-8")
        return self._send(start_response, status, body, kind, method, t)

    def _page(self, path: str, environ: dict, t: Lang, currencies: dict[str, str]) -> tuple[HTTPStatus, bytes, str]:
        html = "text/html; charset=utf-8"
        if path in ("/board", "/board/"):
            lanes = self.ctx.read(board.public_lanes)
            if lanes is None:
                return self._not_found(NOT_PUBLISHED, t)
            return HTTPStatus.OK, self._render("board.html", t, currencies, lanes=lanes), html
        if path == "/board.json":
            lanes = self.ctx.read(board.public_lanes)
            if lanes is None:
                return HTTPStatus.NOT_FOUND, b'{"error": "not found"}\n', "application/json"
            return HTTPStatus.OK, json.dumps(self._json(lanes, environ), indent=1).encode(), "application/json"
        if path == "/board.atom":
            entries = self.ctx.read(board.public_feed)
            if entries is None:
                return self._not_found(NOT_PUBLISHED, t)
            base = self._base(environ)
            updated = entries[0].move.at if entries else datetime.now(timezone.utc)
            return (HTTPStatus.OK, self._render("feed.xml", t, currencies, entries=entries, base=base,
                                                updated=updated, feed=self._feed_texts(entries, t)),
                    "application/atom+xml; charset=utf-8")
        match = CARD.match(path)
        if match:
            page = self.ctx.read(board.public_page, match.group(1))
            if page is None:
                return self._not_found(NO_SUCH_CHALLENGE, t)
            return HTTPStatus.OK, self._render("challenge.html", t, currencies, page=page, card=page.card,
                                               challenge=page.card.challenge), html
        return self._not_found(NO_SUCH_PAGE, t)

    def _feed_texts(self, entries: list[board.FeedEntry], t: Lang) -> dict[str, Any]:
        """The Atom feed's words (feed readers seldom say a language: usually the default)."""
        return {
            "title": t._("Dozen: the challenge board"),
            "subtitle": t._("Challenges councils are working on, as they move from stage to stage"),
            "entries": [t._("{challenge} ({council}) moved to {stage} on {date}.", challenge=e.challenge.short_id,
                            council=council_name(e.challenge.council_code),
                            stage=stages.label(e.move.stage, t).lower(), date=self.day(e.move.at, t))
                        for e in entries],
        }

    def _not_found(self, why: str, t: Lang) -> tuple[HTTPStatus, bytes, str]:
        """`why`: a message marked with N_."""
        return HTTPStatus.NOT_FOUND, self._render("not_found.html", t, why=t._(why)), "text/html; charset=utf-8"

    def _base(self, environ: dict) -> str:
        scheme = environ.get("HTTP_X_FORWARDED_PROTO") or environ.get("wsgi.url_scheme") or "http"
        host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME', 'localhost')}:{environ.get('SERVER_PORT')}"
        return f"{scheme.split(',')[0].strip()}://{host}"

    def _json(self, lanes: list[board.Lane], environ: dict) -> dict:
        base = self._base(environ)

        def card(c: board.Card) -> dict:
            challenge = c.challenge
            money = c.funding
            return {
                "id": challenge.short_id,
                "url": f"{base}/board/{challenge.short_id}",
                "title": challenge.title,
                "council": council_name(challenge.council_code),
                "stage": challenge.stage,
                "votes": c.votes,
                "skills": list(challenge.skills) + ([challenge.other_skills] if challenge.other_skills else []),
                "funding": None if money is None or money.funding is None else {
                    "target_pence": money.funding.target_pence, "pledged_pence": money.pledged_pence,
                    "reached": money.funding.reached_at is not None},
                "stages": [{"stage": m.stage, "at": m.at.isoformat()} for m in c.moves],
            }

        return {"lanes": [{"stage": lane.stage, "label": lane.label, "challenges": [card(c) for c in lane.cards]}
                          for lane in lanes]}

    @staticmethod
    def _send(start_response: StartResponse, status: HTTPStatus, body: bytes, kind: str, method: str,
              t: Lang = ENGLISH, extra: list[tuple[str, str]] | None = None) -> Iterable[bytes]:
        cache = "public, max-age=60" if status == HTTPStatus.OK else "no-store"  # a board turned on shows at once
        headers = [("Content-Type", kind), ("Content-Length", str(len(body))), ("Cache-Control", cache),
                   ("Content-Language", t.locale.replace("_", "-")), ("Vary", "Accept-Language"),
                   *SECURITY_HEADERS, *(extra or [])]
        start_response(f"{status.value} {status.phrase}", headers)
        return [] if method == "HEAD" else [body]
