"""Words for a student: where an answer went wrong and how, never what the reference is.

A point the student was shown (a public test) is written out; a hidden probe
point is only described ("a large negative x"), so feedback never reveals it.
"""

from __future__ import annotations

import math

import numpy as np


def fmt(value: float, digits: int = 4) -> str:
    """A number as a student would write it: short, no float noise."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return f"{value:.{digits}g}"


def digits_to_tell_apart(got: float, expected: float) -> int:
    """Enough significant digits that `got` does not print like `expected`."""
    relative = abs(got - expected) / max(abs(expected), 1e-300)
    return 4 if relative >= 1e-3 else min(15, 3 + int(-math.log10(max(relative, 1e-15))))


def describe_scalar(name: str, value: float) -> str:
    """A hidden scalar argument as a range that holds it, not its value."""
    value = float(value)
    if value == 0:
        return f"{name} = 0"
    if value >= 100:
        return f"{name} > 100"
    if value <= -100:
        return f"{name} < -100"
    if 0 < value < 0.1:
        return f"0 < {name} < 0.1"
    if -0.1 < value < 0:
        return f"-0.1 < {name} < 0"
    return f"{name} > 0" if value > 0 else f"{name} < 0"


def describe_argument(name: str, value, reveal: bool) -> str:
    if isinstance(value, np.ndarray):
        if reveal and value.size <= 6:
            return f"{name} = np.array({np.array2string(value, precision=4, separator=', ', max_line_width=10_000).replace(chr(10), '')})"
        return f"{name} given as a NumPy array of shape {value.shape}"
    if isinstance(value, (int, float, np.floating, np.integer)) and not isinstance(value, bool):
        return f"{name} = {fmt(float(value))}" if reveal else describe_scalar(name, float(value))
    if callable(value):
        # A hidden test's helper names would say too much; public ones are np.sin and the like.
        return f"{name} = {getattr(value, '__name__', 'a function')}" if reveal else f"{name} a function"
    if reveal:
        return f"{name} = {value!r}"
    return f"{name} of type {type(value).__name__}"


def describe_point(names: tuple[str, ...], values: tuple, reveal: bool) -> str:
    parts = [describe_argument(n, v, reveal) for n, v in zip(names, values)]
    return ", ".join(parts) if parts else "no arguments"


def describe_call(names: tuple[str, ...], args: tuple, kwargs: dict, reveal: bool) -> str:
    parts = [describe_argument(n, v, reveal) for n, v in zip(names, args)]
    parts += [describe_argument(n, v, reveal) for n, v in kwargs.items()]
    return ", ".join(parts)


def describe_error(error: str) -> str:
    """'raised ValueError: ...', or that the answer is not written yet."""
    kind, _, detail = error.partition(":")
    if kind == "NotImplementedError":
        return "is not written yet (it, or a function it calls, still raises NotImplementedError)"
    return f"raised {kind}: {detail.strip()}" if detail.strip() else f"raised {kind}"


def describe_discrepancy(got: float, expected: float, noun: str = "the correct value") -> str:
    """How `got` relates to `expected`, in words that point at the mistake."""
    if expected == 0:
        return f"{noun} there is 0"
    if got == 0:
        return f"{noun} there is not 0"
    ratio = expected / got
    if abs(ratio + 1) < 1e-6:
        return f"{noun} there has the opposite sign"
    if ratio < 0:
        return f"{noun} there has the opposite sign and a different size"
    if 2 / 3 < ratio < 1.5:
        # Not a clean factor: a relative difference says more than "a factor of about 1".
        change = abs(ratio - 1)
        size = f"{change:.0%}" if change >= 0.01 else f"{change:.1e} (relative)"
        return f"{noun} there is {'larger' if ratio > 1 else 'smaller'} by about {size}"
    if ratio > 1:
        return f"{noun} there is larger by a factor of about {_round_factor(ratio)}"
    return f"{noun} there is smaller by a factor of about {_round_factor(1 / ratio)}"


def _round_factor(ratio: float) -> str:
    nearest = round(ratio)
    if nearest >= 2 and abs(ratio - nearest) < 0.05 * nearest:
        return str(nearest)
    return f"{ratio:.2g}"


def describe_pattern(got: np.ndarray, expected: np.ndarray) -> str | None:
    """A mistake visible across all the points at once (a constant factor, a sign)."""
    mask = np.isfinite(got) & np.isfinite(expected) & (np.abs(got) > 1e-12) & (np.abs(expected) > 1e-12)
    if mask.sum() < 3:
        return None
    ratio = expected[mask] / got[mask]
    if np.allclose(ratio, ratio[0], rtol=1e-6):
        r = float(ratio[0])
        if abs(r + 1) < 1e-6:
            return "Everywhere your values have the wrong sign: check for a dropped minus sign."
        if abs(r - 1) > 1e-6:
            size = abs(r)
            how = (f"{_round_factor(size)} times too small" if size > 1
                   else f"{_round_factor(1 / size)} times too large")
            sign = " and of the wrong sign" if r < 0 else ""
            return (f"Everywhere your values are {how}{sign}: "
                    "look for a missing or extra constant factor.")
    diff = expected[mask] - got[mask]
    if np.allclose(diff, diff[0], rtol=1e-6, atol=1e-9) and abs(diff[0]) > 1e-9:
        return "Everywhere your values are off by the same constant: look for a term added or dropped by mistake."
    return None
