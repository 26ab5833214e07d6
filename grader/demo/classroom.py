"""Simulated students' notebooks: the released notebook with answer cells filled in."""

from __future__ import annotations

import copy
import re

import nbformat

SOLUTION_REGION = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", re.M)


def answer_cells(nb) -> dict:
    """The answer (solution) cells of a notebook, by grade id."""
    return {
        cell.metadata["nbgrader"]["grade_id"]: cell
        for cell in nb.cells
        if cell.metadata.get("nbgrader", {}).get("solution")
    }


def instructor_answers(source_nb) -> dict[str, str]:
    """What the instructor's solution puts in each answer cell, delimiters removed."""
    answers = {}
    for grade_id, cell in answer_cells(source_nb).items():
        answers[grade_id] = SOLUTION_REGION.sub("", cell.source).rstrip() + "\n"
    return answers


def with_answers(released_nb, answers: dict[str, str]):
    """A copy of the released notebook with the given answer cells replaced."""
    nb = copy.deepcopy(released_nb)
    cells = answer_cells(nb)
    unknown = set(answers) - set(cells)
    if unknown:
        raise KeyError(f"no answer cell with grade id {sorted(unknown)}")
    for grade_id, source in answers.items():
        cells[grade_id].source = source.strip("\n")
    return nb


def read(path) -> nbformat.NotebookNode:
    return nbformat.read(str(path), as_version=nbformat.NO_CONVERT)
