"""A seeded, bounded mutator for the reader fuzz tests, and the check every case must pass.

HWB_FUZZ_CASES sets the cases per reader (default 300, as CI runs); HWB_FUZZ_SEED the
seed (default 13). A failure names the case number and seed, so it can be replayed.
"""

from __future__ import annotations

import os
import random

from hwb.errors import InputError, LocatedError

CASES = int(os.environ.get("HWB_FUZZ_CASES", "300"))
SEED = int(os.environ.get("HWB_FUZZ_SEED", "13"))

# Cells an attacker or a careless export puts where a number, a code or a name belongs.
HOSTILE_CELLS = [
    "", " ", "4,5", "1,234", "4,500", "1.234,5", "1 234", "٤٥", "４５", "1_000", "nan", "NaN", "inf", "-inf",
    "Infinity", "1e999", "-1e308", "1e308", "9" * 4400, "0x10", "−5", "45%", "%", ",", ".", "-", "+", "e5",
    "\x00", "\x01", "\x7f", "\u202e", "\ufeff", "😀", "=1+1", "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3",
    "\t=1", '"', '""', "'", ";", "x" * 300, "<script>alert(1)</script>", "2024", "2021 - 23", "-1", "0",
    "99.8", "proportion", "high_is_good", "E92000001", "True", "None", "null",
]


def rng_for(case: int) -> random.Random:
    return random.Random(SEED * 1_000_003 + case)


def mutate_csv(text: str, rng: random.Random) -> str:
    """One to three edits to CSV text: hostile cells, lost/duplicated/cut rows, other separators."""
    lines = text.splitlines()
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(10)
        i = rng.randrange(len(lines)) if lines else 0
        if op <= 3 and lines:  # a hostile cell (quoted when it must be)
            cells = lines[i].split(",")
            cell = rng.choice(HOSTILE_CELLS)
            if any(ch in cell for ch in ',"\n\r'):
                cell = '"' + cell.replace('"', '""') + '"'
            cells[rng.randrange(len(cells))] = cell
            lines[i] = ",".join(cells)
        elif op == 4 and lines:
            del lines[i]
        elif op == 5 and lines:
            lines.insert(i, lines[i])
        elif op == 6 and lines:
            lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
        elif op == 7:
            lines = [line.replace(",", rng.choice([";", "\t", "|"])) for line in lines]
        elif op == 8 and lines:
            lines[i] += "," + rng.choice(HOSTILE_CELLS[:20])
        else:
            lines.insert(i, rng.choice(["", ",,,", "\ufeff", "\x00", '"unclosed']))
    return "\n".join(lines) + rng.choice(["\n", "", "\r\n"])


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    """Flipped, inserted, zeroed or cut bytes: what a damaged download or disk gives."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(4)
        i = rng.randrange(len(out)) if out else 0
        if op == 0 and out:
            out[i] ^= 1 << rng.randrange(8)
        elif op == 1:
            out[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif op == 2 and out:
            out[i:i + rng.randint(1, 64)] = bytes(min(64, len(out) - i))
        else:
            del out[rng.randrange(len(out) + 1):]
    return bytes(out)


def mutate_yaml(text: str, rng: random.Random) -> str:
    """One to three edits to YAML text: hostile scalars, indentation, anchors, tags, nesting."""
    lines = text.splitlines()
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(lines)) if lines else 0
        line = lines[i] if lines else ""
        op = rng.randrange(9)
        if op <= 2 and ":" in line:
            key = line.split(":", 1)[0]
            lines[i] = f"{key}: {rng.choice(YAML_VALUES)}"
        elif op == 3:
            lines[i:i] = [" " * rng.randrange(8) + line.lstrip()] if lines else []
        elif op == 4 and lines:
            del lines[i]
        elif op == 5 and lines:
            lines[i] = "\t" + line if rng.random() < 0.5 else line[: rng.randrange(len(line) + 1)]
        elif op == 6 and ":" in line:
            lines[i] = line.replace(":", ": &x", 1) if rng.random() < 0.5 else line.split(":", 1)[0] + ": *x"
        elif op == 7:
            lines.insert(i, rng.choice(YAML_LINES))
        else:
            lines[i] = line + rng.choice(["", " #", " ]", " {", "'", '"', "\x01", "\u2028", "\x85"])
    return "\n".join(lines) + "\n"


YAML_VALUES = [
    "", "~", "null", "true", "no", "1", "-1", "9" * 4400, "1e999", ".nan", "2026-02-30", "2026-06-15",
    "99999999999-01-01", "[]", "{}", "[a, b]", "{a: 1}", '"\\x01"', '"\\u0000"', "!!binary aGk=", "!!set {a}",
    "!!python/object/apply:os.system [id]", "!!int x", "!!float y", "*undefined", "&a [*a]",
    "x" * 300, "'=HYPERLINK(\"http://x\")'", "@x", "`x", "%x", "[" * 200 + "]" * 200, "{" * 100,
    "? [a]\n: b", "|\n  block", ">-\n  folded", "'unclosed", '"unclosed',
]
YAML_LINES = [
    "---", "...", "%YAML 1.1", "%TAG ! tag:x,2000:", "a: &a [x, x, x, x, x, x, x, x, x]",
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]", "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]", "<<: *a",
    "<<: {id: z}", "id: dup", "- item", "? complex", "? [a]\n: b", "extra_field: 1", "schema_version: 2",
]


def check(read) -> str:
    """Call `read`: it must return, or raise InputError whose every error is located. Never anything else."""
    try:
        read()
    except InputError as error:
        assert error.errors, "an InputError with no errors"
        for located in error.errors:
            assert isinstance(located, LocatedError) and located.file and located.message, located
        return "rejected"
    return "accepted"
