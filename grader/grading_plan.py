"""The instructor's test cells, run in the grader's own process to plan what to ask the kernel.

During autograde the student's kernel never sees a hidden test, a reference or
an expected value. Instead the grader runs each test cell's code itself (the
instructor's code, as stored in the gradebook) with every student answer
replaced by a `StudentAnswer` placeholder. Each check then records, through
`Planner`, the `Request` the kernel must answer and the judge that will score
the evidence. The kernel's test cell becomes a call to
`grader.in_kernel.answering.answer_requests` with the packed requests (`kernel_source`).

Planning costs seconds (the references are worked out then), and the same
cells plan the same way for every student: a process plans each notebook once,
and the coordinating process of a run ships its plans to the workers
(`pack`, `adopt`), so a run plans each notebook once wherever it grades.
"""

from __future__ import annotations

import base64
import functools
import io
import time
import types
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import cloudpickle

from grader import checks, grading_process
from grader.course_bug import CourseBug
from grader.evidence import Request
from grader.in_kernel.gathering import quiet
from grader.variants import in_notebook

PLAN_MODULE = "__calc4ml_plan__"  # not importable: cloudpickle ships what it defines by value


class StudentAnswer:
    """Stands for a student's answer while the grader plans; it can only be handed to a check."""

    def __init__(self, name: str):
        self.name = name

    def __reduce__(self):  # a shipped plan holds placeholders; unpickling must not reach `_misuse`
        return StudentAnswer, (self.name,)

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

    def __init__(self, namespace: dict, answer_names: tuple[str, ...]):
        self.namespace = namespace
        self.answer_names = answer_names
        self.trusted: dict[str, Callable] = {}
        self.planned: list[PlannedCheck] = []

    def trust(self, implementations: dict[str, Callable]) -> None:
        self.trusted.update(implementations)

    def substitutes_for(self, name: str) -> dict[str, Callable]:
        return {}  # lent once every cell is planned (`_lend`): it depends on the submission's order

    def submit(self, request: Request, answer, judge: checks.Judge) -> None:
        if not isinstance(answer, StudentAnswer):
            raise CourseBug(f"the check of `{request.name}` is given a value the test computed, not a student's "
                            "answer; the grader cannot ask the student's kernel for it")
        others = sorted(set(request.substitutes) - set(self.answer_names))
        if others:
            raise CourseBug(f"the check of `{request.name}` lends stand-ins for {', '.join(others)}, which are not "
                            "exercises of this notebook; only an exercise's trusted version may stand in for it")
        self.planned.append(PlannedCheck(replace(request, answer=answer.name), judge, dict(self.namespace)))


Cells = tuple[tuple[str, str, str], ...]  # (role, grade_id, source): "setup" or "test", in the submission's order


def cells_to_plan(notebook_cells: list[tuple[str, str | None]], sources: dict[str, tuple[str, bool, str]],
                  graded: set[str], answers: list[str]) -> tuple[Cells, dict[int, str]]:
    """What planning is given of a notebook, and where its test cells are (index -> grade_id).

    `notebook_cells` are (cell_type, grade_id) in the notebook's order; `sources`
    are the gradebook's (cell_type, locked, source) by grade_id: the code
    planned is the instructor's, never the submission's. A test is a graded
    cell that is not an answer.
    """
    tests = graded - set(answers)
    cells, positions, seen = [], {}, set()
    for index, (cell_type, gid) in enumerate(notebook_cells):
        if cell_type != "code" or gid not in sources or sources[gid][0] != "code":
            continue
        if gid in tests and gid not in seen:
            cells.append(("test", gid, sources[gid][2]))
            positions[index] = gid
            seen.add(gid)
        elif sources[gid][1] and gid not in tests and gid not in answers:
            cells.append(("setup", gid, sources[gid][2]))
    return tuple(cells), positions


def plan_notebook(cells: list[tuple[str, str, str]], answer_names: list[str]) -> dict[str, PlannedCell]:
    """Plan the test cells of one notebook.

    `cells` are (role, grade_id, source) in the submission's order, role "setup"
    for the instructor's locked code cells and "test" for test cells; sources
    come from the gradebook, never from the submission.
    """
    plans, trusted = _plan(tuple((role, grade_id, source) for role, grade_id, source in cells), tuple(answer_names))
    # Each submission gets its own copies to lend to; the judges are pure and shared.
    plans = {grade_id: PlannedCell(grade_id, [PlannedCheck(c.request, c.judge, dict(c.namespace)) for c in plan.checks],
                                   plan.error)
             for grade_id, plan in plans.items()}
    _lend(plans, [grade_id for role, grade_id, _ in cells if role == "test"], trusted)
    return plans


