"""What every page and every list API operation costs, for each role, against `GET /healthz`
in the same run, on ONE daphne process, with the demo data and at scale.

    .venv/bin/python benchmarks/pages.py [--ombud 50 --clients 750 --messages 500000]
        [--scale-db /tmp/scale.sqlite3] [--requests 20] [--concurrent-requests 40]
        [--only demo|scale] [--pages plan,caseload] [--profile]

A script, not a test: it prints figures (see docs/benchmarks.md). Everything it starts is
on 127.0.0.1 and is stopped at the end, also on failure:

1. For each data set, a SQLite file: the demo (`manage.py migrate` then `manage.py demo`,
   in a temporary folder) and the scale (`manage.py generate_scale --ombud --clients
   --messages` into --scale-db; a file that already holds it is reused, since making
   500,000 messages takes minutes).
2. A helper process (this script with `--worker`) sets Django up on that file, picks the
   people (the coordinator; the ombud with the most clients; of that ombud's clients, the
   one with the most messages), writes a signed-in session for each straight into
   django.contrib.sessions (the second factor is asked at sign-in only), and counts each
   URL's queries in-process with Django's test client and CaptureQueriesContext (the
   second request, after one to warm caches). With --profile it also prints where the
   time of the hot pages goes (cProfile, in-process).
3. ONE daphne process on that file (DEBUG off, in-memory channel layer). Every URL is
   requested --requests times one after another on one keep-alive connection
   (concurrency 1), then --concurrent-requests times by 10 connections at once
   (concurrency 10), with `Accept-Encoding: gzip` as a phone sends it. `/healthz` is
   measured the same way before and after the pages of each role, and each page's p50 is
   divided by the p50 of those /healthz samples.

CPU used by other processes = the machine's busy CPU (/proc/stat) minus daphne's and this
script's own, over the run: the noise from the other people on a shared machine. Since
that noise moves wall-clock times a lot, each URL also gets daphne's own CPU time per
request (from /proc, over its requests at both concurrencies) and its ratio to /healthz's:
the figure least moved by what else runs.

Targets (issue 13): every page's p50 <= 3x /healthz and the same query count at scale as
with the demo data; the client's plan >= 60 requests/s (concurrency 10) on one daphne.

Exit status: 0 when the benchmark ran (whether or not the targets hold), 1 when it could
not be set up or a page did not answer 200, 2 on bad arguments.
"""

import argparse
import cProfile
import http.client
import io
import json
import os
import pstats
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from measure import cpu_seconds, machine, machine_busy_seconds, pct
from people import session_for
from servers import (
    BASE_DIR,
    PYTHON,
    SetupError,
    die_with_parent,
    free_port,
    log_tail,
    stop,
    wait_for_healthz,
)
from servers import (
    manage as run_manage,
)

SETUP_TIMEOUT = 3 * 3600.0  # generating the scale data set
TARGET_RATIO = 3.0
TARGET_PLAN_RPS = 60.0
CONCURRENCY = 10

