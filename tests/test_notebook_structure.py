"""Source and release notebooks follow the course contract and nbgrader's rules for hidden tests."""

import re

import pytest
from paths import ASSIGNMENTS, CONTRACT, REPO

from grader.demo import classroom


def contract_names(assignment: str) -> list[str]:
    # The contract binds the notebooks; a run that cannot read it has not checked them, so it fails.
    assert CONTRACT.exists(), (f"{CONTRACT} is missing: the course contract lives beside the checkout "
                               "(../shared/course-contract.md); clone the course with it")
    # The assignment's own section, and its part of "Added exercises" (a ### heading), bind alike.
    text = CONTRACT.read_text()
    names = []
    for heading in re.finditer(rf"^#{{2,3}} {assignment}\b.*$", text, re.M):
        section = re.split(r"^#{2,3} ", text[heading.end():], maxsplit=1, flags=re.M)[0]
        names += re.findall(r"^\| `([A-Za-z_]\w*)", section, re.M)
    return names


def notebook(kind: str, assignment: str):
    return classroom.read(REPO / kind / assignment / f"{assignment}.ipynb")


def nbgrader_cells(nb):
    return [(cell, cell.metadata["nbgrader"]) for cell in nb.cells if "nbgrader" in cell.metadata]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_contract_name_has_an_answer_cell_and_a_locked_test_cell(assignment):
    cells = {meta["grade_id"]: (cell, meta) for cell, meta in nbgrader_cells(notebook("source", assignment))}
    for name in contract_names(assignment):
        assert name in cells, f"no answer cell with grade id {name}"
        test_cell, test_meta = cells[f"test_{name}"]
        assert test_meta["locked"] and test_meta["grade"] and test_meta["points"] > 0
        assert name in test_cell.source


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_still_shows_each_name_it_asks_for(assignment):
    released = "\n".join(cell.source for cell in notebook("release", assignment).cells)
    for name in contract_names(assignment):
        assert re.search(rf"(def\s+{name}\s*\(|^class\s+{name}\b|^\s*{name}\s*=)", released, re.M), name


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_has_no_solutions_or_hidden_tests(assignment):
    released = "\n".join(cell.source for cell in notebook("release", assignment).cells)
    assert "BEGIN SOLUTION" not in released and "HIDDEN TESTS" not in released
    assert "Rubric" not in released


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_setup_cell_comes_first_is_locked_and_defines_the_tools(assignment):
    nb = notebook("source", assignment)
    first_code = next(cell for cell in nb.cells if cell.cell_type == "code")
    meta = first_code.metadata["nbgrader"]
    assert meta["locked"] and not meta["solution"] and not meta["grade"]
    for needed in ("import numpy as np", "import sympy as sp", "from grader.checks import"):
        assert needed in first_code.source
    assert nb.metadata.kernelspec.name == "python3"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_test_cell_is_locked(assignment):
    # An unlocked test cell keeps the student's copy at autograde and loses its hidden tests.
    for cell, meta in nbgrader_cells(notebook("source", assignment)):
        if meta.get("grade") and cell.cell_type == "code":
            assert meta.get("locked"), meta["grade_id"]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_released_test_cells_implement_nothing(assignment):
    # Whatever a released test cell defines lives in the student's kernel, where an
    # answer could call it: public tests hold literal values, never implementations.
    for cell, meta in nbgrader_cells(notebook("release", assignment)):
        if meta.get("grade") and cell.cell_type == "code":
            assert not re.search(r"^\s*(def |class )", cell.source, re.M), meta["grade_id"]
            assert "_reference" not in cell.source, meta["grade_id"]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_trusted_implementations_are_registered_only_in_hidden_tests(assignment):
    for cell, meta in nbgrader_cells(notebook("source", assignment)):
        outside = re.sub(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS", "", cell.source, flags=re.S)
        assert "trust(" not in outside, meta["grade_id"]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_test_cell_starts_with_its_name_then_the_hidden_block_then_the_public_checks(assignment):
    """README's rule ("Writing an exercise"): the hidden block first, so its trusted implementations are
    registered even when a public check fails, and a public check never runs before the hidden ones."""
    out_of_order = []
    for cell, meta in nbgrader_cells(notebook("source", assignment)):
        if not meta.get("grade") or meta.get("solution") or cell.cell_type != "code":
            continue
        before_hidden, hidden, _ = re.split(r"^### (?:BEGIN|END) HIDDEN TESTS$", cell.source, maxsplit=2, flags=re.M) \
            if "### BEGIN HIDDEN TESTS" in cell.source else (cell.source, "", "")
        if not hidden or not cell.source.startswith(f"# Tests {meta['grade_id'].removeprefix('test_')}") \
                or re.search(r"\bcheck_\w+\(", before_hidden):
            out_of_order.append(meta["grade_id"])
    assert out_of_order == []
