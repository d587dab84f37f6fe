"""The health-protection appendix: per-indicator time series with 95% CIs and the England
line, the data table beneath each chart, and the multi-area coverage and summary tables."""

from __future__ import annotations

from hwb.reports import palette
from hwb.reports.charts import time_series_spec
from hwb.reports.document import Cell, Chart, Document, Footnote, Heading, Legend, Paragraph, Section, Table
from hwb.reports.figures import NOT_PUBLISHED, PUBLISHED_MARK, Figures, Shown, format_number, source_document
from hwb.reports.summary import Figure, comparison_sentence, trend_sentence
from hwb.store.connection import Store
from hwb.strategy.model import AppendixTable, ChartItem, HealthProtection, HealthProtectionDomain, Strategy

SERIES_HEADER = ["Period", "Count", "Value", "Lower 95% CI", "Upper 95% CI", "England", "Compared with England"]
VALUE_TYPES = {"proportion": "Proportion", "crude_rate": "Crude rate", "dsr": "Directly standardised rate",
               "isr": "Indirectly standardised ratio", "mean": "Mean", "count": "Count"}


def goal_text(meta: dict) -> str:
    """'<80% 80% to 90% ≥90%' as the seeds print it; '≥95%' for a single target; '' for none."""
    lower, upper = meta.get("goal_lower"), meta.get("goal_upper")
    if lower is None:
        return ""
    pct = "%" if meta.get("unit") == "%" else ""
    if upper is None:
        sign = "≤" if meta.get("polarity") == "low_is_good" else "≥"
        return f"{sign}{lower:,g}{pct}"
    return f"<{lower:,g}{pct} {lower:,g}{pct} to {upper:,g}{pct} ≥{upper:,g}{pct}"


def target_text(meta: dict | None) -> str:
    if not meta or meta.get("goal_lower") is None:
        return ""
    pct = "%" if meta.get("unit") == "%" else ""
    if meta.get("goal_upper") is None:
        return f"{meta['goal_lower']:,g}{pct}"
    return f"{meta['goal_lower']:,g}{pct} to {meta['goal_upper']:,g}{pct}"


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
        return Cell(goal_text(meta))
    if row is None:
        return Cell(NOT_PUBLISHED)
    if column.field == "period":
        return Cell(row["period"])
    if column.field == "recent_trend":
        return _trend_cell(figures.shown(row, "recent_trend"))
    if column.field == "compared_to_england":
        shown = figures.shown(row, "compared_to_england")
        return Cell(shown.marked(), status=palette.status_key(shown.text))
    shown = figures.shown(row, column.field, "" if column.field == "count" else unit)
    fmt = "#,##0" if column.field == "count" else "#,##0.0"
    return Cell(shown.marked(), shown.number, number_format=fmt, align="right")


def appendix_table(figures: Figures, spec: AppendixTable, area: str) -> Table:
    """A grid whose cells take indicator and area from their row or column."""
    first = spec.row_header or ("Location" if any(r.area for r in spec.rows) else "Indicator")
    rows = []
    for r in spec.rows:
        cells = [Cell(r.label)]
        for c in spec.columns:
            indicator = r.indicator or c.indicator
            row = figures.at(indicator, c.area or r.area or area, r.period, r.sex, r.category)
            cells.append(_grid_cell(figures, c, row, indicator))
        rows.append(cells)
    if spec.target_row:
        metas = [figures.indicator(c.indicator) or {} for c in spec.columns]
        if any(target_text(m) for m in metas):
            rows.append([Cell("Target")] + [_target_cell(m) for m in metas])
    return Table([[first] + [c.label for c in spec.columns]], rows, caption=spec.title, sheet_name=spec.sheet or spec.title)


def _alt(name: str, area_name: str, series: list[dict], latest: dict, compared: Shown, unit: str) -> str:
    first, last = series[0]["period"], series[-1]["period"]
    text = (f"Chart of {name} for {area_name}, {first} to {last}. Latest value "
            f"{format_number(latest.get('value'), unit)} ({last})")
    if latest.get("lower_95") is not None and latest.get("upper_95") is not None:
        text += f", 95% confidence interval {format_number(latest['lower_95'], unit)} to {format_number(latest['upper_95'], unit)}"
    if latest.get("england_value") is not None:
        text += f"; England {format_number(latest['england_value'], unit)}"
    return text + f". Compared with England: {compared.text}."


