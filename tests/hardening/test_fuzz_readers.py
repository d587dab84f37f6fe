"""Fuzz every hardened reader: no traceback, a located error for every rejection, the store unchanged.

Each test runs HWB_FUZZ_CASES seeded cases (300 by default); see hardening_fuzz.py.
"""

from __future__ import annotations

import datetime
import textwrap

import openpyxl
import pytest
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from hardening_fuzz import CASES, HOSTILE_CELLS, SEED, check, mutate_bytes, mutate_csv, mutate_yaml, rng_for

from hwb.ingest.load import read_tidy, store_batches
from hwb.store import connect
from hwb.strategy.demo import DEMO_STRATEGY
from hwb.strategy.loader import parse_strategy

pytestmark = pytest.mark.filterwarnings("ignore::hwb.errors.InputWarning")

FILES = {
    "indicators": """\
        indicator_id,name,value_type,multiplier,polarity,comparison_confidence,goal_lower,goal_upper,unit
        cov,Screening coverage,proportion,100,high_is_good,95,70,80,%
        tb,TB incidence,crude_rate,100000,low_is_good,,,,per 100000
        """,
    "areas": """\
        area_code,area_name,area_type,parent_code
        E92000001,England,England,
        E12000004,East Midlands,Region,E92000001
        E10000018,Leicestershire,County & UA,E12000004
        E10000019,Lincolnshire,County & UA,E12000004
        """,
    "neighbours": """\
        area_code,neighbour_code,group_name
        E10000018,E10000019,CIPFA nearest neighbours
        """,
    "data": """\
        indicator_id,area_code,period,sex,age,count,denominator,value,lower_95,upper_95,period_sort,value_note
        cov,E10000018,2024,Female,53-70 yrs,64322,88112,,,,,
        cov,E10000019,2024,Female,53-70 yrs,50000,72000,,,,,
        cov,E92000001,2024,Female,53-70 yrs,4000000,5580000,,,,,
        tb,E10000018,2022 - 24,Persons,All ages,103,2191489,,,,2022,
        tb,E10000019,2022 - 24,Persons,All ages,,,4.7,3.1,6.8,,
        tb,E92000001,2022 - 24,Persons,All ages,,,,,,,suppressed
        """,
}
TABLES = ["indicators", "areas", "neighbours", "data_points", "published_figures", "results", "imports"]


def _texts() -> dict[str, str]:
    return {name: textwrap.dedent(text) for name, text in FILES.items()}


def _snapshot(store) -> dict:
    return {t: store.df(f"SELECT * FROM {t} ORDER BY ALL") for t in TABLES}


def _unchanged(before: dict, after: dict) -> bool:
    return all(before[t].equals(after[t]) for t in TABLES)


def _import(store, paths: dict):
    return lambda: store_batches(store, read_tidy(store, **paths))


def _needed(target: str) -> list[str]:
    """The files one import of `target` reads: data is checked against the indicators."""
    return ["indicators", "data"] if target == "data" else [target]


def _xlsx(path, text: str) -> None:
    book = openpyxl.Workbook()
    for line in text.splitlines():
        book.active.append([_typed(cell) for cell in line.split(",")])
    book.save(path)


def _typed(cell: str):
    """Numbers as Excel numbers, the rest as text, as a person's workbook holds them."""
    try:
        return float(cell) if cell.strip() else None
    except ValueError:
        return cell


def _fuzz_imports(tmp_path, make_case) -> dict[str, int]:
    """Run CASES imports built by `make_case(case, rng, paths)` against one in-memory store."""
    store = connect(":memory:")
    outcomes = {"accepted": 0, "rejected": 0}
    try:
        before = _snapshot(store)
        for case in range(CASES):
            paths = make_case(case, rng_for(case), tmp_path / f"case{case}")
            try:
                outcome = check(_import(store, paths))
            except AssertionError:
                raise
            except Exception as exc:  # noqa: BLE001 - the point of the test: name the case that escaped
                pytest.fail(f"case {case} (seed {SEED}) ended in a traceback: {type(exc).__name__}: {exc}")
            after = _snapshot(store)
            if outcome == "rejected":
                assert _unchanged(before, after), f"case {case} (seed {SEED}): rejected but the store changed"
            before = after
            outcomes[outcome] += 1
    finally:
        store.close()
    return outcomes


