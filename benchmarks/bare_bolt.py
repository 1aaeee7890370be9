"""The baseline for benchmarks/trust.py: a bare Bolt app that only acknowledges.

Served exactly as Dozen is (gunicorn, 2 workers x 8 threads, gthread):
    SLACK_SIGNING_SECRET=... gunicorn -w 2 --threads 8 -k gthread benchmarks.bare_bolt:application
"""

from __future__ import annotations

import logging
import os

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

# Bolt asks auth.test once, lazily: the benchmark's fake Slack answers it, as it does Dozen's.
app = App(signing_secret=os.environ["SLACK_SIGNING_SECRET"],
          client=WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"]),
          token_verification_enabled=False, logger=logging.getLogger("bare"))


@app.event("reaction_added")
def reaction_added(ack):
    ack()


@app.command("/challenge")
def challenge(ack):
    ack()


application = SlackRequestHandler(app)
