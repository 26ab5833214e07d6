"""The instructor's test cells, run in the grader's own process to plan what to ask the kernel.

During autograde the student's kernel never sees a hidden test, a reference or
an expected value. Instead the grader runs each test cell's code itself (the
instructor's code, as stored in the gradebook) with every student answer
replaced by a `StudentAnswer` placeholder. Each check then records, through
`Planner`, the `Request` the kernel must answer and the judge that will score
the evidence. The kernel's test cell becomes a call to
`grader.in_kernel.answer_requests` with the packed requests (`kernel_source`).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field, replace
from typing import Callable

import cloudpickle

from grader import checks
from grader.evidence import Request, quiet

PLAN_MODULE = "__calc4ml_plan__"  # not importable: cloudpickle ships what it defines by value


class CourseBug(Exception):
    """A test cell the grader cannot plan: the course must be fixed, not the student's answer."""


class StudentAnswer:
    """Stands for a student's answer while the grader plans; it can only be handed to a check."""

    def __init__(self, name: str):
        self.name = name

    def _misuse(self, *args, **kwargs):
        raise CourseBug(f"a test uses the student's `{self.name}` directly; tests may only pass "
                        "student answers to the course's checks, which run them in the student's kernel")

    __call__ = __getattr__ = __getitem__ = __iter__ = __len__ = __bool__ = __float__ = __int__ = _misuse
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __array__ = _misuse


@dataclass
class PlannedCheck:
    request: Request
    judge: checks.Judge
    namespace: dict  # where catalogued mistakes run: the setup's names and the trusted stand-ins


@dataclass
class PlannedCell:
    grade_id: str
    checks: list[PlannedCheck] = field(default_factory=list)
    error: str | None = None  # why the cell could not be planned (a course bug)


class Planner:
    """The check session of the grader's process: records requests instead of running them."""

    def __init__(self, namespace: dict):
        self.namespace = namespace
        self.trusted: dict[str, Callable] = {}
        self.checked: set[str] = set()
        self.planned: list[PlannedCheck] = []

    def trust(self, implementations: dict[str, Callable]) -> None:
        self.trusted.update(implementations)

    def substitutes_for(self, name: str) -> dict[str, Callable]:
        # Only exercises whose evidence the kernel has already given: an answer
        # lent its own reference, or one it could keep for later, could pass it off.
        return {k: v for k, v in self.trusted.items() if k != name and k in self.checked}

    def submit(self, request: Request, answer, judge: checks.Judge) -> None:
        if not isinstance(answer, StudentAnswer):
            raise CourseBug(f"the check of `{request.name}` is given a value the test computed, not a student's "
                            "answer; the grader cannot ask the student's kernel for it")
        substitutes = self.substitutes_for(request.name)
        self.planned.append(PlannedCheck(replace(request, answer=answer.name), judge,
                                         {**self.namespace, **substitutes}))


def plan_notebook(cells: list[tuple[str, str, str]], answer_names: list[str]) -> dict[str, PlannedCell]:
    """Plan the test cells of one notebook.

    `cells` are (role, grade_id, source) in the submission's order, role "setup"
    for the instructor's locked code cells and "test" for test cells; sources
    come from the gradebook, never from the submission.
    """
    namespace = {"__name__": PLAN_MODULE, **{name: StudentAnswer(name) for name in answer_names}}
    planner = Planner(namespace)
    plans: dict[str, PlannedCell] = {}
    previous = checks.use_session(planner)
    try:
        for role, grade_id, source in cells:
            if role == "setup":
                _run(source, grade_id, namespace)
                continue
            planner.planned = []
            plan = PlannedCell(grade_id)
            try:
                _run(source, grade_id, namespace)
            except Exception as exc:  # the instructor's test code, failing in the grader
                plan.error = f"{type(exc).__name__}: {exc}"
            plan.checks = planner.planned
            planner.checked.update(check.request.name for check in plan.checks)
            plans[grade_id] = plan
    finally:
        checks.use_session(previous)
    return plans


def _run(source: str, grade_id: str, namespace: dict) -> None:
    with quiet():
        exec(compile(source, f"<{grade_id}>", "exec"), namespace)


def kernel_source(grade_id: str, nonce: str, plan: PlannedCell) -> str:
    """The code the kernel runs in place of a test cell: answer the packed requests."""
    packed = base64.b64encode(cloudpickle.dumps((nonce, [c.request for c in plan.checks]))).decode()
    return (f"# {grade_id}: the grader's requests; the answers are judged outside this kernel\n"
            f"__import__('grader.in_kernel', fromlist=['*']).answer_requests('{packed}')\n")