def test_fuzzed_tidy_csv_files_never_end_in_a_traceback(tmp_path):
    def make_case(case, rng, folder):
        folder.mkdir()
        texts = _texts()
        target = rng.choice(list(texts))
        texts[target] = mutate_csv(texts[target], rng)
        paths = {}
        for name in _needed(target):
            text = texts[name]
            path = folder / f"{name}.csv"
            data = text.encode("utf-8")
            path.write_bytes(mutate_bytes(data, rng) if name == target and rng.random() < 0.15 else data)
            paths[name] = path
        return paths

    outcomes = _fuzz_imports(tmp_path, make_case)
    assert outcomes["rejected"] > CASES // 3 and outcomes["accepted"] > 0, outcomes


def test_fuzzed_tidy_xlsx_files_never_end_in_a_traceback(tmp_path):
    workbooks = {}
    for name, text in _texts().items():
        _xlsx(tmp_path / f"{name}.xlsx", text)
        workbooks[name] = (tmp_path / f"{name}.xlsx").read_bytes()

    def make_case(case, rng, folder):
        folder.mkdir()
        target = rng.choice(list(workbooks))
        paths = {}
        for name in _needed(target):
            paths[name] = folder / f"{name}.xlsx"
            paths[name].write_bytes(workbooks[name])
        path = paths[target]
        if case % 2:  # damaged bytes: a bad zip, a bad deflate stream or bad XML
            path.write_bytes(mutate_bytes(path.read_bytes(), rng))
        else:  # hostile cells, as numbers, dates, booleans or text
            book = openpyxl.load_workbook(path)
            sheet = book.active
            for _ in range(rng.randint(1, 3)):
                value = rng.choice(HOSTILE_CELLS + [-1.5, 1e308, 10**30, True, 0.1, datetime.datetime(2024, 4, 1)])
                if isinstance(value, str):  # characters XML cannot hold never reach a real workbook
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)
                sheet.cell(rng.randint(1, sheet.max_row + 1), rng.randint(1, sheet.max_column + 1)).value = value
            book.save(path)
        return paths

    outcomes = _fuzz_imports(tmp_path, make_case)
    assert outcomes["rejected"] > CASES // 3 and outcomes["accepted"] > 0, outcomes


MINIMAL_STRATEGY = """\
schema_version: 1
id: s
title: A strategy
area_code: E10000018
area_name: Leicestershire
priorities:
  - id: shsw
    name: Staying Healthy, Safe and Well
    priority_areas:
      - id: foundations
        name: Building strong foundations
        commitments:
          - id: homes
            name: Healthy homes
progress:
  - target: homes
    date: 2026-06-15
    progress: Done.
"""


def test_fuzzed_strategy_yaml_never_ends_in_a_traceback():
    demo = DEMO_STRATEGY.read_text("utf-8")
    outcomes = {"accepted": 0, "rejected": 0}
    for case in range(CASES):
        rng = rng_for(case)
        text = mutate_yaml(demo if case % 5 == 0 else MINIMAL_STRATEGY, rng)
        try:
            outcomes[check(lambda: parse_strategy(text, "strategy.yaml"))] += 1
        except AssertionError:
            raise
        except Exception as exc:  # noqa: BLE001
            pytest.fail(f"case {case} (seed {SEED}) ended in a traceback: {type(exc).__name__}: {exc}")
    assert outcomes["rejected"] > CASES // 3 and outcomes["accepted"] > 0, outcomes
