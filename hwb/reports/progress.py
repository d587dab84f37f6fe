"""Progress narrative: the latest updates on each commitment and workstream of a priority."""

from __future__ import annotations

from datetime import date

from hwb.reports.document import Cell, Heading, Paragraph, Section, Table, text_blocks
from hwb.reports.figures import Figures, Shown
from hwb.reports.judgement import goal_cell, target_text
from hwb.reports.summary import Figure
from hwb.strategy.model import Commitment, LifeCoursePriority, ProgressUpdate, Strategy

KPI_HEADER = ["Measure", "Area", "Period", "Value", "Goal or target", "Against goal"]
KPI_WIDTHS = [38, 14, 10, 10, 12, 16]


def _long_date(d) -> str:
    return f"{d:%-d %B %Y}"


def latest_updates(strategy: Strategy, target: str) -> list[ProgressUpdate]:
    """All updates on `target` made on its most recent update date, in file order."""
    updates = strategy.updates_for(target)
    if not updates:
        return []
    newest = updates[0].date
    return [u for u in strategy.progress if u.target == target and u.date == newest]


def commitment_title(c: Commitment) -> str:
    title = f"{c.code} {c.name}" if c.code else c.name
    return title + (f" (key area of focus {c.key_area_of_focus})" if c.key_area_of_focus else "")


def _update_blocks(update: ProgressUpdate, level: int) -> list:
    blocks: list = []
    if update.title:
        blocks.append(Heading(update.title, level))
    blocks.append(Paragraph(f"Update of {_long_date(update.date)}", "meta"))
    blocks.extend(text_blocks(update.progress))
    for label, text in (("Next steps", update.next_steps), ("Challenges", update.challenges)):
        if text.strip():
            blocks.append(Paragraph(label, "label"))
            blocks.extend(text_blocks(text))
    return blocks


def _target_blocks(strategy: Strategy, target: str, level: int) -> list:
    updates = latest_updates(strategy, target)
    if not updates:
        return [Paragraph("No progress update has been recorded.", "meta")]
    return [b for u in updates for b in _update_blocks(u, level)]


def success_measure_indicators(strategy: Strategy, priority: LifeCoursePriority) -> dict[str, list[str]]:
    """Indicators that measure the priority's commitments and the cross-cutting workstreams
    but are not on a dashboard page (local programme figures), by commitment or workstream id."""
    on_pages = {r.indicator for p in (strategy.dashboard.pages if strategy.dashboard else []) for r in p.rows}
    targets = [c for a in priority.priority_areas for c in a.commitments] + \
        [w for x in strategy.cross_cutting for w in x.workstreams]
    found: dict[str, list[str]] = {}
    for target in targets:
        measures = list(target.success_measures)
        measures += [m for a in getattr(target, "actions", []) for m in a.success_measures]
        ids = [m.indicator for m in measures if m.indicator and m.indicator not in on_pages]
        if ids:
            found[target.id] = list(dict.fromkeys(ids))
    return found


def kpi_figures(figures: Figures, kpis: dict[str, list[str]], area_code: str) -> list[Figure]:
    """The latest local programme figures, each with its judgement against its goal (if any),
    for the summary's sentences."""
    found = []
    for _, meta, row, value, text in _latest_kpis(figures, dict.fromkeys(i for ids in kpis.values() for i in ids),
                                                  area_code):
        goal = goal_cell(meta, row)
        nothing = Shown("")
        found.append(Figure(meta["name"], nothing, nothing, Shown(text, value.number), nothing, [],
                            goal=goal.text[2:] if goal.status else ""))
    return found


def _latest_kpis(figures: Figures, indicator_ids, area_code: str):
    """(indicator id, metadata, latest row, shown value, value with its unit) for each stored local figure."""
    for indicator in indicator_ids:
        meta = figures.indicator(indicator)
        if meta is None:
            continue
        unit = meta.get("unit") or ""
        for row in figures.latest_anywhere(indicator, area_code):
            value = figures.shown(row, "value", unit if unit == "%" else "")
            yield indicator, meta, row, value, value.marked() + ("" if unit == "%" or value.missing else f" {unit}")


def kpi_table(figures: Figures, title: str, indicator_ids: list[str], area_code: str,
              on: date | None = None) -> list:
    """The latest local figures for a commitment or workstream, each judged against its goal."""
    rows, periods = [], []
    for indicator, meta, row, value, text in _latest_kpis(figures, indicator_ids, area_code):
        unit = meta.get("unit") or ""
        periods.append(row["period"])
        target = target_text(meta)
        if target and unit and unit != "%":
            target += f" {unit}"  # '160 measures'
        rows.append([Cell(meta["name"]), Cell(figures.area_name(row["area_code"])), Cell(row["period"]),
                     Cell(text, value.number, number_format=figures.number_format(indicator), align="right"),
                     Cell(target or "None set", meta.get("goal_lower") if target and meta.get("goal_upper") is None
                          else None, align="right"),
                     goal_cell(meta, row)])
    if not rows:
        return []
    sources = figures.sources(indicator_ids)
    notes = [f"Source: {'; '.join(sources)}." if sources else "Source: not recorded.", figures.as_at(periods, on),
             "Units: as stated beside each value."]
    return [Table([KPI_HEADER], rows, caption=f"Local programme figures: {title}", sheet_name=f"Local {title}",
                  widths=KPI_WIDTHS, notes=notes)]


def progress_sections(strategy: Strategy, priority: LifeCoursePriority, figures: Figures | None = None,
                      kpis: dict[str, list[str]] | None = None, area_code: str = "",
                      on: date | None = None) -> list[Section]:
    """One section per priority area, one for the cross-cutting priorities, one for the
    priority-wide challenges and next steps (when recorded). With `figures`, each commitment
    and workstream is followed by its local programme figures (`kpis`)."""
    kpis = kpis or {}

    def local(target_id: str, title: str) -> list:
        if figures is None or target_id not in kpis:
            return []
        return kpi_table(figures, title, kpis[target_id], area_code, on)

    sections = []
    for area in priority.priority_areas:
        section = Section(f"Progress: {area.name}")
        for c in area.commitments:
            section.add(Heading(commitment_title(c), 3))
            if c.text:
                section.add(Paragraph(c.text, "meta"))
            for a in c.actions:
                section.add(Paragraph(f"Action {a.code}: {a.text}", "meta"))
            section.add(*_target_blocks(strategy, c.id, 4))
            section.add(*local(c.id, c.name))
        sections.append(section)
    if strategy.cross_cutting:
        section = Section("Progress: cross-cutting priorities")
        for x in strategy.cross_cutting:
            section.add(Heading(x.name, 3))
            for w in x.workstreams:
                updates = latest_updates(strategy, w.id)
                if updates and updates[0].title == w.name:
                    section.add(*[b for u in updates for b in _update_blocks(u, 4)])
                else:
                    section.add(Heading(w.name, 4), *_target_blocks(strategy, w.id, 5))
                section.add(*local(w.id, w.name))
        sections.append(section)
    if latest_updates(strategy, priority.id):
        sections.append(Section("Key challenges and next steps").add(*_target_blocks(strategy, priority.id, 3)))
    return sections
