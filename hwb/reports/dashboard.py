"""The "Appendix A" dashboard: indicator rows grouped by strategy section, with the
progress narrative of the life-course priority before it."""

from __future__ import annotations

from datetime import date

from hwb.board.model import BoardPaper
from hwb.reports import palette
from hwb.reports.document import Cell, Document, Footnote, GroupRow, Heading, Legend, Paragraph, Section, Table
from hwb.reports.figures import NOT_PUBLISHED, PUBLISHED_MARK, Figures, Shown
from hwb.reports.judgement import NO_VALUE, comparison_cell, goal_cell, goal_legend, not_compared_reason
from hwb.reports.paper import as_board_paper
from hwb.reports.progress import commitment_title, kpi_figures, progress_sections, success_measure_indicators
from hwb.reports.provenance import reader_source
from hwb.reports.summary import Figure, local_goal_sentences, not_compared_sentence, page_sentences
from hwb.store.connection import Store
from hwb.strategy.model import DashboardPage, LifeCoursePriority, Strategy

HEADER = ["Indicator", "Sex", "Age", "Time period", "Value", "Rank among nearest neighbours",
          "England", "Direction of travel", "Compared with England", "Against goal"]
WIDTHS = [25, 5, 7, 7, 7, 7, 7, 11, 14, 10]


def find_priority(strategy: Strategy, name: str | None) -> LifeCoursePriority:
    """The life-course priority called `name` (or with that id); the dashboard's own when None."""
    wanted = (name or "").strip().lower()
    for p in strategy.priorities:
        if wanted in (p.name.lower(), p.id) or (not wanted and _pages(strategy, p)):
            return p
    names = ", ".join(repr(p.name) for p in strategy.priorities)
    raise LookupError(f"no life-course priority {name!r} in {strategy.title}; choose one of {names}")


def _pages(strategy: Strategy, priority: LifeCoursePriority) -> list[DashboardPage]:
    """Pages on the priority's areas, and the cross-cutting pages that come with them."""
    if not strategy.dashboard:
        return []
    own = {a.id for a in priority.priority_areas} | {priority.id}
    pages = strategy.dashboard.pages
    if not any(p.section in own for p in pages):
        return []
    cross = {x.id for x in strategy.cross_cutting}
    return [p for p in pages if p.section in own or p.section in cross]


def _group_label(strategy: Strategy, section_id: str) -> str:
    for c in strategy.commitments():
        if c.id == section_id:
            return commitment_title(c)
    return strategy.section_names().get(section_id, section_id)


def _breakdown_label(name: str, row: dict, several: bool) -> str:
    if not several:
        return name
    parts = [v for v in (row.get("sex"), row.get("age"), row.get("category")) if v]
    return f"{name} ({', '.join(parts)})" if parts else name


def _rows_for(figures: Figures, indicator: str, area: str, sex: str, age: str) -> list[dict]:
    rows = figures.latest(indicator, area)
    return [r for r in rows if (not sex or r["sex"] == sex) and (not age or r["age"] == age)]


def _numbers(text: str) -> tuple[float | None, float | None]:
    """'13/16 †' -> (13, 16)."""
    parts = text.replace(PUBLISHED_MARK, "").strip().split("/")
    try:
        return float(parts[0]), float(parts[1])
    except (IndexError, ValueError):
        return None, None


def _table_row(figures: Figures, indicator: str, row: dict | None) -> tuple[list[Cell], Figure]:
    meta = figures.indicator(indicator) or {}
    unit = meta.get("unit") or ""
    name = figures.name(indicator)
    if row is None:
        missing, nothing = Cell(NOT_PUBLISHED), Shown(NOT_PUBLISHED)
        empty = Figure(name, nothing, nothing, nothing, nothing, [], reason=NO_VALUE)
        return [Cell(name), Cell(""), Cell(""), missing, missing, missing, missing, missing,
                comparison_cell(Shown("Not compared"), NO_VALUE), goal_cell(meta, None)], empty
    value = figures.shown(row, "value", unit)
    rank = figures.shown(row, "nn_rank")
    england = figures.shown(row, "england_value", unit)
    trend = figures.shown(row, "recent_trend")
    compared = figures.shown(row, "compared_to_england")
    reason = not_compared_reason(row, meta) if compared.text == "Not compared" else ""
    goal = goal_cell(meta, row)
    series = figures.series(indicator, row["area_code"], row["sex"], row["age"], row.get("category", ""))
    position, ranked = _numbers(rank.text)
    cells = [
        Cell(name),
        Cell(row.get("sex") or ""),
        Cell(row.get("age") or ""),
        Cell(row["period"]),
        Cell(value.marked(), value.number, number_format=figures.number_format(indicator), align="right",
             extra=(("Lower 95% CI", row.get("lower_95")), ("Upper 95% CI", row.get("upper_95")),
                    ("Count", row.get("count")))),
        Cell(rank.marked(), align="center", extra=(("Rank", position), ("Areas ranked", ranked))),
        Cell(england.marked(), england.number, number_format=figures.number_format(indicator), align="right"),
        Cell(trend.marked() if trend.missing else f"{palette.trend_symbol(trend.text)} {trend.marked()}",
             status=palette.trend_status(trend.text)),
        comparison_cell(compared, reason),
        goal,
    ]
    figure = Figure(name, compared, trend, value, england, [s["period"] for s in series], reason=reason,
                    goal=goal.text[2:] if goal.status else "")
    return cells, figure


