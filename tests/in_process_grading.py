"""A notebook's test cells, planned as autograde plans them and judged in this process.

No nbgrader and no kernel: the answer cells of a submission run in a fresh
namespace (after the notebook's locked setup), each planned check gathers its
evidence from that namespace exactly as the grading kernel would
(`grader.in_kernel.gathering.gather`, the source scan of a `forbid` rule) and
the planned judge decides. The verdicts are the ones autograde writes, at a
fraction of its cost; the pipeline tests make sure the two agree.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass

from paths import REPO

from grader import checks
from grader.demo import classroom
from grader.grading_plan import PlannedCell, plan_notebook
from grader.in_kernel.gathering import gather, quiet
from grader.judging import not_allowed
from grader.judging.verdict import Verdict

os.environ.setdefault("MPLBACKEND", "Agg")  # the setup cells import matplotlib; nothing is drawn


@dataclass(frozen=True)
class Notebook:
    cells: tuple  # (role, grade_id, source): "setup", "answer" or "test", in the notebook's order
    solution: dict  # the instructor's answer of each code answer cell, by grade id


@functools.cache
def notebook(assignment: str) -> Notebook:
    source = classroom.read(REPO / "source" / assignment / f"{assignment}.ipynb")
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
    return Notebook(tuple(cells), solution)


@functools.cache
def plans(assignment: str) -> dict[str, PlannedCell]:
    book = notebook(assignment)
    planned = plan_notebook([c for c in book.cells if c[0] != "answer"], list(book.solution))
    broken = {gid: plan.error for gid, plan in planned.items() if plan.error}
    assert not broken, f"{assignment}: test cells the grader cannot plan: {broken}"
    return planned


def grade(assignment: str, answers: dict[str, str], *, from_cell: str | None = None) -> dict[str, list[Verdict]]:
    """The verdict of every check of every test cell, for the solution with `answers` in place of its cells.

    `from_cell` (a test cell's grade id) judges only that cell and the ones after it: an
    answer changed there can only matter to those, as answers call earlier exercises.
    """
    book = notebook(assignment)
    unknown = set(answers) - set(book.solution)
    assert not unknown, f"no answer cell {sorted(unknown)} in {assignment}"
    written = {**book.solution, **answers}
    namespace = {"__name__": "__main__"}
    program = []
    for role, gid, source in book.cells:
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
    judged = tests[tests.index(from_cell):] if from_cell else tests
    verdicts = {}
    for gid in judged:
        plan = plans(assignment)[gid]
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
