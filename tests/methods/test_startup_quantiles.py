"""The methods' quantiles without scipy.stats: the same values to the last bit, and no
scipy.stats loaded by importing the engine or computing a small expression."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from scipy import stats

from hwb.methods import constants, funnel, mean, rate


@pytest.mark.parametrize("confidence", [0.95, 0.998, 0.9, 0.99])
def test_normal_quantiles_equal_scipy_stats(confidence):
    assert constants.z_value(confidence) == float(stats.norm.ppf(1 - (1 - confidence) / 2))


@pytest.mark.parametrize("confidence", [0.95, 0.998])
def test_t_table_equals_scipy_stats(confidence):
    probability = 1 - (1 - confidence) / 2
    expected = tuple(float(stats.t.ppf(probability, df)) for df in range(1, mean.TABLED_DF + 1))
    assert mean._t_table(probability) == expected


@pytest.mark.parametrize("confidence", [0.95, 0.998])
def test_exact_poisson_table_equals_scipy_stats(confidence):
    tail = (1 - confidence) / 2
    expected = tuple(
        (float(stats.chi2.ppf(tail, 2 * k) / 2) if k else 0.0, float(stats.chi2.ppf(1 - tail, 2 * k + 2) / 2))
        for k in range(constants.MIN_EVENTS)
    )
    assert rate._exact_table(confidence) == expected


@pytest.mark.parametrize("side", ["low", "high"])
def test_funnel_bisection_equals_scipy_stats_poisson(side):
    observed = np.unique(np.round(np.geomspace(1, 1e6, 400)))
    tail = funnel.TAILS["95"]
    v, dv = np.full(observed.shape, 0.5), 0.5
    while dv > 1e-7:  # the bisection as it was written with scipy.stats.poisson
        dv /= 2
        mu = (1 + observed) * v / (1 - v)
        if side == "low":
            down = stats.poisson.sf(observed - 1, mu) > tail
        else:
            down = stats.poisson.cdf(observed, mu) < tail
        v = np.where(down, v - dv, v + dv)
    assert np.array_equal(funnel._expected_at_limit(observed, tail, side), (1 + observed) * v / (1 - v))


def test_quantiles_refuse_a_confidence_outside_zero_and_one():
    with pytest.raises(ValueError, match="between 0 and 1"):
        constants.z_value(1.5)


def test_engine_and_methods_compile_without_scipy_stats():
    code = (
        "import sys, ibis, hwb.engine.build\n"
        "from hwb.methods import mean, rate, proportion\n"
        "t = ibis.memtable({'n': [1, 5, 12], 'd': [10, 20, 30], 'sd': [1.0, 2.0, 3.0]})\n"
        "cols = {**rate.crude_rate(t.n, t.d), **{'m_' + k: v for k, v in mean.mean_limits(t.d, t.sd, t.n).items()}}\n"
        "ibis.to_sql(t.mutate(**cols))\n"
        "assert 'scipy.special' in sys.modules, 'quantiles were not computed'\n"
        "print(sorted(m for m in sys.modules if m.startswith('scipy.stats')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_importing_the_engine_loads_no_scipy():
    code = "import sys, hwb.engine.build, hwb.methods.funnel\nprint([m for m in sys.modules if m.startswith('scipy')])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
