"""Slope and relative index of inequality (SII, RII) with confidence limits, as phe_sii.

References: Low A, Low A (2004) J Public Health 26:388-395; OHID Fingertips technical
guidance; PHEindicatormethods::phe_sii. Within each group the quantiles (e.g. deprivation
deciles, 1 = most deprived) are ranked by the midpoint of their share of the population,
b = (population before the quantile + half its own) / total, and the values are regressed
on b weighted by the population share a (lm(sqrt(a) y ~ sqrt(a) + sqrt(a) b - 1)). The SII
is the slope, the intercept is the fitted value at b = 0, the RII the ratio of the fitted
values at b = 1 and b = 0. A rate (proportion) may be log- (logit-) transformed for the
regression (`transform`); SII and RII are then read back on the original scale.

Confidence limits, made deterministic. The package simulates them: it draws each quantile's
value from a normal distribution (mean the value, sd its standard error, on the log or logit
scale for rates and proportions), refits, and takes percentiles of 100,000 fitted SIIs and
RIIs, so its limits change with the random seed. The fitted slope and intercept are linear
in the drawn values, so this module computes the percentiles the simulation converges to:
- with `transform`, and for "normal" values, the drawn SII is exactly normal (its variance
  a grouped sum), the package's back-transformation of its limits is applied as it does,
  and the RII's limits come from Fieller's theorem for the ratio of the two jointly normal
  fitted values - all exact limits of the simulation;
- a rate or proportion regressed untransformed is drawn on the log/logit scale and used on
  the natural scale: the limits are centred on the mean of the drawn values and spread by
  their variance (exact for the log-normal draws of a rate, to second order for the
  logit-normal draws of a proportion), a normal approximation of the simulation that is
  within its Monte-Carlo error on the package's fixtures.
The results are reproducible to the last digit and are sums and column arithmetic on any
Ibis backend; tests compare them with the package's simulated figures within their
Monte-Carlo error and the SII, RII and intercept to 1e-6.

One departure: the package swaps a transformed rate's limits for any multiplier below 1;
here, as for proportions, only a negative multiplier swaps them.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from hwb.methods import reject_invalid
from hwb.methods.constants import CONFIDENCE_LEVELS, z_value

VALUE_TYPES = ("normal", "rate", "proportion")
MIN_QUANTILES, MAX_QUANTILES = 5, 100
INCOMPLETE = "Not calculated: not every quantile has a value and confidence limits"


def sii(
    table: ir.Table,
    by: list[str],
    quantile: str,
    population: str,
    value: str | None = None,
    x: str | None = None,
    value_type: str = "normal",
    transform: bool = False,
    lower_cl: str | None = None,
    upper_cl: str | None = None,
    se: str | None = None,
    multiplier: float = 1,
    confidence: dict[str, float] | None = None,
) -> ir.Table:
    """SII, RII and intercept per `by` group, with limits at each confidence level.

    `table` has one row per group and quantile (quantile 1 the most disadvantaged) with its
    population and its value (or, for a proportion, the count x), and either 95% limits
    (lower_cl, upper_cl) or a standard error `se` (on the log/logit scale for a rate or
    proportion). value_type is "normal", "rate" or "proportion" (proportions 0..1).
    multiplier scales the SII (a negative one flips its sign and inverts the RII).
    confidence maps an output suffix to a level (default 95 and 99.8). Result columns:
    the keys, sii, sii_lower_<s>, sii_upper_<s>, rii, rii_lower_<s>, rii_upper_<s>,
    intercept, value_note. A group without every quantile gets NULLs and a value_note.
    Raises ValueError for the inputs phe_sii refuses.
    """
    confidence = confidence or CONFIDENCE_LEVELS
    _check_arguments(value, x, value_type, transform, lower_cl, upper_cl, se)
    _check_rows(table, population, value, x, value_type, lower_cl, upper_cl, se)
    quantiles = _count_quantiles(table, quantile)
    rows = _regression_rows(
        table, by, quantile, population, value, x, value_type, transform, lower_cl, upper_cl, se
    )
    fits = _fit(rows, by, quantiles)
    out = _estimates(fits, value_type, transform, multiplier, confidence)
    complete = fits._complete
    out = {key: ibis.cases((complete, expr)) for key, expr in out.items()}
    out["value_note"] = ibis.cases((~complete, INCOMPLETE))
    return fits.select(*by, **out)


def _check_arguments(value, x, value_type, transform, lower_cl, upper_cl, se) -> None:
    if value_type not in VALUE_TYPES:
        raise ValueError(f"sii: value_type must be one of {', '.join(VALUE_TYPES)}")
    if value is None and (x is None or value_type != "proportion"):
        raise ValueError("sii: needs a value column, or a count x for a proportion")
    if se is None and (lower_cl is None or upper_cl is None):
        raise ValueError("sii: needs lower_cl and upper_cl columns, or an se column")
    if transform and value_type == "normal":
        raise ValueError("sii: transform needs value_type 'rate' or 'proportion'")
    if transform and se is not None:
        raise ValueError("sii: transform needs lower_cl and upper_cl, not se")


def _check_rows(table, population, value, x, value_type, lower_cl, upper_cl, se) -> None:
    """Refuse the rows phe_sii refuses, naming the column."""
    pop = table[population]
    problems = {
        f"sii: populations must be present and greater than zero (column {population!r})": (
            pop.isnull() | (pop <= 0)
        )
    }
    if se is not None:
        problems[f"sii: standard errors must be present and not negative (column {se!r})"] = (
            table[se].isnull() | (table[se] < 0)
        )
    else:
        problems[
            f"sii: confidence limits must be present (columns {lower_cl!r}, {upper_cl!r})"
        ] = table[lower_cl].isnull() | table[upper_cl].isnull()
    if value_type == "proportion":
        if value is not None:
            problems[f"sii: proportions must be between 0 and 1 (column {value!r})"] = (
                table[value] < 0
            ) | (table[value] > 1)
        else:
            problems[f"sii: counts must be greater than zero (column {x!r})"] = table[x] <= 0
        if se is None:
            lower, upper = table[lower_cl], table[upper_cl]
            problems[
                "sii: confidence limits of proportions must be between 0 and 1 "
                f"(columns {lower_cl!r}, {upper_cl!r})"
            ] = (lower < 0) | (lower > 1) | (upper < 0) | (upper > 1)
    reject_invalid(table, problems)


def _count_quantiles(table: ir.Table, quantile: str) -> int:
    """Number of quantiles in the table (every group must have all of them), 5 to 100."""
    count = int(table.aggregate(n=table[quantile].nunique()).execute()["n"].iloc[0])
    if not MIN_QUANTILES <= count <= MAX_QUANTILES:
        raise ValueError(
            f"sii: the number of quantiles (column {quantile!r}) must be between "
            f"{MIN_QUANTILES} and {MAX_QUANTILES}, got {count}"
        )
    return count


def _transformed(expr, value_type: str):
    """The scale on which values are drawn: log for rates, logit for proportions."""
    if value_type == "rate":
        return expr.ln()
    if value_type == "proportion":
        return (expr / (1 - expr)).ln()
    return expr


def _regression_rows(
    table, by, quantile, population, value, x, value_type, transform, lower_cl, upper_cl, se
) -> ir.Table:
    """Per row: population share a, rank b, response y, and mean m and sd w of its drawn value."""
    pop = table[population].cast("float64")
    natural = table[value] if value is not None else table[x] / pop
    drawn = _transformed(natural, value_type)
    if se is not None:
        spread = table[se]
    else:
        upper = _transformed(table[upper_cl], value_type)
        spread = (upper - _transformed(table[lower_cl], value_type)) / (2 * z_value(0.95))
    if transform or value_type == "normal":
        response, centre, sd = drawn, drawn, spread
    elif value_type == "rate":  # log-normal draws: exact mean and sd
        response, centre = natural, natural * (spread**2 / 2).exp()
        sd = centre * ((spread**2).exp() - 1).sqrt()
    else:  # logit-normal draws: mean and sd to second order
        slope = natural * (1 - natural)
        response, sd = natural, slope * spread
        centre = natural + slope * (1 - 2 * natural) * spread**2 / 2
    group = ibis.window(group_by=by)
    upto = ibis.window(group_by=by, order_by=table[quantile], rows=(None, 0))
    total = pop.sum().over(group)
    return table.select(
        *by,
        _quantile=table[quantile],
        _a=pop / total,
        _b=(pop.sum().over(upto) - pop / 2) / total,
        _y=response,
        _m=centre,
        _w=sd,
    )


def _fit(rows: ir.Table, by: list[str], quantiles: int) -> ir.Table:
    """Weighted least squares per group: slope and intercept of the values, of the drawn
    values' means (the centre of the limits), and their (co)variances."""
    a, b, y, w2 = rows._a, rows._b, rows._y, rows._a**2 * rows._w**2
    sums = rows.aggregate(
        by=by,
        _rows=rows._quantile.count(),
        _distinct=rows._quantile.nunique(),
        _valued=(y + rows._w).count(),
        _sa=a.sum(),
        _sab=(a * b).sum(),
        _sabb=(a * b * b).sum(),
        _say=(a * y).sum(),
        _saby=(a * b * y).sum(),
        _sam=(a * rows._m).sum(),
        _sabm=(a * b * rows._m).sum(),
        _u=w2.sum(),
        _ub=(w2 * b).sum(),
        _ubb=(w2 * b * b).sum(),
    )
    mean_b = sums._sab / sums._sa
    sxx = sums._sabb - sums._sab * mean_b
    slope = (sums._saby - mean_b * sums._say) / sxx.nullif(0)
    centre = (sums._sabm - mean_b * sums._sam) / sxx.nullif(0)
    var_slope = (sums._ubb - 2 * mean_b * sums._ub + mean_b**2 * sums._u) / sxx.nullif(0) ** 2
    cross = (sums._ub - mean_b * sums._u) / (sums._sa * sxx.nullif(0))
    complete = (
        (sums._rows == quantiles) & (sums._distinct == quantiles) & (sums._valued == quantiles)
    )
    return sums.mutate(
        _slope=slope,
        _intercept=(sums._say - slope * sums._sab) / sums._sa,
        _centre=centre,
        _centre_intercept=(sums._sam - centre * sums._sab) / sums._sa,
        _var_slope=var_slope,
        _cov=cross - mean_b * var_slope,
        _var_intercept=sums._u / sums._sa**2 - 2 * mean_b * cross + mean_b**2 * var_slope,
        _complete=complete,
    )


