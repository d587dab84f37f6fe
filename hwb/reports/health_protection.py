"""The health-protection appendix: per-indicator time series with 95% CIs and the England
line, the data table beneath each chart, and the multi-area coverage and summary tables."""

from __future__ import annotations

from datetime import date

from hwb.board.model import BoardPaper
from hwb.reports import palette
from hwb.reports.charts import time_series_spec
from hwb.reports.document import Cell, Chart, Document, Footnote, Heading, Legend, Paragraph, Section, Table
from hwb.reports.figures import NOT_PUBLISHED, PUBLISHED_MARK, Figures, Shown, format_number
from hwb.reports.judgement import (comparison_cell, goal_cell, goal_legend, goal_text, not_compared_reason,
                                   target_text)
from hwb.reports.paper import as_board_paper
from hwb.reports.provenance import reader_source
from hwb.reports.summary import Figure, comparison_sentence, goal_sentence, trend_sentence
from hwb.store.connection import Store
from hwb.strategy.model import AppendixTable, ChartItem, HealthProtection, HealthProtectionDomain, Strategy

SERIES_HEADER = ["Period", "Count", "Value", "Lower 95% CI", "Upper 95% CI", "England", "Compared with England"]
VALUE_TYPES = {"proportion": "Proportion", "crude_rate": "Crude rate", "dsr": "Directly standardised rate",
               "isr": "Indirectly standardised ratio", "mean": "Mean", "count": "Count"}


def _target_cell(meta: dict) -> Cell:
    """A single target is a number (for Excel); a pair of goals is text."""
    text = target_text(meta)
    single = meta.get("goal_upper") is None and meta.get("goal_lower") is not None
    return Cell(text or NOT_PUBLISHED, meta["goal_lower"] if single else None,
                number_format='0"%"' if meta.get("unit") == "%" else "#,##0.0", align="right")


def _trend_cell(shown: Shown) -> Cell:
    if shown.missing:
        return Cell(NOT_PUBLISHED)
    return Cell(f"{palette.trend_symbol(shown.text)} {shown.marked()}", status=palette.trend_status(shown.text))


def _grid_cell(figures: Figures, column, row: dict | None, indicator: str) -> Cell:
    meta = figures.indicator(indicator) or {}
    unit = meta.get("unit") or ""
    if column.field == "goal":
        if not goal_text(meta):
            return Cell("No goal")
        judged = goal_cell(meta, row)
        if not judged.status:
            return Cell(goal_text(meta))
        return Cell(f"{judged.text} (benchmark {goal_text(meta)})", status=judged.status)
    if row is None:
        return Cell(NOT_PUBLISHED)
    if column.field == "period":
        return Cell(row["period"])
    if column.field == "recent_trend":
        return _trend_cell(figures.shown(row, "recent_trend"))
    if column.field == "compared_to_england":
        shown = figures.shown(row, "compared_to_england")
        return comparison_cell(shown, not_compared_reason(row, meta) if shown.text == "Not compared" else "")
    shown = figures.shown(row, column.field, "" if column.field == "count" else unit)
    fmt = "#,##0" if column.field == "count" else "#,##0.0"
    extra = (("Lower 95% CI", row.get("lower_95")), ("Upper 95% CI", row.get("upper_95"))) \
        if column.field == "value" else ()
    return Cell(shown.marked(), shown.number, number_format=fmt, align="right", extra=extra)


def home_row(spec: AppendixTable, area: str):
    """The row a target table judges: the home area's, else the first local row (not England,
    not a region) - the seed's flu table gives Leicestershire and Rutland combined, latest first."""
    rows = [r for r in spec.rows if (r.area or area) == area]
    rows = rows or [r for r in spec.rows if r.area and not r.area.startswith(("E92", "E12"))]
    return rows[0] if rows else None


def appendix_table(figures: Figures, spec: AppendixTable, area: str, on: date | None = None) -> Table:
    """A grid whose cells take indicator and area from their row or column; with a target row,
    a last row judges the home area against each target in shape and words."""
    first = spec.row_header or ("Location" if any(r.area for r in spec.rows) else "Indicator")
    rows, periods, ids = [], [], []
    for r in spec.rows:
        cells = [Cell(r.label)]
        for c in spec.columns:
            indicator = r.indicator or c.indicator
            ids.append(indicator)
            row = figures.at(indicator, c.area or r.area or area, r.period, r.sex, r.category)
            periods += [row["period"]] if row else []
            cells.append(_grid_cell(figures, c, row, indicator))
        rows.append(cells)
    sources = figures.sources(ids)
    table_notes = [f"Source: {'; '.join(sources)}." if sources else "Source: not recorded.",
                   figures.as_at(periods, on), "Units: per cent unless the row or column says otherwise."]
    if spec.target_row:
        metas = [figures.indicator(c.indicator) or {} for c in spec.columns]
        if any(target_text(m) for m in metas):
            rows.append([Cell("Target")] + [_target_cell(m) for m in metas])
            home = home_row(spec, area)
            if home is not None:
                judged = [goal_cell(m, figures.at(c.indicator, home.area or area, home.period, home.sex, home.category))
                          for c, m in zip(spec.columns, metas)]
                rows.append([Cell(f"{home.label} against the target")] + judged)
    return Table([[first] + [c.label for c in spec.columns]], rows, caption=spec.title,
                 sheet_name=spec.sheet or spec.title, notes=table_notes)