# (role, label, URL name or literal path). {c}: the client's contact, {f}: a failure,
# {y}: this year. Names are reversed in the worker; a path that starts with "/" is used
# as it is.
PAGES: list[tuple[str, str, str]] = [
    ("client", "plan", "client_plan"),
    ("client", "messages", "client_messages"),
    ("client", "meetings", "client_meetings"),
    ("client", "more", "client_more"),
    ("client", "consents", "client_consents"),
    ("client", "network", "client_network"),
    ("client", "who looked", "client_who_looked"),
    ("client", "pause", "client_pause"),
    ("client", "devices", "client_devices"),
    ("client", "end", "client_end"),
    ("client", "API contacts", "/api/contacts"),
    ("client", "API plan", "/api/contacts/{c}/plan"),
    ("client", "API messages", "/api/contacts/{c}/messages"),
    ("client", "API comments", "/api/contacts/{c}/comments"),
    ("client", "API meetings", "/api/contacts/{c}/meetings"),
    ("client", "API network", "/api/contacts/{c}/network"),
    ("client", "API consents", "/api/contacts/{c}/consents"),
    ("client", "API letters", "/api/contacts/{c}/letters"),
    ("client", "API proposals", "/api/contacts/{c}/proposals"),
    ("client", "API team", "/api/contacts/{c}/team"),
    ("ombud", "caseload", "ombud_caseload"),
    ("ombud", "plan of one client", "ombud_plan:c"),
    ("ombud", "conversation", "ombud_messages:c"),
    ("ombud", "consents", "ombud_consents:c"),
    ("ombud", "network", "ombud_network:c"),
    ("ombud", "notes", "ombud_notes:c"),
    ("ombud", "team", "ombud_team:c"),
    ("ombud", "failures", "ombud_failures"),
    ("ombud", "one failure", "ombud_failure:f"),
    ("ombud", "new client", "ombud_new_client"),
    ("ombud", "account", "ombud_account"),
    ("ombud", "API contacts", "/api/contacts"),
    ("ombud", "API plan", "/api/contacts/{c}/plan"),
    ("ombud", "API messages", "/api/contacts/{c}/messages"),
    ("ombud", "API notes", "/api/contacts/{c}/notes"),
    ("client", "API trail", "/api/contacts/{c}/trail"),
    ("ombud", "API team", "/api/contacts/{c}/team"),
    ("ombud", "API failures", "/api/failures"),
    ("ombud", "API failure organisations", "/api/failures/organisations"),
    ("coordinator", "home", "coordinator_home"),
    ("coordinator", "failures", "coordinator_failures"),
    ("coordinator", "failures CSV", "coordinator_failures_csv"),
    ("coordinator", "report", "coordinator_report"),
    ("coordinator", "report CSV", "coordinator_report_csv:y"),
    ("coordinator", "staff", "coordinator_staff"),
    ("coordinator", "queue", "coordinator_queue"),
    ("coordinator", "team of one contact", "coordinator_team:c"),
    ("coordinator", "account", "coordinator_account"),
    ("coordinator", "API failures", "/api/failures"),
    ("coordinator", "API queue", "/api/queue"),
    ("coordinator", "API priority grounds", "/api/priority-grounds"),
    ("coordinator", "API report", "/api/report/{y}"),
]
PROFILED = {
    ("client", "plan"),
    ("ombud", "plan of one client"),
    ("ombud", "caseload"),
    ("ombud", "conversation"),
    ("coordinator", "failures"),
    ("coordinator", "API failures"),
}


# --- The worker: in-process, with Django set up on one data set ------------------------


def pick(operation=None) -> tuple[dict, dict]:
    """The people measured and the values in the URLs, in a process with Django set up:
    the coordinator; the ombud with the most clients; of that ombud's clients, the one with
    the most messages; the oldest failure. Of `operation`, or of the whole database."""
    from django.db.models import Count
    from django.utils import timezone

    from portal.models import Contact, Role, SystemFailure, User

    staff = User.objects.filter(operation=operation) if operation else User.objects.all()
    ombud = (
        staff.filter(role=Role.OMBUD)
        .annotate(n=Count("contacts_as_ombud"))
        .order_by("-n", "pk")
        .first()
    )
    # The coordinator of that ombud's operation (with several, as --operations makes).
    colleagues = staff.filter(operation_id=getattr(ombud, "operation_id", None))
    coordinator = colleagues.filter(role=Role.COORDINATOR).order_by("pk").first()
    contact = (
        Contact.objects.filter(ombud=ombud)
        .annotate(n=Count("messages"))
        .order_by("-n", "pk")
        .first()
    )
    failure = SystemFailure.objects.filter(operation_id=getattr(ombud, "operation_id", None))
    failure = failure.order_by("pk").first()
    if coordinator is None or ombud is None or contact is None or failure is None:
        raise SystemExit("the data set lacks a coordinator, an ombud, a client or a failure")
    people = {"client": contact.client, "ombud": ombud, "coordinator": coordinator}
    values = {"c": contact.pk, "f": failure.pk, "y": timezone.localdate().year}
    return people, values


def page_urls(values: dict, only_pages: set[str] | None = None) -> list[tuple[str, str, str]]:
    """(role, label, URL) of every measured page, with `values` filled in."""
    from django.urls import reverse

    found = []
    for role, label, target in PAGES:
        if only_pages and label not in only_pages:
            continue
        if target.startswith("/"):
            url = target.format(**values)
        else:
            name, _, arg = target.partition(":")
            url = reverse(name, args=[values[arg]] if arg else [])
        found.append((role, label, url))
    return found


