"""How fast does the real server answer slash commands arriving together?

Starts `python -m bot` (gunicorn, 2 workers x 8 threads) against the fake Slack Web API,
sends N signed `/challenge list` commands C at a time, and reports latency percentiles and
how many answers took longer than Slack's 3 seconds.

    python benchmarks/concurrent_commands.py [--total 1500] [--concurrency 50]
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fakeslack import TOKEN, FakeSlack  # noqa: E402
from tests.slackdriver import SlackDriver  # noqa: E402

SECRET = "benchmark-secret"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--total", type=int, default=1500)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()

    fake = FakeSlack().start()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    workdir = tempfile.mkdtemp()
    env = dict(os.environ, PYTHONPATH=str(ROOT), SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SECRET,
               SLACK_API_URL=fake.url, PORT=str(port), DATABASE_URL=f"sqlite:///{workdir}/dozen.db")
    env.pop("SLACK_APP_TOKEN", None)
    server = subprocess.Popen([sys.executable, "-m", "bot"], env=env, cwd=workdir,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(url + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    slack = SlackDriver(url, SECRET, fake)
    slack.command("/challenge", "list")

    def one(i: int) -> float | None:
        start = time.monotonic()
        try:
            reply = slack.command("/challenge", "list", user=f"U{i:05d}")
        except OSError:
            return None
        return time.monotonic() - start if reply.status == 200 else None

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        results = list(pool.map(one, range(args.total)))
    elapsed = time.monotonic() - started
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=20)
    fake.stop()

    answered = sorted(r for r in results if r is not None)
    failed = len(results) - len(answered)
    late = sum(1 for r in answered if r > 3.0)
    p = statistics.quantiles(answered, n=100)
    print(f"{args.total} commands, {args.concurrency} at a time, in {elapsed:.1f}s "
          f"({args.total / elapsed:.0f}/s)")
    print(f"answered {len(answered)}, failed {failed}, later than 3 s {late}")
    print(f"p50 {p[49] * 1000:.0f} ms, p99 {p[98] * 1000:.0f} ms, max {answered[-1] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