def _alt(name: str, area_name: str, series: list[dict], latest: dict, compared: Shown, unit: str) -> str:
    first, last = series[0]["period"], series[-1]["period"]
    text = (f"Chart of {name} for {area_name}, {first} to {last}. Latest value "
            f"{format_number(latest.get('value'), unit)} ({last})")
    if latest.get("lower_95") is not None and latest.get("upper_95") is not None:
        text += f", 95% confidence interval {format_number(latest['lower_95'], unit)} to {format_number(latest['upper_95'], unit)}"
    if latest.get("england_value") is not None:
        text += f"; England {format_number(latest['england_value'], unit)}"
    return text + f". Compared with England: {compared.text}."


def chart_blocks(figures: Figures, item: ChartItem, area: str, on: date | None = None) -> tuple[list, Figure | None]:
    """Heading, chart, trend and goal lines, data table and source for one indicator."""
    meta = figures.indicator(item.indicator)
    name = figures.name(item.indicator)
    series = figures.series(item.indicator, area, item.sex, item.age)
    blocks: list = [Heading(name, 3)]
    if not meta or not series:
        blocks.append(Paragraph(f"No figures for {name} at {figures.area_name(area)} are available ({NOT_PUBLISHED}).", "meta"))
        return blocks, None
    unit = meta.get("unit") or ""
    blocks.append(Paragraph(f"{VALUE_TYPES.get(meta['value_type'], meta['value_type'])} - {unit}".rstrip(" -"), "meta"))
    latest = series[-1]
    trend = figures.shown(latest, "recent_trend")
    compared = figures.shown(latest, "compared_to_england")
    points = [{"period": r["period"], "value": r.get("value"), "lower": r.get("lower_95"),
               "upper": r.get("upper_95"), "england": r.get("england_value"),
               "compared": figures.shown(r, "compared_to_england").text} for r in series]
    blocks.append(Chart(time_series_spec(unit, points), _alt(name, figures.area_name(area), series, latest, compared, unit)))
    blocks.append(Paragraph(f"Recent trend: {palette.trend_symbol(trend.text)} {trend.marked()}"))
    reason = not_compared_reason(latest, meta) if compared.text == "Not compared" else ""
    blocks.append(Paragraph(f"Compared with England ({latest['period']}): {comparison_cell(compared, reason).text}"))
    judged = goal_cell(meta, latest)
    if goal_text(meta):
        blocks.append(Paragraph(f"Benchmarking against goal: {goal_text(meta)}"))
        if judged.status:
            blocks.append(Paragraph(f"{latest['period']} value {format_number(latest['value'], unit)}: "
                                    f"{judged.text[0]} {judged.text[2].lower()}{judged.text[3:]}."))
    rows = []
    published: set[str] = {trend.source} if trend.published else set()
    for r in series:
        shown = {f: figures.shown(r, f, unit) for f in ("count", "value", "lower_95", "upper_95", "england_value")}
        versus = figures.shown(r, "compared_to_england")
        published.update(s.source for s in (*shown.values(), versus) if s.published)
        why = not_compared_reason(r, meta) if versus.text == "Not compared" else ""
        rows.append([Cell(r["period"])] + [
            Cell(shown[f].marked(), shown[f].number, number_format="#,##0" if f == "count" else "#,##0.0", align="right")
            for f in ("count", "value", "lower_95", "upper_95", "england_value")
        ] + [comparison_cell(versus, why)])
    source = reader_source(meta.get("source") or "")
    notes = [f"Source: {source or 'not recorded'}.", figures.as_at([r["period"] for r in series], on),
             f"Units: {unit or 'as in the title'}."]
    blocks.append(Table([SERIES_HEADER], rows, caption=f"{name}: {figures.area_name(area)}",
                        sheet_name=item.label or name, notes=notes))
    if published:
        documents = sorted({reader_source(s) for s in published})
        blocks.append(Footnote(f"{PUBLISHED_MARK} Published figure, shown as its source printed it: {'; '.join(documents)}."))
    if source:
        blocks.append(Footnote(f"Source: {source}."))
    figure = Figure(item.label or name, compared, trend, figures.shown(latest, "value", unit),
                    figures.shown(latest, "england_value", unit), [r["period"] for r in series], reason=reason,
                    goal=judged.text[2:] if judged.status else "")
    return blocks, figure