def worker(out: Path, profile: bool, only_pages: set[str]) -> None:
    sys.path.insert(0, str(BASE_DIR))
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from portal.models import Contact

    people, values = pick()

    sessions = {role: session_for(user) for role, user in people.items()}
    rows = []
    for role, label, url in page_urls(values, only_pages):
        browser = Client(HTTP_HOST="127.0.0.1")
        browser.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
        status = browser.get(url).status_code  # warm: compiled templates, content types
        with CaptureQueriesContext(connection) as captured:
            status = browser.get(url).status_code
        rows.append(
            {"role": role, "label": label, "url": url, "status": status, "queries": len(captured)}
        )
        if profile and (role, label) in PROFILED:
            profiler = cProfile.Profile()
            started = time.perf_counter()
            profiler.enable()
            for _ in range(20):
                browser.get(url)
            profiler.disable()
            ms = (time.perf_counter() - started) / 20 * 1000
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(18)
            print(f"\n--- profile: {role} {label} ({ms:.1f} ms a request in-process) ---")
            print("\n".join(text.getvalue().splitlines()[6:]), flush=True)
    contact = Contact.objects.get(pk=values["c"])
    counts = {
        "contacts": Contact.objects.count(),
        "messages": contact.messages.count(),
        "client_messages_total": _count_messages(),
        "cookie": settings.SESSION_COOKIE_NAME,
    }
    out.write_text(json.dumps({"rows": rows, "sessions": sessions, "counts": counts}))


def _count_messages() -> int:
    from portal.models import Message

    return Message.objects.count()


# --- The timing: HTTP against one daphne -----------------------------------------------


@dataclass
class Timing:
    c1: list[float] = field(default_factory=list)
    c1_wall: float = 0.0
    c10: list[float] = field(default_factory=list)
    c10_wall: float = 0.0
    bad: int = 0
    cpu: float = 0.0  # daphne's CPU seconds per request, over both

    @property
    def rps1(self) -> float:
        return len(self.c1) / self.c1_wall if self.c1_wall else 0.0

    @property
    def rps10(self) -> float:
        return len(self.c10) / self.c10_wall if self.c10_wall else 0.0


def _get(conn: http.client.HTTPConnection, url: str, cookie: str) -> tuple[int, float]:
    started = time.perf_counter()
    conn.request("GET", url, headers={"Cookie": cookie, "Accept-Encoding": "gzip"})
    response = conn.getresponse()
    response.read()
    return response.status, time.perf_counter() - started


