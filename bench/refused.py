"""Do refused writes slow the readers? 45 readers alone, then 45 readers and 5 clients sending refused POSTs.

Serves the demo store (with the web tests' SYNTHETIC peer areas, unless --db is
given) with `hwb serve` on 127.0.0.1, runs both phases against the same server
and prints the readers' requests/s and p50 in each and their ratio (issue 13).
The POSTs go to /healthz (405) and to a write route without a session (401);
past the per-client write limit they get 429. Loopback only, bounded in time.

    .venv/bin/python bench/refused.py [--db STORE] [--seconds 20] [--workers 1]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from web import client, demo_store, free_port, percentile, wait_until_up  # noqa: E402

READERS, POSTERS = 45, 5
REFUSED = ["/healthz", "/strategy/sections/healthy-placemaking/updates"]


async def poster(base: str, deadline: float, statuses: Counter) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        i = 0
        while time.monotonic() < deadline:
            try:
                statuses[(await http.post(REFUSED[i % len(REFUSED)], data={"progress": "x"})).status_code] += 1
            except httpx.HTTPError as exc:
                statuses[type(exc).__name__] += 1
            i += 1


def phase(base: str, seconds: float, posters: int) -> tuple[float, float, list[str], Counter]:
    """Readers' requests/s and p50 (ms), their errors, and the posters' status counts."""
    latencies: list[float] = []
    errors: list[str] = []
    statuses: Counter = Counter()
    budget = [10**9]
    deadline = time.monotonic() + seconds

    async def run():
        await asyncio.gather(*(client(base, deadline, budget, latencies, errors, n) for n in range(READERS)),
                             *(poster(base, deadline, statuses) for _ in range(posters)))

    started = time.monotonic()
    asyncio.run(run())
    return len(latencies) / (time.monotonic() - started), percentile(latencies, 50) * 1000, errors, statuses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="store folder to serve (copied first); default: build the demo store")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        shutil.copytree(args.db, store) if args.db else demo_store(store)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([str(Path(sys.executable).with_name("hwb")), "serve", "--db", str(store), "--host",
                                   "127.0.0.1", "--port", str(port), "--workers", str(args.workers)])
        try:
            wait_until_up(base)
            phase(base, 3, 0)  # warm the page cache
            alone = phase(base, args.seconds, 0)
            attacked = phase(base, args.seconds, POSTERS)
        finally:
            server.terminate()
            server.wait(timeout=30)
    for name, (rate, p50, errors, statuses) in (("readers alone", alone), ("with refused POSTs", attacked)):
        print(f"{name}: {READERS} readers {rate:.0f} requests/s, p50 {p50:.0f} ms, {len(errors)} errors"
              + (f"; {POSTERS} posters sent {sum(statuses.values())} POSTs {dict(statuses)}" if statuses else ""))
    print(f"ratio (with / without refused POSTs): {attacked[0] / alone[0]:.2f}")


if __name__ == "__main__":
    main()