def _plan(cells: Cells, answer_names: tuple[str, ...]):
    """Plans made or adopted by this process are kept for its next submissions (grader.grading_process)."""
    process = grading_process.current()
    key = (cells, answer_names, in_notebook.planned_key())
    if key not in process.plans:
        started = time.process_time()
        process.plans[key] = _make_plan(cells, answer_names)
        process.seconds_planning += time.process_time() - started
    return process.plans[key]


class _PlanPickler(cloudpickle.Pickler):
    """cloudpickle for plans and requests, with two shortcuts.

    A test's own `functools.lru_cache` helper travels as the function it wraps
    (one of an importable module travels by reference, as pickle sends it). A
    function with no module (SymPy's `lambdify` makes them) is sent by value at
    once: cloudpickle would first look for it in every loaded module, which in
    a grading worker is thousands of modules for each such function and cost
    seconds per submission.
    """

    def reducer_override(self, obj):
        if isinstance(obj, functools._lru_cache_wrapper) and obj.__module__ == PLAN_MODULE:
            return _cached, (obj.__wrapped__, obj.cache_parameters())
        if isinstance(obj, types.FunctionType) and obj.__module__ is None:
            return self._dynamic_function_reduce(obj)
        return super().reducer_override(obj)


def _dumps(obj) -> bytes:
    buffer = io.BytesIO()
    _PlanPickler(buffer).dump(obj)
    return buffer.getvalue()


def _cached(function, parameters):
    return functools.lru_cache(maxsize=parameters["maxsize"], typed=parameters["typed"])(function)


def pack(plannable: list[tuple[Cells, tuple[str, ...]]]) -> bytes:
    """The plans of these notebooks (planned here if they were not), for `adopt` in another process."""
    return _dumps({(*key, in_notebook.planned_key()): _plan(*key) for key in plannable})


def adopt(packed: bytes) -> None:
    """Take another process's plans as this one's: a notebook planned there is not planned again here."""
    for key, plan in cloudpickle.loads(packed).items():
        grading_process.current().plans.setdefault(key, plan)


def _make_plan(cells: Cells, answer_names: tuple[str, ...]):
    namespace = {"__name__": PLAN_MODULE, **{name: StudentAnswer(name) for name in answer_names}}
    planner = Planner(namespace, answer_names)
    plans: dict[str, PlannedCell] = {}
    previous = checks.use_session(planner)
    try:
        for role, grade_id, source in cells:
            if role == "setup":
                _run(source, grade_id, namespace)
        # A test may use what an earlier test's hidden code defined, and a
        # submission may have moved its test cells: one that meets an undefined
        # name is planned again once the others are.
        pending = [(grade_id, source) for role, grade_id, source in cells if role == "test"]
        while pending:
            waiting = []
            for grade_id, source in pending:
                planner.planned = []
                plans[grade_id] = PlannedCell(grade_id)
                try:
                    _run(source, grade_id, namespace)
                except NameError as exc:
                    waiting.append((grade_id, source))
                    plans[grade_id].error = f"NameError: {exc}"
                except Exception as exc:  # the instructor's test code, failing in the grader
                    plans[grade_id].error = f"{type(exc).__name__}: {exc}"
                else:
                    plans[grade_id].checks = planner.planned
            if len(waiting) == len(pending):
                break
            pending = waiting
    finally:
        checks.use_session(previous)
    return plans, planner.trusted


def _lend(plans: dict[str, PlannedCell], order: list[str], trusted: dict[str, Callable]) -> None:
    """Give each request the trusted versions of the exercises checked before it in the submission.

    Only those, whoever asked for them (`trust`, or a check's own `substitutes`):
    the kernel has already given their evidence. An answer lent its own
    reference, or a later exercise's that it could keep, could pass it off as its
    own. A test's own `substitutes` win over `trust`: they are its choice for
    this exercise.
    """
    checked: set[str] = set()
    for grade_id in order:
        for check in plans[grade_id].checks:
            offered = {**trusted, **check.request.substitutes}
            lent = {k: v for k, v in offered.items() if k in checked and k != check.request.name}
            check.request = replace(check.request, substitutes=lent)
            check.namespace.update(lent)
        checked.update(check.request.name for check in plans[grade_id].checks)


def _run(source: str, grade_id: str, namespace: dict) -> None:
    with quiet():
        exec(compile(source, f"<{grade_id}>", "exec"), namespace)


def kernel_source(grade_id: str, nonce: str, plan: PlannedCell) -> str:
    """The code the kernel runs in place of a test cell: answer the packed requests."""
    packed = base64.b64encode(_dumps((nonce, [c.request for c in plan.checks]))).decode()
    return (f"# {grade_id}: the grader's requests; the answers are judged outside this kernel\n"
            f"__import__('grader.in_kernel.answering', fromlist=['*']).answer_requests('{packed}')\n")
