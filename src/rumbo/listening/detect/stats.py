"""Significance of a count against its baseline, as a z that any threshold can be set in."""

from __future__ import annotations

import math


def surprise(count: int, expected: float, variance: float) -> float:
    """How unlikely ``count`` is, as the z of the same upper-tail probability.

    Counts are Poisson with overdispersion: with a dispersion index d = variance / mean above 1,
    ``count / d`` is compared with a Poisson of mean ``expected / d``. A normal approximation would
    fire far too often on small expected counts, the common case for single terms.
    """
    mean = max(expected, 0.05)
    dispersion = max(1.0, variance / mean)
    k = count / dispersion
    mean /= dispersion
    if k <= mean:
        return 0.0
    if mean > 200.0:  # the normal limit is accurate here and the tail sum would be long
        return (k - mean) / math.sqrt(mean)
    # log P(X >= k): the tail's first term, times the (fast-converging) ratio series.
    log_first = -mean + k * math.log(mean) - math.lgamma(k + 1.0)
    total, term, i = 1.0, 1.0, 1
    while term > 1e-12 and i < 400:
        term *= mean / (k + i)
        total += term
        i += 1
    log_p = log_first + math.log(total)
    return _z_of_log_tail(log_p)


def _z_of_log_tail(log_p: float) -> float:
    """z such that the standard normal upper tail equals exp(log_p) (asymptotic inverse)."""
    if log_p >= math.log(0.5):
        return 0.0
    # Solve log(phi(z)/z) = log_p by a few Newton steps on the Mills-ratio approximation.
    z = math.sqrt(-2.0 * log_p)
    for _ in range(4):
        f = -0.5 * z * z - math.log(z * math.sqrt(2.0 * math.pi)) - log_p
        slope = -z - 1.0 / z
        z -= f / slope
    return max(z, 0.0)