def measure(port: int, pid: int, url: str, cookie: str, n1: int, n10: int) -> Timing:
    timing = Timing()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for _ in range(3):  # warm-up
        _get(conn, url, cookie)
    cpu = cpu_seconds(pid)
    started = time.perf_counter()
    for _ in range(n1):
        status, seconds = _get(conn, url, cookie)
        timing.bad += status != 200
        timing.c1.append(seconds)
    timing.c1_wall = time.perf_counter() - started
    conn.close()

    lock = threading.Lock()
    left = [n10]

    def run() -> None:
        own = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                if left[0] <= 0:
                    break
                left[0] -= 1
            status, seconds = _get(own, url, cookie)
            with lock:
                timing.bad += status != 200
                timing.c10.append(seconds)
        own.close()

    threads = [threading.Thread(target=run) for _ in range(CONCURRENCY)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    timing.c10_wall = time.perf_counter() - started
    timing.cpu = (cpu_seconds(pid) - cpu) / (n1 + n10)
    return timing


@dataclass
class Result:
    role: str
    label: str
    url: str
    queries: int
    timing: Timing
    healthz_p50: float
    healthz_cpu: float


@dataclass
class DataSet:
    name: str
    counts: dict
    healthz: list[Timing]
    results: list[Result]
    other_cpu: float  # cores, on average
    wall: float


def run_data_set(name: str, env: dict, folder: Path, args) -> DataSet:
    out = folder / f"{name}.json"
    print(f"[{name}] counting queries in-process ...", flush=True)
    command = [PYTHON, __file__, "--worker", str(out)]
    if args.profile:
        command.append("--profile")
    if args.pages:
        command += ["--pages", args.pages]
    subprocess.run(command, cwd=BASE_DIR, env=env, check=True, timeout=SETUP_TIMEOUT)
    found = json.loads(out.read_text())
    for row in found["rows"]:
        if row["status"] != 200:
            raise SetupError(f"{row['role']} {row['label']} {row['url']}: {row['status']}")

    port = free_port()
    log_path = folder / f"daphne-{name}.log"
    with open(log_path, "wb") as log:
        daphne = subprocess.Popen(
            [PYTHON, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "portal.asgi:application"],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=die_with_parent,
        )
    try:
        wait_for_healthz(port, daphne, log_path)
        print(f"[{name}] daphne (pid {daphne.pid}) on 127.0.0.1:{port}", flush=True)
        cookie_name = found["counts"]["cookie"]
        busy0, own0, daphne0 = machine_busy_seconds(), time.process_time(), cpu_seconds(daphne.pid)
        started = time.monotonic()
        healthz: list[Timing] = []
        results: list[Result] = []
        for role in ("client", "ombud", "coordinator"):
            rows = [row for row in found["rows"] if row["role"] == role]
            if not rows:
                continue
            twice = (args.requests * 2, args.concurrent_requests * 2)
            before = measure(port, daphne.pid, "/healthz", "", *twice)
            timings = []
            for row in rows:
                cookie = f"{cookie_name}={found['sessions'][role]}"
                sizes = (args.requests, args.concurrent_requests)
                timing = measure(port, daphne.pid, row["url"], cookie, *sizes)
                if timing.bad:
                    raise SetupError(f"{row['url']}: {timing.bad} answers were not 200")
                timings.append((row, timing))
            after = measure(port, daphne.pid, "/healthz", "", *twice)
            healthz += [before, after]
            floor = pct(before.c1 + after.c1, 50)
            floor_cpu = (before.cpu + after.cpu) / 2
            for row, timing in timings:
                results.append(
                    Result(role, row["label"], row["url"], row["queries"], timing, floor, floor_cpu)
                )
                print(
                    f"[{name}] {role:<11} {row['label']:<28} p50 {pct(timing.c1, 50):6.1f} ms "
                    f"({pct(timing.c1, 50) / floor:4.1f}x) {timing.rps10:5.0f}/s "
                    f"{row['queries']:3d} q",
                    flush=True,
                )
        wall = time.monotonic() - started
        own = (time.process_time() - own0) + (cpu_seconds(daphne.pid) - daphne0)
        other = max(0.0, machine_busy_seconds() - busy0 - own) / wall
        return DataSet(name, found["counts"], healthz, results, other, wall)
    finally:
        if daphne.poll() is not None:
            print(f"daphne exited early:\n{log_tail(log_path)}", file=sys.stderr)
        stop(daphne)


def prepare(name: str, env: dict, args, *, reuse: bool = False) -> None:
    def manage(*words: str) -> None:
        said = run_manage(env, *words, timeout=SETUP_TIMEOUT).strip()
        if said:
            print(f"[{name}] {said.splitlines()[-1]}", flush=True)

    started = time.monotonic()
    manage("migrate", "--noinput", "-v", "0")
    if reuse:
        print(f"[{name}] reusing {env['SQLITE_PATH']} (migrated)", flush=True)
    elif name == "demo":
        manage("demo")
    else:
        manage(
            "generate_scale",
            "--ombud",
            str(args.ombud),
            "--clients",
            str(args.clients),
            "--messages",
            str(args.messages),
            "--operations",
            str(args.operations),
        )
    print(f"[{name}] data set ready in {time.monotonic() - started:.0f} s", flush=True)


def report(sets: list[DataSet], args) -> None:
    print(f"\nMachine: {machine()}")
    print(
        f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; one daphne process, "
        f"DEBUG off, SQLite file, in-memory channel layer; {args.requests} requests at "
        f"concurrency 1 and {args.concurrent_requests} at concurrency {CONCURRENCY} per URL"
    )
    for s in sets:
        h1 = [t for h in s.healthz for t in h.c1]
        rps10 = sum(h.rps10 for h in s.healthz) / len(s.healthz)
        cpu = sum(h.cpu for h in s.healthz) / len(s.healthz) * 1000
        print(
            f"\n== {s.name}: {s.counts['contacts']} contacts, {s.counts['client_messages_total']} "
            f"messages (the measured client has {s.counts['messages']}); run {s.wall:.0f} s, "
            f"other processes used {s.other_cpu:.2f} cores on average =="
        )
        print(
            f"/healthz: p50 {pct(h1, 50):.1f} ms, p95 {pct(h1, 95):.1f} ms, "
            f"{rps10:.0f} requests/s at concurrency {CONCURRENCY}, "
            f"daphne CPU {cpu:.1f} ms a request"
        )
        print(
            f"{'role':<11} {'page':<28} {'p50':>7} {'p95':>7} {'x hz':>5} {'rps c1':>6} "
            f"{'p50 c10':>7} {'rps c10':>7} {'queries':>7} {'cpu ms':>6} {'cpu x':>5}"
        )
        for r in s.results:
            t = r.timing
            print(
                f"{r.role:<11} {r.label:<28} {pct(t.c1, 50):7.1f} {pct(t.c1, 95):7.1f} "
                f"{pct(t.c1, 50) / r.healthz_p50:5.1f} {t.rps1:6.0f} {pct(t.c10, 50):7.1f} "
                f"{t.rps10:7.0f} {r.queries:7d} {t.cpu * 1000:6.1f} {t.cpu / r.healthz_cpu:5.1f}"
            )
    print("\nTargets:")
    by_set = {s.name: {(r.role, r.label): r for r in s.results} for s in sets}
    for s in sets:
        over = [r for r in s.results if pct(r.timing.c1, 50) / r.healthz_p50 > TARGET_RATIO]
        print(
            f"  {s.name}: p50 <= {TARGET_RATIO:.0f}x /healthz: "
            + (
                "met on every page"
                if not over
                else "NOT met on "
                + ", ".join(
                    f"{r.role} {r.label} ({pct(r.timing.c1, 50) / r.healthz_p50:.1f}x)"
                    for r in over
                )
            )
        )
        plan = by_set[s.name].get(("client", "plan"))
        if plan:
            verdict = "met" if plan.timing.rps10 >= TARGET_PLAN_RPS else "NOT met"
            print(
                f"  {s.name}: client plan >= {TARGET_PLAN_RPS:.0f} requests/s: {verdict} "
                f"({plan.timing.rps1:.0f}/s at concurrency 1, {plan.timing.rps10:.0f}/s at "
                f"{CONCURRENCY})"
            )
    if "demo" in by_set and "scale" in by_set:
        grew = [
            f"{key[0]} {key[1]} ({r.queries} -> {by_set['scale'][key].queries})"
            for key, r in by_set["demo"].items()
            if key in by_set["scale"] and by_set["scale"][key].queries != r.queries
        ]
        print(
            "  the same query count at scale as with the demo data: "
            + ("met on every page" if not grew else "NOT met on " + ", ".join(grew))
        )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ombud", type=int, default=50)
    parser.add_argument("--clients", type=int, default=750)
    parser.add_argument("--messages", type=int, default=500_000)
    parser.add_argument(
        "--operations",
        type=int,
        default=1,
        help="share the scale data set among this many operations (generate_scale)",
    )
    parser.add_argument(
        "--scale-db",
        type=Path,
        help="the scale data set's SQLite file: reused if it exists, else generated there "
        "(default: a temporary file, removed afterwards)",
    )
    parser.add_argument("--requests", type=int, default=20, help="per URL at concurrency 1")
    parser.add_argument(
        "--concurrent-requests", type=int, default=40, help="per URL at concurrency 10"
    )
    parser.add_argument("--only", choices=["demo", "scale"])
    parser.add_argument("--pages", default="", help="comma-separated labels (default: all)")
    parser.add_argument("--profile", action="store_true", help="cProfile the hot pages")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not (1 <= args.requests <= 1000 and 10 <= args.concurrent_requests <= 5000):
        parser.error("--requests 1-1000, --concurrent-requests 10-5000")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        labels = {p.strip() for p in args.pages.split(",") if p.strip()}
        worker(args.worker, args.profile, labels)
        return 0
    folder = Path(tempfile.mkdtemp(prefix="brobyggare-pages-"))
    base = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    base.update(
        {
            "PRIVATE_MEDIA_ROOT": str(folder / "private"),
            "DEBUG": "false",
            "SECRET_KEY": "benchmark-" + secrets.token_urlsafe(50),
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "portal.settings",
        }
    )
    sets = []
    try:
        for name in ("demo", "scale"):
            if args.only and args.only != name:
                continue
            env = dict(base)
            if name == "scale" and args.scale_db:
                env["SQLITE_PATH"] = str(args.scale_db.resolve())
                prepare(name, env, args, reuse=args.scale_db.exists())
            else:
                env["SQLITE_PATH"] = str(folder / f"{name}.sqlite3")
                prepare(name, env, args)
            sets.append(run_data_set(name, env, folder, args))
        report(sets, args)
        return 0
    except (SetupError, subprocess.SubprocessError, OSError) as error:
        print(f"\nBenchmark failed: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