def page_section(strategy: Strategy, figures: Figures, page: DashboardPage, number: int,
                 on: date | None = None) -> tuple[Section, list[Figure]]:
    """One dashboard page (summary, table grouped by commitment/workstream, key, notes) and
    the figures its summary speaks of."""
    dash = strategy.dashboard
    order = strategy.section_order()
    rank = {sid: i for i, sid in enumerate(order)}
    grouped: dict[str, list] = {}
    for row in page.rows:
        grouped.setdefault(row.section or page.section, []).append(row)
    table_rows: list = []
    summary: list[Figure] = []
    periods: list[str] = []
    published_sources: set[str] = set()
    for section_id in sorted(grouped, key=lambda s: rank.get(s, len(order))):
        table_rows.append(GroupRow(_group_label(strategy, section_id)))
        for item in grouped[section_id]:
            found = _rows_for(figures, item.indicator, dash.area_code, item.sex, item.age) or [None]
            for result in found:
                cells, figure = _table_row(figures, item.indicator, result)
                figure.label = _breakdown_label(figure.label, result or {}, len(found) > 1)
                table_rows.append(cells)
                summary.append(figure)
                if result is not None:
                    periods.append(result["period"])
                    shown = [figure.compared, figure.trend, figure.value, figure.england,
                             figures.shown(result, "nn_rank")]
                    published_sources.update(s.source for s in shown if s.published)
    section_name = strategy.section_names().get(page.section, page.section)
    section = Section(f"Appendix A ({number}): {section_name}", new_page=True, landscape=True, appendix=True)
    section.add(*[Paragraph(s, "summary") for s in page_sentences(summary)])
    if dash.rank_note:
        section.add(Paragraph(dash.rank_note, "note"))
    sources = figures.sources([r.indicator for r in page.rows])
    as_at = figures.as_at(periods, on)
    notes = [as_at, "Units: as given in each indicator's name (per cent where marked %)."]
    if sources:
        notes.insert(0, "Source: " + "; ".join(sources) + ".")
    section.add(Table([HEADER], table_rows, caption=f"{dash.title} ({number})",
                      sheet_name=f"Dashboard {number} {section_name}", widths=WIDTHS, notes=notes))
    section.add(Legend("Compared with England", palette.comparison_legend()),
                Legend("Direction of travel", palette.trend_legend()),
                Legend("Against goal", goal_legend()))
    if published_sources:
        documents = sorted({reader_source(s) for s in published_sources})
        section.add(Footnote(f"{PUBLISHED_MARK} Published figure, shown as its source printed it: "
                             f"{'; '.join(documents)}."))
    for note in page.notes:
        section.add(Footnote(f"Note: {note}"))
    if dash.source_note:
        section.add(Footnote(dash.source_note))
    if sources:
        section.add(Footnote("Indicator sources: " + "; ".join(sources) + "."))
    section.add(Footnote(f"{as_at} '{NOT_PUBLISHED}' marks a figure that neither the source nor a "
                         "calculation from its data provides."))
    return section, summary


def _author(strategy: Strategy, priority: LifeCoursePriority) -> str:
    """The partnership that delivers the priority, else the area."""
    return next((g.name for g in strategy.delivery_groups if g.id == priority.delivery_group), strategy.area_name)


def build_dashboard(store: Store, strategy: Strategy, section: str | None = None,
                    paper: BoardPaper | None = None) -> Document:
    """The progress report and dashboard for one life-course priority; a board paper when
    `paper` is given (its meeting dates the figures)."""
    priority = find_priority(strategy, section)
    pages = _pages(strategy, priority)
    if not pages:
        raise LookupError(f"the strategy has no dashboard pages for {priority.name!r}")
    kpis = success_measure_indicators(strategy, priority)
    figures = Figures(store, [r.indicator for p in pages for r in p.rows] + [i for ids in kpis.values() for i in ids])
    on = paper.meeting.date if paper else None
    dates = [u.date for u in strategy.progress]
    subtitle = f"{strategy.title} · {strategy.area_name}"
    if dates:
        subtitle += f" · progress to {max(dates):%-d %B %Y}"
    doc = Document(title=f"{priority.name}: progress and dashboard", subtitle=subtitle,
                   footer=f"{strategy.area_name} · {priority.name}",
                   author=_author(strategy, priority),
                   subject=f"{strategy.title}: {priority.name}", dated=on)
    built = [page_section(strategy, figures, p, n, on) for n, p in enumerate(pages, 1)]
    intro = Section("Summary")
    every = [f for _, found in built for f in found]
    overall = not_compared_sentence(every)
    if overall:
        intro.add(Paragraph(f"Across the dashboard: {overall[0].lower()}{overall[1:]}", "summary"))
    local = local_goal_sentences(kpi_figures(figures, kpis, strategy.dashboard.area_code))
    if local:
        intro.add(Heading("Local programme figures", 3), *[Paragraph(s, "summary") for s in local])
    for number, (page, (appendix, _)) in enumerate(zip(pages, built), 1):
        name = strategy.section_names().get(page.section, page.section)
        intro.add(Heading(f"Dashboard ({number}): {name}", 3))
        intro.add(*[b for b in appendix.blocks if isinstance(b, Paragraph) and b.style == "summary"])
    doc.sections.append(intro)
    doc.sections.extend(progress_sections(strategy, priority, figures, kpis, strategy.dashboard.area_code, on))
    doc.sections.extend(appendix for appendix, _ in built)
    return as_board_paper(doc, paper) if paper else doc
