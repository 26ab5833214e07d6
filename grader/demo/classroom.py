"""Simulated students' notebooks: the released notebook with answer cells filled in."""

from __future__ import annotations

import copy
import random
import re
from dataclasses import dataclass

import nbformat

from grader import catalogue
from grader.demo import alternatives as demo_alternatives
from grader.variants.making import family_of
from grader.variants.variant import Variant

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


@dataclass(frozen=True)
class SimulatedStudent:
    """A student of the demo class.

    kind "solution" submits the instructor's answers, "blank" submits the
    notebook untouched, "alternative" answers correctly in unexpected forms,
    and "mixed" answers each exercise correctly with probability `skill`,
    otherwise makes one of the catalogued mistakes for it.
    """

    id: str
    first_name: str
    last_name: str
    kind: str
    skill: float = 1.0


CLASS = (
    SimulatedStudent("solution", "Sol", "Ution", "solution"),
    SimulatedStudent("blank", "Bea", "Blank", "blank"),
    SimulatedStudent("ada", "Ada", "Lovelace", "mixed", 0.85),
    SimulatedStudent("ben", "Ben", "Okafor", "mixed", 0.65),
    SimulatedStudent("chen", "Chen", "Wei", "mixed", 0.5),
    SimulatedStudent("dara", "Dara", "O'Neil, Jr.", "mixed", 0.35),
    SimulatedStudent("eli", "Eli", "Moreno", "mixed", 0.15),
    SimulatedStudent("fatima", "Fatima", "Haddad", "alternative"),
)

# The demo with variants adds him (grader.demo.copying.NUMBERS_COPIER).
NUMBERS_COPYING = SimulatedStudent("gus", "Gus", "Ng", "solution")

WRITTEN_ANSWER = "I think it is because of the formula; I ran out of time to explain it properly."


@dataclass(frozen=True)
class Plan:
    """What one student writes in one assignment, and the mistake tags it contains."""

    answers: dict[str, str]
    mistakes: dict[str, str]  # exercise -> mistake tag


def plan_for(student: SimulatedStudent, assignment: str, source_nb, variant: Variant | None = None) -> Plan:
    """What `student` writes, with the numbers of `variant` (None: variant 0, the source's)."""
    if student.kind == "blank":
        return Plan({}, {})
    solution = instructor_answers(source_nb)
    varying: set[str] = set()
    if variant is not None:
        templates = family_of(assignment).solutions
        solution.update((exercise, variant.render(template)) for exercise, template in templates.items())
        varying = set(templates) if variant.label != "0" else set()
    if student.kind == "solution":
        return Plan(solution, {})
    mistakes = catalogue.load(assignment).MISTAKES
    # The alternatives are written with variant 0's numbers.
    alternatives = [a for a in demo_alternatives.load(assignment) if a.exercise not in varying]
    rng = random.Random(f"{student.id}/{assignment}")
    answers, made = {}, {}
    for exercise, model in solution.items():
        if not exercise_is_autograded(source_nb, exercise):
            answers[exercise] = model if student.kind == "alternative" else WRITTEN_ANSWER
            continue
        options = [a for a in alternatives if a.exercise == exercise]
        wrong = [m for m in mistakes if m.exercise == exercise]
        if student.kind == "alternative":
            answers[exercise] = options[0].source if options else model
        elif wrong and rng.random() > student.skill:
            mistake = rng.choice(wrong)
            answers[exercise], made[exercise] = mistake.source_for(variant), mistake.tag
        else:
            answers[exercise] = rng.choice(options).source if options and rng.random() < 0.5 else model
    return Plan(answers, made)


def exercise_is_autograded(source_nb, exercise: str) -> bool:
    return answer_cells(source_nb)[exercise].cell_type == "code"
