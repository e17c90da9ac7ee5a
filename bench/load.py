"""Load on a real server: requests/s, p50/p99 and errors for the assistant, search, the ingestion
webhook (and its events/s) and a page.

    .venv/bin/python bench/load.py                        # SQLite and PostgreSQL, 10 s per target
    .venv/bin/python bench/load.py --backend sqlite --seconds 20 --connections 64 --scale 0.3

Each backend gets a fresh database with the demo company, then ``rumbo serve`` starts on one core
while the load generator runs on the other: ``wrk`` (installed with apt-get when missing and
allowed, ``--install-wrk``), else a Python generator with the same number of connections.
Rate limits are switched off for the run. ``search`` asks one question over and over, as a
crowd does during an incident: the public page cache answers it (``X-Rumbo-Cache: hit``).
``search_distinct`` never asks the same question twice (pairs of help-center words), so every
request is embedded, ranked and rendered: the cost of the cache's misses. Search is also run
at a steady ``--search-rate``
(requests/s over the same connections, latency counted from when each request was due), so the
report has its latency under a load the server keeps up with beside the latency at saturation,
which with every connection always busy is the queue: connections ÷ throughput. Before the
first target, ``--warmup`` seconds of page load are sent and not counted. Prints one JSON
object.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urljoin

PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432"
# Answered from the help center (no hand-over), the common case the assistant serves.
QUESTION = "¿Cómo restablezco mi contraseña si la olvidé?"
SEARCH = "env%C3%ADo+devoluci%C3%B3n"
SECRET = "bench-secret-key-0123456789"  # noqa: S105 - a throwaway database's cookie key
# Words a customer types into the help center; every pair is a different search, so
# "search_distinct" never asks the same thing twice in a run and no shared page can answer it.
SEARCH_WORDS = (
    "envío",
    "pedido",
    "devolución",
    "reembolso",
    "tarjeta",
    "pago",
    "factura",
    "contraseña",
    "cuenta",
    "acceso",
    "app",
    "error",
    "entrega",
    "retraso",
    "cancelar",
    "plan",
    "precio",
    "cobro",
    "doble",
    "dirección",
    "cambio",
    "garantía",
    "soporte",
    "horario",
    "tienda",
    "producto",
    "talla",
    "stock",
    "cupón",
    "descuento",
    "suscripción",
    "correo",
    "teléfono",
    "datos",
    "seguridad",
    "privacidad",
    "caída",
    "lento",
    "bloqueo",
    "verificación",
    "transferencia",
    "saldo",
)
# Cheapest first; the server drains what each target left queued before the next one starts.
TARGETS = ("page", "search", "search_distinct", "assistant", "webhook")
# Events per signed webhook delivery (a sender batching its stream).
WEBHOOK_BATCH = 200
WEBHOOK_TEXTS = (
    "No puedo entrar a la app desde esta mañana, me da error 503",
    "El pago con tarjeta falla otra vez, ¿qué pasa?",
    "Excelente atención por el chat, gracias",
    "Mi pedido llegó tarde y la caja venía rota",
    "The app keeps logging me out since the update",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _pin(cpu: int) -> None:
    # Server and load generator on different cores, so neither measures the other's work.
    if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > 1:
        os.sched_setaffinity(0, {cpu})


def _prepare(url: str, scale: float) -> str:
    """Migrate, load the demo company and return an admin API token."""
    from rumbo import storage
    from rumbo.accounts import actions as account_actions
    from rumbo.accounts.schemas import UserCreate
    from rumbo.app import Rumbo
    from rumbo.context import Actor
    from rumbo.demo.loader import load_demo
    from rumbo.settings import Settings

    app = Rumbo(Settings(database_url=url, secret_key=SECRET))
    try:
        storage.upgrade(app.engine)
        load_demo(app, scale=scale)
        from rumbo.knowledge.indexing import fill_missing_vectors

        # Vectors first, so the server's background filler does not compete with the load.
        while True:
            with app.unit_of_work(Actor.system("bench")) as ctx:
                if fill_missing_vectors(ctx.session, limit=64) == 0:
                    break
        with app.unit_of_work(Actor.system("bench")) as ctx:
            user = account_actions.add_user(
                ctx, UserCreate(email="bench@example.com", name="Bench", role="admin")
            )
            _token, secret = account_actions.create_token(ctx, user.id, "bench")
        return secret
    finally:
        app.dispose()


def _database(backend: str, folder: Path) -> tuple[str, Any]:
    if backend == "sqlite":
        return f"sqlite:///{folder / 'bench.db'}", None
    import psycopg

    name = f"rumbo_bench_{os.getpid()}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"{PG_URL}/{name}", drop


def _serve(url: str, port: int, folder: Path) -> subprocess.Popen[bytes]:
    env = dict(
        os.environ,
        RUMBO_DATABASE_URL=url,
        RUMBO_SECRET_KEY=SECRET,
        RUMBO_RATE_LIMIT_ASSISTANT="0",
        RUMBO_RATE_LIMIT_SIGN_IN="0",
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "rumbo", "serve", "--port", str(port)],
        env=env,
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=lambda: _pin(0),
    )
    import httpx

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError("the server did not start")


def _webhook_source(base: str, token: str) -> str:
    """A webhook source on the served Rumbo; its secret (shown once, at creation)."""
    import httpx

    created = httpx.post(
        f"{base}/api/v1/listening/sources",
        headers={"Authorization": f"Bearer {token}"},
        json={"key": "bench-webhook", "kind": "webhook"},
        timeout=30,
    )
    created.raise_for_status()
    return str(created.json()["secret"])


def _webhook_batches(secret: str) -> Any:
    """A maker of signed deliveries of WEBHOOK_BATCH new events each."""
    import datetime as dt
    import itertools

    from rumbo.listening.sources.webhook import sign

    counter = itertools.count()

    def make() -> tuple[dict[str, str], bytes]:
        now = dt.datetime.now(dt.UTC).isoformat()
        first = next(counter) * WEBHOOK_BATCH
        events = [
            {
                "id": f"bench-{first + i}",
                "text": WEBHOOK_TEXTS[(first + i) % len(WEBHOOK_TEXTS)],
                "created_at": now,
                "author": f"usuario{(first + i) % 997}",
            }
            for i in range(WEBHOOK_BATCH)
        ]
        body = json.dumps({"events": events}).encode()
        stamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            "X-Rumbo-Source": "bench-webhook",
            "X-Rumbo-Timestamp": stamp,
            "X-Rumbo-Signature": sign(secret, stamp, body),
        }
        return headers, body

    return make


def _requests(base: str, token: str) -> dict[str, dict[str, Any]]:
    auth = {"Authorization": f"Bearer {token}"}
    return {
        "webhook": {
            "method": "POST",
            "url": f"{base}/api/v1/ingest/mentions",
            "make": _webhook_batches(_webhook_source(base, token)),
            "events_per_request": WEBHOOK_BATCH,
        },
        "assistant": {
            "method": "POST",
            "url": f"{base}/api/v1/assistant/ask",
            "headers": {**auth, "Content-Type": "application/json"},
            "body": json.dumps({"question": QUESTION}),
        },
        "search": {
            "method": "GET",
            "url": f"{base}/help/search?q={SEARCH}&lang=es",
        },
        "search_distinct": {
            "method": "GET",
            "url": f"{base}/help/search?q=env%C3%ADo&lang=es",
            "paths": [
                "/help/search?" + urlencode({"q": f"{a} {b}", "lang": "es"})
                for a in SEARCH_WORDS
                for b in SEARCH_WORDS
                if a != b
            ],
        },
        "page": {"method": "GET", "url": f"{base}/help"},
    }


def _wrk(request: dict[str, Any], seconds: int, connections: int, folder: Path) -> dict[str, Any]:
    script = folder / "request.lua"
    headers = "".join(
        f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}\n"
        for k, v in request.get("headers", {}).items()
    )
    body = f"wrk.body = {json.dumps(request['body'])}\n" if request.get("body") else ""
    paths = ""
    if request.get("paths"):  # each request the next address of the list
        listed = ", ".join(json.dumps(p) for p in request["paths"])
        paths = (
            f"local paths = {{{listed}}}\nlocal sent = 0\n"
            "request = function()\n  sent = sent + 1\n"
            "  return wrk.format(nil, paths[(sent - 1) % #paths + 1])\nend\n"
        )
    script.write_text(
        f'wrk.method = "{request["method"]}"\n{headers}{body}{paths}', encoding="utf-8"
    )
    done = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            str(script),
            request["url"],
        ],
        capture_output=True,
        text=True,
        check=True,
        preexec_fn=lambda: _pin(1),
    )
    return _parse_wrk(done.stdout)


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _parse_wrk(output: str) -> dict[str, Any]:
    def percentile(label: str) -> float | None:
        found = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        return round(_ms(found[1], found[2]), 2) if found else None

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = int(non_2xx[1]) if non_2xx else 0
    errors += sum(int(n) for n in sockets.groups()) if sockets else 0
    return {
        "requests": int(total[1]) if total else 0,
        "rps": float(rps[1]) if rps else 0.0,
        "p50_ms": percentile("50"),
        "p99_ms": percentile("99"),
        "errors": errors,
        "tool": "wrk",
    }


async def _python_load(
    request: dict[str, Any], seconds: int, connections: int, rate: float | None = None
) -> dict[str, Any]:
    """Each connection sends its next request as soon as the last one is answered (saturation),
    or, with ``rate``, at fixed times (``rate`` requests/s over all connections): then latency
    counts from the time a request was due, so a server falling behind is not hidden."""
    import httpx

    latencies: list[float] = []
    errors = 0
    paths = request.get("paths") or [request["url"]]
    addresses = itertools.cycle([urljoin(request["url"], p) for p in paths])
    kinds: dict[str, int] = {}  # what the errors were: a status code or an exception name
    began = time.monotonic()
    stop_at = began + seconds
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(limits=limits, timeout=10) as client:

        async def one_connection(number: int) -> None:
            nonlocal errors
            sent = 0
            while time.monotonic() < stop_at:
                if rate is None:
                    started = time.perf_counter()
                else:
                    due = began + (number + sent * connections) / rate
                    sent += 1
                    if due >= stop_at:
                        break
                    await asyncio.sleep(max(0.0, due - time.monotonic()))
                    # Counted from when it was due: a request sent late waited for the server.
                    started = time.perf_counter() - max(0.0, time.monotonic() - due)
                headers, body = request.get("headers"), request.get("body")
                if "make" in request:  # a fresh body per request (new ids, a new signature)
                    headers, body = request["make"]()
                try:
                    response = await client.request(
                        request["method"], next(addresses), headers=headers, content=body
                    )
                    ok = response.status_code < 400
                    kind = None if ok else str(response.status_code)
                except httpx.HTTPError as exc:
                    ok, kind = False, type(exc).__name__
                if kind is not None:
                    kinds[kind] = kinds.get(kind, 0) + 1
                latencies.append((time.perf_counter() - started) * 1000)
                errors += 0 if ok else 1

        await asyncio.gather(*(one_connection(n) for n in range(connections)))
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        **({} if rate is None else {"rate": rate}),
        "requests": len(latencies),
        "rps": round(len(latencies) / seconds, 1),
        "p50_ms": round(cuts[49], 2),
        "p99_ms": round(cuts[98], 2),
        "errors": errors,
        "error_kinds": kinds,
        "tool": "python-httpx",
    }


def _wait_until_idle(base: str, timeout: float = 180.0) -> None:
    """Wait until requests abandoned by the last run are served (health answers fast again)."""
    import httpx

    deadline = time.monotonic() + timeout
    fast = 0
    while fast < 3 and time.monotonic() < deadline:
        started = time.perf_counter()
        httpx.get(f"{base}/api/v1/health", timeout=timeout)
        fast = fast + 1 if time.perf_counter() - started < 0.2 else 0
        time.sleep(0.2)


def _have_wrk(install: bool) -> bool:
    if shutil.which("wrk"):
        return True
    if install:
        subprocess.run(["apt-get", "install", "-y", "wrk"], capture_output=True, check=False)
    return shutil.which("wrk") is not None


def bench_backend(backend: str, args: argparse.Namespace, use_wrk: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="rumbo-load-") as tmp:
        folder = Path(tmp)
        url, drop = _database(backend, folder)
        try:
            started = time.perf_counter()
            token = _prepare(url, args.scale)
            prepared = round(time.perf_counter() - started, 1)
            port = _free_port()
            server = _serve(url, port, folder)
            try:
                requests = _requests(f"http://127.0.0.1:{port}", token)
                import httpx

                for request in requests.values():  # warm caches and models once
                    headers, body = request.get("headers"), request.get("body")
                    if "make" in request:
                        headers, body = request["make"]()
                    httpx.request(
                        request["method"], request["url"], headers=headers, content=body, timeout=60
                    ).raise_for_status()
                results: dict[str, Any] = {"prepare_seconds": prepared}
                if args.warmup:
                    # Discarded: the work a fresh server does in its first seconds (loading,
                    # its first scheduled jobs) is not the steady state the targets measure.
                    _pin(1)
                    asyncio.run(_python_load(requests["page"], args.warmup, args.connections))
                for target in sorted(args.targets, key=TARGETS.index):
                    _wait_until_idle(f"http://127.0.0.1:{port}")
                    if use_wrk and "make" not in requests[target]:
                        results[target] = _wrk(
                            requests[target], args.seconds, args.connections, folder
                        )
                    else:
                        _pin(1)
                        results[target] = asyncio.run(
                            _python_load(requests[target], args.seconds, args.connections)
                        )
                    if target == "search" and args.search_rate:
                        # The same search at a steady rate the server can keep up with: latency
                        # under load, beside the latency at saturation above.
                        _wait_until_idle(f"http://127.0.0.1:{port}")
                        _pin(1)
                        results["search_at_rate"] = asyncio.run(
                            _python_load(
                                requests[target], args.seconds, args.connections, args.search_rate
                            )
                        )
                    per_request = requests[target].get("events_per_request")
                    if per_request:
                        ok = results[target]["requests"] - results[target]["errors"]
                        results[target]["events_per_s"] = round(ok * per_request / args.seconds)
                return results
            finally:
                server.terminate()
                try:
                    server.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()
        finally:
            if drop is not None:
                drop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--seconds", type=int, default=10, help="Load time per target.")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--scale", type=float, default=0.2, help="Demo company size.")
    parser.add_argument("--targets", nargs="+", choices=TARGETS, default=list(TARGETS))
    parser.add_argument(
        "--install-wrk", action="store_true", help="apt-get install wrk if missing."
    )
    parser.add_argument("--python-load", action="store_true", help="Use the Python generator.")
    parser.add_argument(
        "--warmup",
        type=int,
        default=5,
        help="Seconds of page load sent and discarded before the first target (0: none).",
    )
    parser.add_argument(
        "--search-rate",
        type=float,
        default=100.0,
        help="Also run search at this many requests/s over the same connections (0: skip).",
    )
    args = parser.parse_args()
    use_wrk = not args.python_load and _have_wrk(args.install_wrk)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    report: dict[str, Any] = {
        "connections": args.connections,
        "seconds_per_target": args.seconds,
        "scale": args.scale,
        "cores": os.cpu_count(),
        "generator": "wrk" if use_wrk else "python-httpx",
    }
    for backend in backends:
        report[backend] = bench_backend(backend, args, use_wrk)
    sys.stdout.write(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
