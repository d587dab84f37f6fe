"""Benchmark: how long `hwb` takes to start and finish small jobs (best of 3 runs each).

    python bench/startup.py            # hwb --help, a small hwb compute, hwb demo
    python bench/startup.py --runs 5

The small compute is the bundled demo's own data (hwb/demo/data: 460 data points);
the demo writes into a temporary folder that is removed afterwards.
"""

from __future__ import annotations

import argparse
import resource
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


def best_of(command: list[str], runs: int) -> tuple[float, float]:
    """The shortest wall-clock time and the shortest CPU time (user + system) of `runs` runs;
    a failing run stops the benchmark. CPU time shows the cost when the machine is busy."""
    times, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode != 0:
            sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return min(times), min(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hwb-startup-") as work:
        rows = [(name, best_of(command, args.runs)) for name, command in commands(Path(work)).items()]
    print(f"{'command':<22}{'wall, best of ' + str(args.runs):>18}{'CPU':>9}{'target':>9}")
    for name, (wall, cpu) in rows:
        print(f"{name:<22}{wall:>17.2f}s{cpu:>8.2f}s{TARGETS[name]:>8.1f}s")


if __name__ == "__main__":
    main()
