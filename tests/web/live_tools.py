"""Helpers for the live-cycle tests: data files to load into a served store, and the CLI as a user runs it."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

HWB = str(Path(sys.executable).with_name("hwb"))


def hwb(*args, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the hwb command line as a user would."""
    import os

    return subprocess.run([HWB, *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "COLUMNS": "200", **(env or {})})


def write_indicator_files(folder: Path, indicator_id: str, name: str, areas: list[str], periods: range,
                          seed: int = 1) -> tuple[Path, Path]:
    """A SYNTHETIC proportion indicator (labelled test data) as tidy INDICATORS and DATA files."""
    rng = random.Random(seed)
    indicators = folder / f"{indicator_id}-indicators.csv"
    indicators.write_text("indicator_id,name,value_type,multiplier,unit,polarity\n"
                          f"{indicator_id},{name},proportion,100,%,high_is_good\n", "utf-8")
    data = folder / f"{indicator_id}-data.csv"
    with open(data, "w", encoding="utf-8") as out:
        out.write("indicator_id,area_code,period,sex,age,count,denominator\n")
        for area in areas:
            for period in periods:
                denominator = rng.randint(500, 5000)
                out.write(f"{indicator_id},{area},{period},Persons,All ages,{rng.randint(1, denominator)},{denominator}\n")
    return indicators, data