def chart_blocks(figures: Figures, item: ChartItem, area: str) -> tuple[list, Figure | None]:
    """Heading, chart, trend and goal lines, data table and source for one indicator."""
    meta = figures.indicator(item.indicator)
    name = figures.name(item.indicator)
    series = figures.series(item.indicator, area, item.sex, item.age)
    blocks: list = [Heading(name, 3)]
    if not meta or not series:
        blocks.append(Paragraph(f"No figures for {name} at {figures.area_name(area)} are in the store ({NOT_PUBLISHED}).", "meta"))
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
    if goal_text(meta):
        blocks.append(Paragraph(f"Benchmarking against goal: {goal_text(meta)}"))
        if latest.get("compared_to_goal") and latest.get("value") is not None:
            blocks.append(Paragraph(f"{latest['period']} value {format_number(latest['value'], unit)}: "
                                    f"{latest['compared_to_goal']} against the goal."))
    rows = []
    published: set[str] = {trend.source} if trend.published else set()
    for r in series:
        shown = {f: figures.shown(r, f, unit) for f in ("count", "value", "lower_95", "upper_95", "england_value")}
        versus = figures.shown(r, "compared_to_england")
        published.update(s.source for s in (*shown.values(), versus) if s.published)
        rows.append([Cell(r["period"])] + [
            Cell(shown[f].marked(), shown[f].number, number_format="#,##0" if f == "count" else "#,##0.0", align="right")
            for f in ("count", "value", "lower_95", "upper_95", "england_value")
        ] + [Cell(versus.marked(), status=palette.status_key(versus.text))])
    blocks.append(Table([SERIES_HEADER], rows, caption=f"{name}: {figures.area_name(area)}",
                        sheet_name=item.label or name))
    if published:
        documents = sorted({source_document(s) for s in published})
        blocks.append(Footnote(f"{PUBLISHED_MARK} Published figure, as given by its source: {'; '.join(documents)}."))
    if meta.get("source"):
        blocks.append(Footnote(f"Source: {meta['source']}"))
    figure = Figure(item.label or name, compared, trend, figures.shown(latest, "value", unit),
                    figures.shown(latest, "england_value", unit), [r["period"] for r in series])
    return blocks, figure


def domain_section(figures: Figures, hp: HealthProtection, domain: HealthProtectionDomain) -> tuple[Section, list[str]]:
    """A domain's section and the summary sentences drafted from its figures."""
    section = Section(domain.name, new_page=True)
    if domain.text:
        section.add(Paragraph(domain.text))
    for spec in domain.tables:
        section.add(appendix_table(figures, spec, hp.area_code))
        if spec.note:
            section.add(Footnote(spec.note))
    drafted: dict[str, Figure] = {}
    chart_blocks_all: list = []
    for item in domain.charts:
        blocks, figure = chart_blocks(figures, item, hp.area_code)
        chart_blocks_all.extend(blocks)
        if figure:
            drafted[item.indicator] = figure
    sentences = []
    for group in domain.summaries:
        sentence = comparison_sentence(group.subject, group.noun, [drafted[i] for i in group.indicators if i in drafted])
        if sentence:
            sentences.append(sentence)
    sentences.extend(s for s in (trend_sentence(f) for f in drafted.values()) if s)
    section.add(*[Paragraph(s, "summary") for s in sentences])
    section.add(*chart_blocks_all)
    if domain.charts:
        section.add(Legend("Compared with England", palette.comparison_legend()),
                    Legend("Recent trend", palette.trend_legend()))
    return section, sentences


def _indicator_ids(hp: HealthProtection) -> list[str]:
    ids = []
    for d in hp.domains:
        ids += [c.indicator for c in d.charts]
        for t in d.tables:
            ids += [c.indicator for c in t.columns if c.indicator] + [r.indicator for r in t.rows if r.indicator]
    return ids


def build_health_protection(store: Store, strategy: Strategy) -> Document:
    """The health-protection indicator appendix of the strategy."""
    hp = strategy.health_protection
    if hp is None:
        raise LookupError(f"{strategy.title} has no health_protection section")
    figures = Figures(store, _indicator_ids(hp))
    doc = Document(title=f"{hp.title}: indicator appendix",
                   subtitle=f"{figures.area_name(hp.area_code)} · data last refreshed {figures.refresh_date()}",
                   footer=f"{strategy.area_name} · Health protection")
    summary = Section("Summary")
    summary.add(Paragraph("Key domains of health protection assurance: "
                          + "; ".join(d.name for d in hp.domains) + "."))
    built = []
    for domain in hp.domains:
        if not (domain.charts or domain.tables or domain.text):
            continue
        section, sentences = domain_section(figures, hp, domain)
        built.append(section)
        if sentences:
            summary.add(Heading(domain.name, 3), *[Paragraph(s, "summary") for s in sentences])
    summary.add(Footnote(f"{PUBLISHED_MARK} marks a figure published by its source that hwb cannot recompute; "
                         f"'{NOT_PUBLISHED}' marks a figure neither hwb nor the source provides."))
    doc.sections = [summary, *built]
    return doc
