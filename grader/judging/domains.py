"""Where an expression is compared: an interval per symbol, plus points always tried."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import sympy as sp


@dataclass(frozen=True)
class Domain:
    """Open intervals to sample from, by symbol name.

    `special_points` are always included (kinks, boundaries the exercise names),
    each a mapping from symbol name to value.
    """

    intervals: dict[str, tuple[float, float]]
    special_points: tuple[dict[str, float], ...] = field(default=())

    @classmethod
    def of(cls, symbols, low: float = -4.0, high: float = 4.0, special_points=()) -> Domain:
        return cls({str(s): (low, high) for s in symbols}, tuple(special_points))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.intervals)

    def sample(self, count: int, seed: int) -> list[dict[str, float]]:
        rng = np.random.default_rng(seed)
        points = [dict(p) for p in self.special_points]
        for _ in range(count):
            points.append({name: float(rng.uniform(lo, hi)) for name, (lo, hi) in self.intervals.items()})
        return points


def default_domain(*exprs: sp.Expr) -> Domain:
    symbols = sorted(set().union(*(e.free_symbols for e in exprs)), key=str)
    return Domain.of(symbols)
