"""A small store with engine-style results, and a strategy that reports on them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from hwb.store import connect

LEICS, ENGLAND, EM = "E10000018", "E92000001", "E12000004"
NASTY = '<script>alert(1)</script> =HYPERLINK("http://x","y")'

INDICATORS = [
    # id, name, value_type, unit, polarity, goal_lower, goal_upper
    ("ahah", "Access to Healthy Assets & Hazards Index (%)", "other", "%", "low_is_good", None, None),
    ("smoking", "Smoking prevalence in adults (%)", "proportion", "%", "low_is_good", None, None),
    ("breast", "Cancer screening coverage: breast cancer (%)", "proportion", "%", "high_is_good", None, None),
    ("cervical", "Cancer screening coverage: cervical cancer (50-64) (%)", "proportion", "%", "high_is_good", None, None),
    ("nipe", "Newborn and Infant Physical Examination Screening Coverage", "proportion", "%", "high_is_good", None, None),
    ("hpv", "HPV vaccination coverage for one dose (12 to 13 year old) (Female)", "proportion", "%", "high_is_good", 80.0, 90.0),
    ("mmr1", "Vaccination coverage: MMR1 (24 months)", "proportion", "%", "high_is_good", 95.0, None),
]


def result(indicator, period, value, *, area=LEICS, sex="Persons", age="All ages", sort=None, latest=False,
           lower=None, upper=None, england=None, compared="Not compared", trend="Cannot be calculated",
           count=None, rank=None, of=None, goal=None):
    return {
        "indicator_id": indicator, "area_code": area, "period": period, "sex": sex, "age": age,
        "category_type": "", "category": "", "period_sort": sort or int(period[:4]), "period_years": 1,
        "is_latest": latest, "count": count, "denominator": None, "value": value, "lower_95": lower,
        "upper_95": upper, "lower_998": None, "upper_998": None, "value_note": None,
        "england_value": england, "parent_code": EM, "parent_value": None,
        "compared_to_england": compared, "compared_to_parent": "Not compared", "compared_to_goal": goal,
        "recent_trend": trend, "nn_rank": rank, "nn_count": of, "quintile": None,
    }


def _series(indicator, values, england, compared, trend, start=2020, **kw):
    rows = []
    for i, (v, e, c) in enumerate(zip(values, england, compared)):
        last = i == len(values) - 1
        rows.append(result(indicator, str(start + i), v, lower=v - 0.3, upper=v + 0.3, england=e, compared=c,
                           trend=trend if last else "Cannot be calculated", latest=last,
                           count=1000 + i, **kw))
    return rows


def results_rows() -> list[dict]:
    rows = [
        result("ahah", "2024", 16.6, england=20.9, latest=True),
        result("smoking", "2024", 7.4, lower=6.5, upper=8.3, england=10.4, compared="Better",
               trend="Decreasing and getting better", latest=True, rank=2, of=16, age="18+ yrs"),
        result("smoking", "2024", 7.5, lower=6.2, upper=8.8, england=8.7, compared="Similar", latest=True,
               sex="Female", age="18+ yrs", rank=8, of=16),
        result("smoking", "2024", 13.0, lower=12.5, upper=13.5, england=12.2, compared="Worse", latest=True,
               sex="Male", age="18+ yrs", rank=15, of=16),
        result("smoking", "2024", 10.4, area=ENGLAND, latest=True, age="18+ yrs"),
    ]
    rows += _series("breast", [70.4, 72.9, 73.0, 73.5, 74.0], [66.2, 69.9, 71.7, 71.0, 71.5],
                    ["Better"] * 5, "Increasing and getting better", sex="Female", age="53-70 yrs")
    rows += _series("cervical", [79.4, 78.0, 78.0, 78.0, 77.9], [76.1, 74.7, 74.6, 74.4, 74.3],
                    ["Better"] * 5, "Decreasing and getting worse", sex="Female", age="50-64 yrs")
    rows += _series("nipe", [95.3, 94.8, 95.0, 95.0, 96.0], [97.3, 96.6, 96.2, 96.1, 96.2],
                    ["Worse", "Worse", "Worse", "Worse", "Similar"], "No significant change")
    rows += _series("hpv", [79.3, 78.3, 82.0, 80.9, 81.0], [76.7, 69.6, 71.3, 72.9, 73.0],
                    ["Better"] * 5, "No significant change", sex="Female", age="12-13 yrs", goal="Amber")
    for area, value in ((ENGLAND, 88.9), (EM, 90.7), (LEICS, 94.1)):
        rows.append(result("mmr1", "2024/25", value, area=area, latest=True, sort=2024, goal="Red"))
    return rows


def build_store(path: Path):
    return fill_store(connect(path))


def build_folder(root: Path, strategy_yaml: str):
    """A store folder with these results published and `strategy_yaml` imported."""
    from hwb.store.folder import StoreFolder
    from hwb.strategy.loader import parse_strategy
    from hwb.strategy.store import save_strategy

    folder = StoreFolder(root)
    evidence = fill_store(folder.open_evidence())
    try:
        folder.publish(evidence)
    finally:
        evidence.close()
    save_strategy(folder.record, parse_strategy(strategy_yaml, "strategy.yaml"))
    return folder


def nasty_strategy_yaml() -> str:
    """The test strategy with hostile text in a narrative, a title and a label."""
    text = STRATEGY_YAML.replace("NARRATIVE", "'" + NASTY.replace("'", "''") + "'")
    return text.replace("title: Healthy Placemaking", "title: '=HYPERLINK(\"http://x\",\"y\")'")


def fill_store(store):
    indicators = pd.DataFrame(
        [{"indicator_id": i, "name": n, "value_type": t, "multiplier": 100, "unit": u, "polarity": p,
          "comparison_confidence": 95, "goal_lower": gl, "goal_upper": gu, "source": "OHID Fingertips",
          "definition": ""} for i, n, t, u, p, gl, gu in INDICATORS])
    areas = pd.DataFrame([
        {"area_code": ENGLAND, "area_name": "England", "area_type": "England", "parent_code": None},
        {"area_code": EM, "area_name": "East Midlands", "area_type": "Region", "parent_code": ENGLAND},
        {"area_code": LEICS, "area_name": "Leicestershire", "area_type": "County & UA", "parent_code": EM},
    ])
    published = pd.DataFrame([
        {"indicator_id": "ahah", "area_code": LEICS, "period": "2024", "sex": "Persons", "age": "All ages",
         "category_type": "", "category": "", "field": "nn_rank", "value_text": "13/16",
         "source": "seed 000 line 649, Appendix A dashboard (Rank column)"},
    ])
    with store.transaction():
        store.upsert("indicators", indicators)
        store.upsert("areas", areas)
        store.upsert("published_figures", published)
        store.insert("results", pd.DataFrame(results_rows()))
    return store


STRATEGY_YAML = """\
schema_version: 1
id: test-jlhws
title: Test Joint Local Health and Wellbeing Strategy
area_code: E10000018
area_name: Leicestershire
delivery_groups:
  - {id: shp, name: Staying Healthy Partnership}