def _estimates(fits, value_type, transform, multiplier, confidence) -> dict[str, ir.Value]:
    """SII, RII, intercept and their limits on the output scale."""
    slope, intercept, centre = fits._slope, fits._intercept, fits._centre
    spread = fits._var_slope.sqrt()
    flip = multiplier < 0
    out: dict[str, ir.Value] = {}
    if transform:
        back = _back_transform(value_type)
        fitted_1 = back(intercept + slope)
        fitted_0 = back(intercept)
        out["sii"] = (fitted_1 - fitted_0) * multiplier
        ratio = fitted_1 / fitted_0
        out["rii"] = 1 / ratio if flip else ratio
        out["intercept"] = fitted_0 * abs(multiplier)
        middle = intercept + slope / 2
        for suffix, level in confidence.items():
            z = z_value(level)
            at = {}
            for end, bound in (("lower", centre - z * spread), ("upper", centre + z * spread)):
                top, bottom = back(middle + bound / 2), back(middle - bound / 2)
                at[end] = ((top - bottom) * multiplier, top / bottom)
            low, high = ("upper", "lower") if flip else ("lower", "upper")
            out[f"sii_lower_{suffix}"] = at[low][0]
            out[f"sii_upper_{suffix}"] = at[high][0]
            out[f"rii_lower_{suffix}"] = 1 / at[low][1] if flip else at[low][1]
            out[f"rii_upper_{suffix}"] = 1 / at[high][1] if flip else at[high][1]
        return _ordered(out, confidence)
    out["sii"] = slope * multiplier
    ratio = (intercept + slope) / intercept.nullif(0)
    out["rii"] = 1 / ratio if flip else ratio
    out["intercept"] = intercept
    for suffix, level in confidence.items():
        z = z_value(level)
        ends = (centre - z * spread) * multiplier, (centre + z * spread) * multiplier
        out[f"sii_lower_{suffix}"], out[f"sii_upper_{suffix}"] = ends[::-1] if flip else ends
        low, high = _fieller(fits, z)
        out[f"rii_lower_{suffix}"] = 1 / high if flip else low
        out[f"rii_upper_{suffix}"] = 1 / low if flip else high
    return _ordered(out, confidence)


