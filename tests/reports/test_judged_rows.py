"""In the demo pack every judged row says its judgement in a shape and in words, and the local
programme figures stand beside the strategy section they evidence."""

from __future__ import annotations

import csv
import re

import openpyxl
import pytest

from hwb.demo.load import data_dir
from hwb.reports.progress import commitment_title, success_measure_indicators
from hwb.strategy.demo import DEMO_STRATEGY
from hwb.strategy.loader import load_strategy_file

from output_text import output_text

# The shape each word carries (palette: comparisons and goals).
SHAPES = {"Better": "◆", "Similar": "●", "Worse": "■", "Not compared": "✚", "Higher": "↑", "Lower": "↓",
          "Meets": "✔", "Between": "◐", "Below": "✖", "Above": "✖"}
JUDGED_COLUMNS = ("Compared with England", "Against goal", "Benchmark")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _judgements(path) -> list[tuple[str, str, object]]:
    """(sheet, column, cell) for every judgement cell of a workbook: the judged columns of each
    table, and each 'against the target' row of the coverage tables."""
    found = []
    for sheet in openpyxl.load_workbook(path):
        header = None
        for row in sheet.iter_rows():
            first = row[0].value
            if header is None and first in ("Section", "Measure", "Period", "Indicator", "Location"):
                header = [c.value for c in row]
                continue
            if header is None or first is None:
                continue
            if isinstance(first, str) and first.endswith("against the target"):
                found += [(sheet.title, header[c.column - 1], c) for c in row[1:] if c.value is not None]
                continue
            for cell in row:
                if cell.column <= len(header) and header[cell.column - 1] in JUDGED_COLUMNS and row[1].value:
                    found.append((sheet.title, header[cell.column - 1], cell))
    return found


@pytest.mark.parametrize("name", ["staying-healthy", "health-protection"])
def test_every_judgement_has_a_shape_words_and_a_fill(demo_papers, name):
    cells = _judgements(demo_papers[f"{name}.xlsx"])
    assert len(cells) > 20
    for sheet, column, cell in cells:
        text = str(cell.value)
        if text == "No goal" or re.fullmatch(r"Goal \S+: no value to judge", text):
            continue
        shape, _, words = text.partition(" ")
        word = next((w for w in SHAPES if words.startswith(w)), None)
        assert word and SHAPES[word] == shape, f"{sheet}, {column}: {text!r} lacks a shape that fits its words"
        if word == "Not compared":
            assert re.match(r"Not compared: \w", words), f"{sheet}: {text!r} does not say why"
        assert cell.fill.fgColor.rgb not in (None, "00000000"), f"{sheet}, {column}: {text!r} has no fill"


def test_mmr2_is_below_its_goal_in_the_workbook(demo_papers):
    sheet = openpyxl.load_workbook(demo_papers["health-protection.xlsx"])["Coverage at 5 years"]
    rows = [[c for c in r] for r in sheet.iter_rows()]
    header = next(r for r in rows if r[0].value == "Location")
    column = next(c.column - 1 for c in header if c.value == "MMR2 (5 years)")
    leics = next(r for r in rows if r[0].value == "Leicestershire")
    judged = next(r for r in rows if r[0].value == "Leicestershire against the target")
    assert leics[column].value == pytest.approx(91.0)
    assert judged[column].value == "✖ Below the 95% goal"


def _kpi_values() -> dict[str, str]:
    """The value each local programme figure should print as, from the demo data files."""
    with open(data_dir() / "local_kpis.csv", encoding="utf-8") as f:
        values = {r["indicator_id"]: f"{int(float(r['value'])):,}" for r in csv.DictReader(f)}
    with open(data_dir() / "data.csv", encoding="utf-8") as f:
        values.update({r["indicator_id"]: f"{float(r['value']):.1f}%" for r in csv.DictReader(f)
                       if r["indicator_id"].endswith("-local")})
    return values


def _kpi_meta() -> dict[str, dict]:
    with open(data_dir() / "local_kpi_indicators.csv", encoding="utf-8") as f:
        return {r["indicator_id"]: r for r in csv.DictReader(f)}


