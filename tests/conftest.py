import functools
from pathlib import Path

import pytest
import sympy as sp

REPO = Path(__file__).resolve().parents[1]
CONTRACT = REPO.parent / "shared" / "course-contract.md"
ASSIGNMENTS = sorted(p.name for p in (REPO / "source").iterdir() if p.is_dir())


@pytest.fixture
def x():
    return sp.Symbol("x", real=True)


@pytest.fixture
def y():
    return sp.Symbol("y", real=True)


_BUILT: dict = {}


def once_per_worker(build):
    """A pipeline fixture built once per test worker, whatever pytest-xdist does.

    A worker whose queue runs dry tears down every fixture, module-scoped ones
    included, and each would grade its whole class again (seen: every pipeline
    fixture built twice). Its value is kept for the worker's life instead; the
    course it graded stays in pytest's temporary folder until the session ends.
    """
    @functools.wraps(build)
    def fixture(**kwargs):
        key = (build.__module__, build.__name__, getattr(kwargs.get("request"), "param", None))
        if key not in _BUILT:
            _BUILT[key] = build(**kwargs)
        return _BUILT[key]

    return fixture