def _back_transform(value_type: str):
    if value_type == "rate":
        return lambda t: t.exp()
    return lambda t: t.exp() / (1 + t.exp())


def _fieller(fits, z: float) -> tuple[ir.FloatingValue, ir.FloatingValue]:
    """Limits of (intercept + slope) / intercept for jointly normal slope S and intercept I
    (centred on the drawn values' means): the ratios r with (S - (r-1) I)^2 =
    z^2 var(S - (r-1) I); none when the intercept's own interval includes zero."""
    s, i = fits._centre, fits._centre_intercept
    quad = i**2 - z**2 * fits._var_intercept
    half = s * i - z**2 * fits._cov
    const = s**2 - z**2 * fits._var_slope
    root = (half**2 - quad * const).sqrt()
    bounded = quad > 0
    lower = ibis.cases((bounded, 1 + (half - root) / quad.nullif(0)))
    upper = ibis.cases((bounded, 1 + (half + root) / quad.nullif(0)))
    return lower, upper


def _ordered(out: dict, confidence: dict) -> dict:
    """Columns in a stable order: sii and limits, rii and limits, intercept."""
    keys = ["sii", *(f"sii_{e}_{s}" for s in confidence for e in ("lower", "upper"))]
    keys += ["rii", *(f"rii_{e}_{s}" for s in confidence for e in ("lower", "upper"))]
    return {key: out[key] for key in [*keys, "intercept"]}