priorities:
  - id: shsw
    name: Staying Healthy, Safe and Well
    delivery_group: shp
    priority_areas:
      - id: foundations
        name: Building strong foundations
        commitments:
          - id: placemaking
            name: Healthy placemaking
            key_area_of_focus: "25-26"
          - id: workplaces
            code: D3
            name: Healthy workplaces and local economy
            actions:
              - code: D3.1
                text: We will strengthen system-wide understanding of employment programmes.
                success_measures:
                  - {indicator: smoking, description: Adult smoking prevalence}
cross_cutting:
  - id: hp
    name: Health protection and emergency preparedness
    workstreams:
      - {id: screening, name: Vaccination & Screening Programmes}
dashboard:
  title: Test dashboard
  area_code: E10000018
  rank_note: Rank is compared to the nearest neighbours only.
  source_note: "Data Source: OHID Fingertips."
  pages:
    - id: p1
      title: Page one
      section: foundations
      rows:
        - {indicator: ahah, section: placemaking}
        - {indicator: smoking, section: workplaces}
        - {indicator: not-in-store, section: placemaking}
    - id: p2
      title: Page two
      section: hp
      notes: [Values for some rows combine Leicestershire and Rutland.]
      rows:
        - {indicator: breast, section: screening}
        - {indicator: cervical, section: screening}
        - {indicator: nipe, section: screening}
health_protection:
  title: Test Health Protection Report
  area_code: E10000018
  domains:
    - id: immunisation
      name: Immunisation Programmes
      tables:
        - title: Vaccination coverage at 24 months
          sheet: Coverage at 24 months
          target_row: true
          columns:
            - {label: MMR1 (24 months), indicator: mmr1}
          rows:
            - {label: England, area: E92000001}
            - {label: East Midlands, area: E12000004}
            - {label: Leicestershire, area: E10000018}
      charts:
        - {indicator: hpv, label: HPV one dose (females)}
    - id: screening
      name: Screening Programmes
      summaries:
        - {subject: Screening coverage, noun: programmes, indicators: [nipe, breast, cervical]}
      charts:
        - {indicator: nipe, label: NIPE}
        - {indicator: breast, label: Breast screening}
        - {indicator: cervical, label: Cervical screening (50-64)}
progress:
  - target: placemaking
    date: 2026-06-15
    title: Healthy Placemaking
    progress: |-
      The Staying Healthy Partnership sponsored a Healthy Placemaking event.

      - around 50 attendees
      - a forum to be re-established
    next_steps: Relaunch the Healthy Placemaking Forum.
  - target: workplaces
    date: 2026-06-15
    progress: NARRATIVE
    challenges: Still no financial investment in system delivery
"""
