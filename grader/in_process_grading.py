"""A notebook's test cells, planned as autograde plans them and judged in this process.

No nbgrader and no kernel: the answer cells of a submission run in a fresh
namespace (after the notebook's locked setup), each planned check gathers its
evidence from that namespace exactly as the grading kernel would
(`grader.in_kernel.gathering.gather`, the source scan of a `forbid` rule) and
the planned judge decides. The verdicts are the ones autograde writes, at a
fraction of its cost; the pipeline tests make sure the two agree. A variant, when
given, is the one both the planning and the answers' setup cell see, as in grading.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import json
import os
from dataclasses import dataclass
from pathlib import Path

from grader import catalogue, checks
from grader.demo import classroom
from grader.grading_plan import PlannedCell, plan_notebook
from grader.in_kernel.gathering import gather, quiet
from grader.judging import not_allowed
from grader.judging.verdict import Verdict
from grader.variants import has_variants, variant_0
from grader.variants.in_notebook import pin, planning
from grader.variants.variant import Variant

os.environ.setdefault("MPLBACKEND", "Agg")  # the setup cells import matplotlib; nothing is drawn


@dataclass(frozen=True)
class Notebook:
    cells: tuple  # (role, grade_id, source): "setup", "answer" or "test", in the notebook's order
    solution: dict  # the instructor's answer of each code answer cell, by grade id
    points: dict  # each test cell's points, by grade id


@functools.cache
def notebook(course: Path, assignment: str) -> Notebook:
    source = classroom.read(course / "source" / assignment / f"{assignment}.ipynb")
    answers = classroom.instructor_answers(source)
    cells = []
    for cell in source.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or "grade_id" not in meta:
            continue
        if meta.get("solution"):
            cells.append(("answer", meta["grade_id"], answers[meta["grade_id"]]))
        elif meta.get("grade"):
            cells.append(("test", meta["grade_id"], cell.source))
        elif meta.get("locked"):
            cells.append(("setup", meta["grade_id"], cell.source))
    solution = {gid: src for role, gid, src in cells if role == "answer"}
    points = {cell.metadata["nbgrader"]["grade_id"]: float(cell.metadata["nbgrader"].get("points", 0))
              for cell in source.cells if cell.metadata.get("nbgrader", {}).get("grade")
              and not cell.metadata["nbgrader"].get("solution")}
    return Notebook(tuple(cells), solution, points)


class UnplannableTests(Exception):
    """Test cells the grader cannot plan: a course bug, named by cell."""


def plans(course: Path, assignment: str, variant: Variant | None = None) -> dict[str, PlannedCell]:
    """The notebook's test cells planned for `variant` (variant 0 if None), as autograde plans them."""
    variant = _variant(assignment, variant)
    key = (course, assignment, None if variant is None else json.dumps(dict(variant.parameters), sort_keys=True))
    if key not in _planned:
        _planned[key] = _plan(course, assignment, variant)
        while len(_planned) > _PLANS_KEPT:
            _planned.popitem(last=False)
    _planned.move_to_end(key)
    return _planned[key]


# Plans of the latest notebooks and variants: a test judges many answers against one
# plan, a variant check one variant after another.
_PLANS_KEPT = 16
_planned: collections.OrderedDict[tuple, dict[str, PlannedCell]] = collections.OrderedDict()


def _plan(course: Path, assignment: str, variant: Variant | None) -> dict[str, PlannedCell]:
    book = notebook(course, assignment)
    cells = [c for c in book.cells if c[0] != "answer"]
    with planning(assignment, variant) if variant is not None else contextlib.nullcontext():
        planned = plan_notebook(cells, list(book.solution))
    broken = {gid: plan.error for gid, plan in planned.items() if plan.error}
    if broken:
        raise UnplannableTests(f"{assignment}: test cells the grader cannot plan: {broken}")
    return planned


def _variant(assignment: str, variant: Variant | None) -> Variant | None:
    """The variant to grade on: the one given, else variant 0 (None: the assignment has none)."""
    return variant if variant is not None else (variant_0(assignment) if has_variants(assignment) else None)


def grade(course: Path, assignment: str, answers: dict[str, str], *, from_cell: str | None = None,
          only: str | None = None, variant: Variant | None = None) -> dict[str, list[Verdict]]:
    """The verdict of every check of every test cell, for the solution with `answers` in place of its cells.

    `from_cell` (a test cell's grade id) judges only that cell and the ones after it: an
    answer changed there can only matter to those, as answers call earlier exercises.
    `only` judges that test cell alone, and runs only the cells before it.
    """
    variant = _variant(assignment, variant)
    if variant is not None:  # what the grading kernel's setup cell does
        pin(assignment, variant.parameters, variant.label, dict(variant.public))
    book = notebook(course, assignment)
    unknown = set(answers) - set(book.solution)
    assert not unknown, f"no answer cell {sorted(unknown)} in {assignment}"
    written = {**book.solution, **answers}
    namespace = {"__name__": "__main__"}
    program = []
    for role, gid, source in book.cells:
        if gid == only:
            break
        if role == "test":
            continue
        code = written[gid] if role == "answer" else source
        if role == "answer":
            program.append((f"cell {gid}", code))
        with quiet():
            try:
                exec(compile(code, f"<{gid}>", "exec"), namespace)  # the course's and the catalogue's code
            except Exception:
                pass  # a broken answer cell leaves its name undefined, as in a kernel
    statements = not_allowed.statements(program)
    tests = [gid for role, gid, _ in book.cells if role == "test"]
    judged = [only] if only else tests[tests.index(from_cell):] if from_cell else tests
    verdicts: dict[str, list[Verdict]] = {}
    for gid in judged:
        plan = plans(course, assignment, variant)[gid]
        verdicts[gid] = []
        for check in plan.checks:
            with quiet():
                evidence = gather(check.request, namespace.get(check.request.answer))
            evidence = checks.with_source_uses(evidence, check.request, statements)
            verdicts[gid].append(check.judge(evidence, dict(check.namespace)))
    return verdicts


def failures(verdicts: dict[str, list[Verdict]]) -> dict[str, list[Verdict]]:
    """The test cells with a failing check, and their failing verdicts."""
    return {gid: [v for v in vs if not v.passed] for gid, vs in verdicts.items() if any(not v.passed for v in vs)}


def cell_score(test_cell: str, points: float, verdicts: list[Verdict]) -> float:
    """A test cell's score as autograde gives it: all its points, or its first failure's catalogued share.

    As `PartialCredit` reads it: the share of the mistake named in the cell's own exercise
    (the test cell `test_<exercise>`).
    """
    failed = next((v for v in verdicts if not v.passed), None)
    if failed is None:
        return points
    return points * catalogue.credit_for(test_cell.removeprefix("test_"), failed.tag) if failed.tag else 0.0
