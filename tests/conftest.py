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

