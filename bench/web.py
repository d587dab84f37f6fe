"""Latency of the web dashboard under load, on loopback only.

Starts `hwb serve --workers N` on 127.0.0.1 and a free port over a store folder
(the demo store built by the web tests' fixture, with its SYNTHETIC peer areas,
unless --db is given), then drives 50 concurrent httpx clients for 30 s over the
main pages and prints requests/s, p50/p95/p99 latency and the error count, once
for each worker count asked for (default 1 and 2, so the ratio comes from one run).
Bounded in time and in requests (--max-requests); never leaves the machine.

    .venv/bin/python bench/web.py [--db STORE] [--workers 1,2] [--clients 50] [--seconds 30]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["/", "/areas", "/areas/E10000018", "/indicators", "/indicators/hpv-vaccination-one-dose-12-13-female",
         "/indicators/hpv-vaccination-one-dose-12-13-female/compare.csv", "/strategy",
         "/strategy/sections/healthy-placemaking", "/bcf", "/healthz"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def demo_store(root: Path) -> Path:
    sys.path.insert(0, str(ROOT / "tests" / "web"))
    from conftest import build_store  # the web tests' demo store (with synthetic peer areas)

    build_store(root).close()
    return root


async def client(base: str, deadline: float, budget: list[int], latencies: list[float], errors: list[str], offset: int):
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        i = offset
        while time.monotonic() < deadline and budget[0] > 0:
            budget[0] -= 1
            path = PAGES[i % len(PAGES)]
            i += 1
            start = time.perf_counter()
            try:
                response = await http.get(path)
                if response.status_code != 200:
                    errors.append(f"{response.status_code} {path}")
            except httpx.HTTPError as exc:
                errors.append(f"{type(exc).__name__} {path}")
            latencies.append(time.perf_counter() - start)


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1] if len(values) > 1 else values[0]


def wait_until_up(base: str) -> None:
    for _ in range(300):
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit("hwb serve did not start")


def measure(store: Path, workers: int, args) -> dict:
    """Serve `store` with `workers` processes and drive the clients at it."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    hwb = Path(sys.executable).with_name("hwb")
    server = subprocess.Popen([str(hwb), "serve", "--db", str(store), "--host", "127.0.0.1", "--port", str(port),
                               "--workers", str(workers)])
    try:
        wait_until_up(base)
        latencies: list[float] = []
        errors: list[str] = []
        budget = [args.max_requests]
        deadline = time.monotonic() + args.seconds

        async def run():
            await asyncio.gather(*(client(base, deadline, budget, latencies, errors, n)
                                   for n in range(args.clients)))

        started = time.monotonic()
        asyncio.run(run())
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"ms": [x * 1000 for x in latencies], "errors": errors, "elapsed": elapsed}


def report(workers: int, run: dict, clients: int) -> float:
    ms, elapsed, errors = run["ms"], run["elapsed"], run["errors"]
    rate = len(ms) / elapsed
    print(f"--workers {workers}: {len(ms)} requests from {clients} clients in {elapsed:.1f} s ({rate:.0f}/s), "
          f"{len(PAGES)} pages in rotation")
    print(f"  latency p50 {percentile(ms, 50):.0f} ms  p95 {percentile(ms, 95):.0f} ms  "
          f"p99 {percentile(ms, 99):.0f} ms  max {max(ms):.0f} ms")
    print(f"  errors {len(errors)}" + (f" (first: {errors[:5]})" if errors else ""))
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="store folder to serve (copied first); default: build the demo store")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts to measure in turn")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--max-requests", type=int, default=200_000)
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]

    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        if args.db:
            shutil.copytree(args.db, store)
        else:
            demo_store(store)
        rates = {n: report(n, measure(store, n, args), args.clients) for n in counts}
    first = counts[0]
    for n in counts[1:]:
        print(f"throughput --workers {n} / --workers {first}: {rates[n] / rates[first]:.2f}x "
              f"(on {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
