"""Benchmark: how long `hwb` takes to start and finish small jobs (best of 3 runs each).

    python bench/startup.py            # hwb --help, a small hwb compute, hwb demo
    python bench/startup.py --runs 5
    python bench/startup.py --only compute --only demo

The small compute is the bundled demo's own data (hwb/demo/data: 460 data points);
the demo writes into a temporary folder that is removed afterwards. Each row gives the best
wall time, the best CPU time (user + system, the command and the processes it starts) and
the best wall time as a multiple of the target (1.00 or less meets it); the load average
before and after says how busy the machine was.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HWB = Path(sys.executable).with_name("hwb")
DEMO_DATA = Path(__file__).resolve().parents[1] / "hwb" / "demo" / "data"
TARGETS = {"hwb --help": 0.5, "hwb compute (small)": 2.0, "hwb demo": 10.0}
SHORT = {"help": "hwb --help", "compute": "hwb compute (small)", "demo": "hwb demo"}


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
    parser.add_argument("--only", action="append", choices=list(SHORT),
                        help="time only this command (repeatable)")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="hwb-startup-") as work:
        rows = [(name, best_of(command, args.runs)) for name, command in commands(Path(work)).items()
                if not args.only or name in {SHORT[o] for o in args.only}]
    print(f"{'command':<22}{'wall, best of ' + str(args.runs):>18}{'CPU':>9}{'target':>9}{'x target':>10}")
    for name, (wall, cpu) in rows:
        target = TARGETS[name]
        print(f"{name:<22}{wall:>17.2f}s{cpu:>8.2f}s{target:>8.1f}s{wall / target:>10.2f}")
    print(f"load average (1 min) {load_before:.1f} before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
