"""Benchmark 4: load. gunicorn on PostgreSQL (127.0.0.1 only), 20 simulated caseworkers for 60 s
opening lists and submitting new victim records; baseline: the same server answering /healthz.

Each simulated caseworker has a session of its own (stored in the database, as in production)
and loops without think time: the list, the list filtered, and every third round the new-record
form and its submission (a draft with the personal code letters). Prints requests per second,
p95 latency, errors, and the records in the database afterwards versus the records submitted.
The client runs on the same 2-core machine as the server and takes part of its CPU.

    .venv/bin/python tests/benchmarks/bench_load.py [--users 20] [--seconds 60]
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, configure, heading, median, ms, percentile, ratio, say  # noqa: E402

CASEWORKERS = ("caseworker-rs-ngo", "caseworker-rs-police", "caseworker-al")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LETTERS = "ABCDEFGHIJKLMNOPRSTUVZ"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """One simulated caseworker: a keep-alive connection, a session cookie, a CSRF cookie."""

    def __init__(self, port: int, session_key: str):
        self.port = port
        self.cookies = {"sessionid": session_key}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method: str, path: str, body: dict | None = None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location") or "", content


def _draft(rng: random.Random, token: str, territory: str) -> dict:
    year = rng.randint(1975, 2008)
    return {
        "csrfmiddlewaretoken": token,
        "version": "",
        "status": "draft",
        "pc_first_name": rng.choice(LETTERS) + rng.choice(LETTERS),
        "pc_family_name": rng.choice(LETTERS) + rng.choice(LETTERS),
        "v_sex": rng.choice(("female", "female", "male")),
        "v_date_of_birth": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "v_citizenship": territory,
        "v_victim_status": "presumed",
        "v_identification_date": "2026-01-15",
        "v_exploitation_form": "sexual",
        "v_main_exploitation_form": "sexual",
    }


def _hammer(port, sessions, seconds, scenario):
    """Run ``scenario(browser, rng, record)`` in one thread per session until the deadline."""
    latencies = defaultdict(list)
    outcome = defaultdict(int)
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def record(kind, elapsed, ok):
        with lock:
            latencies[kind].append(elapsed)
            outcome["ok" if ok else "errors"] += 1

    def worker(index, session_key, territory):
        rng = random.Random(index)
        browser = Browser(port, session_key)
        while time.perf_counter() < deadline:
            try:
                scenario(browser, rng, record, territory)
            except Exception as error:  # noqa: BLE001 - counted, the run goes on
                with lock:
                    outcome["errors"] += 1
                    outcome[f"exception {type(error).__name__}"] += 1

    threads = [
        threading.Thread(target=worker, args=(i, key, territory), daemon=True)
        for i, (key, territory) in enumerate(sessions)
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, outcome, time.perf_counter() - start


def _timed(browser, method, path, body=None):
    begin = time.perf_counter()
    status, location, content = browser.request(method, path, body)
    return status, location, content, time.perf_counter() - begin


def healthz_scenario(browser, rng, record, territory):
    status, _, _, elapsed = _timed(browser, "GET", "/healthz")
    record("healthz", elapsed, status == 200)


def caseworker_scenario(submitted):
    def scenario(browser, rng, record, territory):
        status, _, _, elapsed = _timed(browser, "GET", "/victims/")
        record("list", elapsed, status == 200)
        status, _, _, elapsed = _timed(browser, "GET", "/victims/?v_sex=female&page=2")
        record("list filtered", elapsed, status == 200)
        if rng.random() < 1 / 3:
            status, _, content, elapsed = _timed(browser, "GET", "/victims/new/")
            record("new form", elapsed, status == 200)
            match = CSRF_INPUT.search(content.decode("utf-8", "replace"))
            if not match:
                record("submit", 0.0, False)
                return
            status, location, _, elapsed = _timed(
                browser, "POST", "/victims/new/", _draft(rng, match.group(1), territory)
            )
            saved = status == 302 and location.rstrip("/").split("/")[-1].count("-") == 4
            record("submit", elapsed, saved)
            if saved:
                with submitted["lock"]:
                    submitted["n"] += 1

    return scenario


def _report(label, latencies, outcome, elapsed, baseline_rate=None):
    requests = sum(len(v) for v in latencies.values())
    everything = [t for v in latencies.values() for t in v]
    rate = requests / elapsed if elapsed else 0
    vs = f", {ratio(rate, baseline_rate)} of the baseline's requests/s" if baseline_rate else ""
    say(f"{label}: {requests:,} requests in {elapsed:.0f} s = {rate:,.1f} requests/s, "
        f"median {ms(median(everything))}, p95 {ms(percentile(everything, 0.95))}, "
        f"errors {outcome.get('errors', 0)}{vs}")  # fmt: skip
    for kind, values in sorted(latencies.items()):
        say(f"   {kind:15} n={len(values):6,}  median {ms(median(values)):>10}  "
            f"p95 {ms(percentile(values, 0.95)):>10}")  # fmt: skip
    for key, value in outcome.items():
        if key.startswith("exception"):
            say(f"   {key}: {value}")
    return rate


def run(users: int = 20, seconds: int = 60, baseline_seconds: int = 15, workers=None) -> dict:
    from django.test import Client
    from django.utils import timezone

    from thb_data.accounts.models import User
    from thb_data.scoping import scopes_disabled
    from victims.models import VictimRecord

    workers = workers or (2 * (os.cpu_count() or 1) + 1)
    heading(f"4. Load: gunicorn ({workers} workers), {users} simulated caseworkers, {seconds} s")
    with scopes_disabled():
        accounts = list(User.objects.filter(username__in=CASEWORKERS, is_active=True))
    if not accounts:
        say("no demo caseworkers (run load_demo): load benchmark skipped")
        return {}
    sessions = []
    for index in range(users):
        user = accounts[index % len(accounts)]
        client = Client()
        client.force_login(user)
        sessions.append((client.cookies["sessionid"].value, user.territory.code))

    port = _free_port()
    env = dict(os.environ, DEBUG="0", PYTHONUNBUFFERED="1")
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "thb_data.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
    )
    results = {}
    try:
        for _ in range(120):
            try:
                status, _, _ = Browser(port, "").request("GET", "/healthz")
                if status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        else:
            say("gunicorn did not answer /healthz within 60 s: load benchmark skipped")
            return {}
        latencies, outcome, elapsed = _hammer(port, sessions, baseline_seconds, healthz_scenario)
        baseline = _report("baseline /healthz", latencies, outcome, elapsed)

        started = timezone.now()
        submitted = {"n": 0, "lock": threading.Lock()}
        latencies, outcome, elapsed = _hammer(
            port, sessions, seconds, caseworker_scenario(submitted)
        )
        rate = _report("caseworkers", latencies, outcome, elapsed, baseline)
        with scopes_disabled():
            stored = VictimRecord.objects.filter(
                created_by__in=accounts, created_at__gte=started
            ).count()
        lost = submitted["n"] - stored
        say(f"records submitted (saved, redirected): {submitted['n']:,}; records in the database "
            f"afterwards: {stored:,}; lost: {lost}")  # fmt: skip
        everything = [t for v in latencies.values() for t in v]
        results = {
            "baseline_rps": baseline,
            "rps": rate,
            "p95": percentile(everything, 0.95),
            "errors": outcome.get("errors", 0),
            "submitted": submitted["n"],
            "stored": stored,
        }
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int)
    arguments = parser.parse_args()
    configure()
    run(arguments.users, arguments.seconds, workers=arguments.workers)
