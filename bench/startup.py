"""Benchmark: how long `hwb` takes to start and finish small jobs (best of 3 runs each).

    python bench/startup.py            # hwb --help, a small hwb compute, hwb demo
    python bench/startup.py --runs 5

The small compute is the bundled demo's own data (hwb/demo/data: 460 data points);
the demo writes into a temporary folder that is removed afterwards.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HWB = Path(sys.executable).with_name("hwb")
DEMO_DATA = Path(__file__).resolve().parents[1] / "hwb" / "demo" / "data"
TARGETS = {"hwb --help": 0.5, "hwb compute (small)": 2.0, "hwb demo": 10.0}


def commands(work: Path) -> dict[str, list[str]]:
    """The command line of each timed job, writing only under `work`."""
    return {
        "hwb --help": [str(HWB), "--help"],
        "hwb compute (small)": [str(HWB), "compute", "--data", str(DEMO_DATA / "data.csv"),
                                "--indicators", str(DEMO_DATA / "indicators.csv"),
                                "--areas", str(DEMO_DATA / "areas.csv"), "--out", str(work / "results.csv")],
        "hwb demo": [str(HWB), "demo", "--out", str(work / "pack"), "--db", str(work / "store")],
    }


def best_of(command: list[str], runs: int) -> float:
    """The shortest wall-clock time of `runs` runs; a failing run stops the benchmark."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hwb-startup-") as work:
        rows = [(name, best_of(command, args.runs)) for name, command in commands(Path(work)).items()]
    print(f"{'command':<22}{'best of ' + str(args.runs):>12}{'target':>10}")
    for name, seconds in rows:
        print(f"{name:<22}{seconds:>11.2f}s{TARGETS[name]:>9.1f}s")


if __name__ == "__main__":
    main()