def _goal_summary(figures: Figures, specs: list[AppendixTable], area: str) -> list[str]:
    """'Against the target, Leicestershire meets it for 6-in-1 (12 months) ...; is below it for
    MMR2 (5 years) 91.0% (below the 95% goal).' for each target table."""
    sentences = []
    for spec in specs:
        if not spec.target_row:
            continue
        home = home_row(spec, area)
        if home is None:
            continue
        met, short = [], []
        for c in spec.columns:
            meta = figures.indicator(c.indicator) or {}
            row = figures.at(c.indicator, home.area or area, home.period, home.sex, home.category)
            judged = goal_cell(meta, row)
            if not judged.status:
                continue
            value = format_number(row["value"], meta.get("unit") or "")
            if judged.status == "green":
                met.append(f"{c.label} ({value})")
            else:
                short.append(f"{c.label} {value} ({judged.text[2:].lower()})")
        if met or short:
            text = f"{spec.title}: {home.label} meets the target for {_join(met) or 'none'}"
            sentences.append(text + (f"; not met: {'; '.join(short)}." if short else "."))
    return sentences


def _join(items: list[str]) -> str:
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def domain_section(figures: Figures, hp: HealthProtection, domain: HealthProtectionDomain,
                   on: date | None = None) -> tuple[Section, list[str]]:
    """A domain's section and the summary sentences drafted from its figures."""
    section = Section(domain.name, new_page=True, appendix=True)
    if domain.text:
        section.add(Paragraph(domain.text))
    for spec in domain.tables:
        section.add(appendix_table(figures, spec, hp.area_code, on))
        if spec.note:
            section.add(Footnote(spec.note))
    drafted: dict[str, Figure] = {}
    chart_blocks_all: list = []
    for item in domain.charts:
        blocks, figure = chart_blocks(figures, item, hp.area_code, on)
        chart_blocks_all.extend(blocks)
        if figure:
            drafted[item.indicator] = figure
    sentences = _goal_summary(figures, domain.tables, hp.area_code)
    for group in domain.summaries:
        sentence = comparison_sentence(group.subject, group.noun, [drafted[i] for i in group.indicators if i in drafted])
        if sentence:
            sentences.append(sentence)
    sentences.extend(s for s in (trend_sentence(f) for f in drafted.values()) if s)
    sentences.extend(s for s in (goal_sentence(f) for f in drafted.values()) if s)
    section.add(*[Paragraph(s, "summary") for s in sentences])
    section.add(*chart_blocks_all)
    if domain.charts:
        section.add(Legend("Compared with England", palette.comparison_legend()),
                    Legend("Recent trend", palette.trend_legend()))
    if domain.charts or any(spec.target_row or any(c.field == "goal" for c in spec.columns) for spec in domain.tables):
        section.add(Legend("Against goal", goal_legend()))
    return section, sentences


def _indicator_ids(hp: HealthProtection) -> list[str]:
    ids = []
    for d in hp.domains:
        ids += [c.indicator for c in d.charts]
        for t in d.tables:
            ids += [c.indicator for c in t.columns if c.indicator] + [r.indicator for r in t.rows if r.indicator]
    return ids


def build_health_protection(store: Store, strategy: Strategy, paper: BoardPaper | None = None) -> Document:
    """The health-protection indicator appendix of the strategy; a board paper when `paper` is
    given (its meeting dates the figures)."""
    hp = strategy.health_protection
    if hp is None:
        raise LookupError(f"{strategy.title} has no health_protection section")
    figures = Figures(store, _indicator_ids(hp))
    on = paper.meeting.date if paper else None
    doc = Document(title=f"{hp.title}: indicator appendix", subtitle=figures.area_name(hp.area_code),
                   footer=f"{strategy.area_name} · Health protection", author=strategy.area_name,
                   subject=f"{hp.title}: health protection indicators", dated=on)
    summary = Section("Summary")
    summary.add(Paragraph("Key domains of health protection assurance: "
                          + "; ".join(d.name for d in hp.domains) + "."))
    built = []
    for domain in hp.domains:
        if not (domain.charts or domain.tables or domain.text):
            continue
        section, sentences = domain_section(figures, hp, domain, on)
        built.append(section)
        if sentences:
            summary.add(Heading(domain.name, 3), *[Paragraph(s, "summary") for s in sentences])
    periods = [r["period"] for r in figures.rows if r["is_latest"]]
    summary.add(Paragraph(figures.as_at(periods, on), "meta"))
    doc.sections = [summary, *built]
    return as_board_paper(doc, paper) if paper else doc
