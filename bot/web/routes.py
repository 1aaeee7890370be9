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

from jinja2 import Environment, PackageLoader, select_autoescape

from bot.context import Context
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


def is_board_path(path: str) -> bool:
    return bool(BOARD_PATHS.match(path or ""))


def environment() -> Environment:
    env = Environment(loader=PackageLoader("bot.web", "templates"),
                      autoescape=select_autoescape(["html", "xml"], default_for_string=True, default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(council=council_name, pounds=format_pence, stage=stages.label)
    return env


class Board:
    """The WSGI application for the board's paths."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.env = environment()
        self.tz: ZoneInfo = ctx.settings.tz

    # -- helpers for the templates -----------------------------------------------------------
    def day(self, at: datetime | None) -> str:
        if at is None:
            return ""
        local = at.astimezone(self.tz)
        return f"{local.day} {local:%B %Y}"

    @staticmethod
    def funding_text(current: FundingState | None) -> str:
        if current is None or current.funding is None:
            if current is not None and current.pledged_pence:
                return f"{format_pence(current.pledged_pence)} pledged"
            return ""
        text = (f"{format_pence(current.pledged_pence)} of {format_pence(current.funding.target_pence)} pledged "
                f"({current.percent}%)")
        return text + (" — target reached" if current.funding.reached_at else "")

    def _render(self, name: str, **values: Any) -> bytes:
        values.update(day=self.day, funding_text=self.funding_text, rules=RULES,
                      board_stages=board.BOARD_STAGES)
        return self.env.get_template(name).render(**values).encode("utf-8")

    # -- the WSGI entry --------------------------------------------------------------------
    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "HEAD"):
            return self._send(start_response, HTTPStatus.METHOD_NOT_ALLOWED, b"Only GET and HEAD.\n",
                              "text/plain; charset=utf-8", method, extra=[("Allow", "GET, HEAD")])
        path = environ.get("PATH_INFO") or ""
        try:
            status, body, kind = self._page(path, environ)
        except Exception:  # noqa: BLE001  (a visitor gets a plain error page, never a trace)
            log.exception("board page %s failed", path)
            status, body, kind = (HTTPStatus.INTERNAL_SERVER_ERROR,
                                  b"Sorry, the board could not be shown. Please try again later.\n",
                                  "text/plain; charset=utf-8")
        return self._send(start_response, status, body, kind, method)

    def _page(self, path: str, environ: dict) -> tuple[HTTPStatus, bytes, str]:
        html = "text/html; charset=utf-8"
        if path in ("/board", "/board/"):
            lanes = self.ctx.read(board.public_lanes)
            if lanes is None:
                return self._not_found("The board is not published.")
            return HTTPStatus.OK, self._render("board.html", lanes=lanes), html
        if path == "/board.json":
            lanes = self.ctx.read(board.public_lanes)
            if lanes is None:
                return HTTPStatus.NOT_FOUND, b'{"error": "not found"}\n', "application/json"
            return HTTPStatus.OK, json.dumps(self._json(lanes, environ), indent=1).encode(), "application/json"
        if path == "/board.atom":
            entries = self.ctx.read(board.public_feed)
            if entries is None:
                return self._not_found("The board is not published.")
            base = self._base(environ)
            updated = entries[0].move.at if entries else datetime.now(timezone.utc)
            return (HTTPStatus.OK, self._render("feed.xml", entries=entries, base=base, updated=updated),
                    "application/atom+xml; charset=utf-8")
        match = CARD.match(path)
        if match:
            page = self.ctx.read(board.public_page, match.group(1))
            if page is None:
                return self._not_found("There is no such challenge on the board.")
            return HTTPStatus.OK, self._render("challenge.html", page=page, card=page.card,
                                               challenge=page.card.challenge), html
        return self._not_found("There is no such page.")

    def _not_found(self, why: str) -> tuple[HTTPStatus, bytes, str]:
        return HTTPStatus.NOT_FOUND, self._render("not_found.html", why=why), "text/html; charset=utf-8"

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
              extra: list[tuple[str, str]] | None = None) -> Iterable[bytes]:
        cache = "public, max-age=60" if status == HTTPStatus.OK else "no-store"  # a board turned on shows at once
        headers = [("Content-Type", kind), ("Content-Length", str(len(body))), ("Cache-Control", cache),
                   *SECURITY_HEADERS, *(extra or [])]
        start_response(f"{status.value} {status.phrase}", headers)
        return [] if method == "HEAD" else [body]