def _sections():
    """(heading, next heading, local figures) for each commitment and workstream of the
    Staying Healthy priority, in the order the paper prints them."""
    strategy = load_strategy_file(DEMO_STRATEGY)
    priority = next(p for p in strategy.priorities if p.name == "Staying Healthy, Safe and Well")
    kpis = success_measure_indicators(strategy, priority)
    targets = [(c.id, commitment_title(c)) for a in priority.priority_areas for c in a.commitments]
    targets += [(w.id, w.name) for x in strategy.cross_cutting for w in x.workstreams]
    return [(title, targets[i + 1][1] if i + 1 < len(targets) else None, kpis.get(ident, []))
            for i, (ident, title) in enumerate(targets)]


def test_every_local_programme_figure_is_a_success_measure_of_the_strategy():
    sections = _sections()
    measured = {i for _, _, ids in sections for i in ids}
    assert set(_kpi_values()) <= measured
    where = {i: title for title, _, ids in sections for i in ids}
    assert where["workwell-participants-started"] == "D3 Healthy workplaces and local economy"
    assert where["warm-homes-hug2-measures"] == where["hero-home-visits"] == "Healthy homes"
    assert where["ld-annual-health-checks-14-plus-local"] == "Learning Disability Health Checks"


@pytest.mark.parametrize("ext", ["pdf", "docx", "html"])
def test_local_programme_figures_sit_beside_the_section_they_evidence(demo_papers, ext):
    """Each figure (1,241 WorkWell starts, 145 Warm Homes measures, 288 HERO visits ...) is printed
    in a table after its commitment's progress and before the next commitment's heading."""
    text = _flat(output_text(demo_papers[f"staying-healthy.{ext}"]))
    values, meta = _kpi_values(), _kpi_meta()
    at = text.index("Progress: Building strong foundations")
    checked = 0
    for title, following, ids in _sections():
        start = text.index(title, at)
        end = text.index(following, start + len(title)) if following else text.index("Resource implications", start)
        segment, at = text[start:end], start
        if not ids:
            assert "Local programme figures" not in segment, title
            continue
        name = re.sub(r"^D\d+ | \(key area of focus [^)]*\)$", "", title)
        assert f"Local programme figures: {name}" in segment, f"{ext}: no local figures under {title}"
        for indicator in ids:
            assert re.search(rf"(?<![\d,.]){re.escape(values[indicator])}(?![\d,])", segment), \
                f"{ext}: {indicator} {values[indicator]} not under {title}"
            goal = meta.get(indicator, {}).get("goal_lower")
            if goal:  # Warm Homes: the report's anticipated delivery is the goal
                value = float(values[indicator].replace(",", ""))
                words = f"✔ Meets the {float(goal):g} goal" if value >= float(goal) else f"✖ Below the {float(goal):g} goal"
                assert words in segment, f"{ext}: {indicator} not judged against {goal}"
            checked += 1
    assert checked == len(values) == 15


def test_the_summary_judges_the_local_figures_that_have_a_goal(demo_papers):
    """Warm Homes' 145 measures and 108 homes fall short of the 160 and 120 the report expected;
    the learning disability health checks (84.2%) meet the local 80% target."""
    values = _kpi_values()
    goals = {i: float(r["goal_lower"]) for i, r in _kpi_meta().items() if r["goal_lower"]}
    with open(data_dir() / "indicators.csv", encoding="utf-8") as f:
        goals.update({r["indicator_id"]: float(r["goal_lower"]) for r in csv.DictReader(f)
                      if r["indicator_id"] in values and r["goal_lower"]})
    short = [i for i, g in goals.items() if float(values[i].rstrip("%").replace(",", "")) < g]
    assert len(goals) == 3 and sorted(short) == ["warm-homes-hug2-homes", "warm-homes-hug2-measures"]
    names = {**{i: r["name"] for i, r in _kpi_meta().items()}}
    text = _flat(output_text(demo_papers["staying-healthy.pdf"]))
    summary = text[text.index("Summary"):text.index("Progress: Building strong foundations")]
    assert f"Against their goals, {len(goals) - len(short)} of {len(goals)} local programme figures meet the goal; " \
           "not met: " in summary
    for indicator in short:
        unit = _kpi_meta()[indicator]["unit"]
        assert (f"{names[indicator]} {values[indicator]} {unit} (below the {goals[indicator]:g} goal)") in summary
