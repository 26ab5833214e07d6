"""The same verdicts and messages wherever judging runs: in this process's main thread, and on Dask workers
(which run tasks in a thread of their own), for expression answers, one of which only `simplify` proves equal.

Each submission is judged as autograde judges it, without nbgrader: ps1's instructor cells planned by
`grading_plan`, the evidence gathered in-process from the student's answers, judged by `judge_cell`.
"""

import re
import sys

import cloudpickle
import pytest
from course_builder import REPO
from nbformat.v4 import new_output

from grader.demo import classroom
from grader.evidence_codec import MIME_TYPE, payload
from grader.grading_plan import plan_notebook
from grader.grading_pool import DaskPool
from grader.in_kernel.gathering import gather
from grader.judging import not_allowed
from grader.nbgrader_plugins.judge_evidence import judge_cell

A = "ps1_derivatives"
TESTED = ("d_product", "d_quotient", "d_trig")
NONCE = "p" * 32

# d_trig's reference is d/dx sin(x) cos(x) = cos(x)**2 - sin(x)**2.
SUBMISSIONS = {
    "solution-forms": {"d_trig": "d_trig = sp.cos(2 * x)",                      # a trig identity: simplify proves it
                       "d_product": "d_product = x * (x + 2) * sp.exp(x)"},
    "other-identity": {"d_trig": "d_trig = 1 - 2 * sp.sin(x)**2"},
    # Equal to the reference, but in float64 the identity's rounding (~1e-16) is multiplied by e**40:
    # sampling sees values far off; only `simplify` can prove it equal.
    "only-simplify": {"d_trig": "d_trig = sp.cos(2 * x) + (sp.sin(x)**2 + sp.cos(x)**2 - 1) * sp.exp(40)"},
    "mistakes": {"d_trig": "d_trig = -sp.sin(x) * sp.sin(x)",
                 "d_product": "d_product = 2 * x * sp.exp(x)"},
    "by-sympy": {"d_quotient": "d_quotient = sp.diff(sp.sin(x) / x, x)"},
}


def _instructor_cells() -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    """The setup cell and the tests of TESTED, as autograde plans them, and the solution's answers."""
    source = classroom.read(REPO / "source" / A / f"{A}.ipynb")
    cells = []
    for cell in source.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade_id") == "setup":
            cells.append(("setup", "setup", cell.source))
        elif cell.cell_type == "code" and meta.get("grade_id") in {f"test_{name}" for name in TESTED}:
            cells.append(("test", meta["grade_id"], cell.source))
    solution = {name: code for name, code in classroom.instructor_answers(source).items() if name in TESTED}
    return cells, solution


def judge_submission(cells, answers: dict[str, str]) -> dict[str, list[str]]:
    """Per test cell, the text of every output autograde would write: the passes, and the failure's lines."""
    plans = plan_notebook(cells, list(TESTED))
    namespace: dict = {}
    exec(cells[0][2], namespace)
    for code in answers.values():
        exec(code, namespace)
    program = not_allowed.statements(list(answers.items()))
    messages = {}
    for _, grade_id, _ in cells[1:]:
        plan = plans[grade_id]
        outputs = [new_output("display_data", data={MIME_TYPE: payload(NONCE, index, check.request.name,
                                                                        gather(check.request,
                                                                               namespace.get(check.request.answer)))})
                   for index, check in enumerate(plan.checks)]
        judged, flags = judge_cell(plan, NONCE, outputs, program)
        assert not flags, (grade_id, flags)
        messages[grade_id] = [o.text if o.output_type == "stream" else "\n".join(o.traceback) for o in judged]
    return messages


@pytest.fixture(scope="module")
def classes():
    cells, solution = _instructor_cells()
    return cells, {student: {**solution, **answers} for student, answers in SUBMISSIONS.items()}


@pytest.fixture(scope="module")
def sequential(classes):
    cells, submissions = classes
    return {student: judge_submission(cells, answers) for student, answers in submissions.items()}


def test_the_submissions_get_the_verdicts_they_deserve(sequential):
    assert sequential["solution-forms"]["test_d_trig"] == ["✓ `d_trig` is correct.\n✓ `d_trig` is correct.\n"]
    assert sequential["only-simplify"] == sequential["solution-forms"]  # proved, not sampled
    assert sequential["other-identity"]["test_d_trig"] == sequential["solution-forms"]["test_d_trig"]
    assert sequential["mistakes"]["test_d_trig"][-1].startswith("✗ d_trig: incorrect")
    assert re.fullmatch(r"✗ d_product: incorrect \[[\w-]+\]", sequential["mistakes"]["test_d_product"][-1].splitlines()[0])
    assert sequential["by-sympy"]["test_d_quotient"][-1].startswith("✗ d_quotient: not allowed")


def test_two_dask_workers_judge_every_submission_as_this_process_does(classes, sequential):
    cells, submissions = classes
    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers cannot import tests/
    try:
        with DaskPool(workers=2) as pool:
            both = sorted(pool.client.scheduler_info()["workers"])
            # Each worker gets some of the class for certain, rather than as the scheduler sees fit.
            futures = {student: pool.client.submit(judge_submission, cells, answers, pure=False,
                                                   workers=[both[i % 2]])
                       for i, (student, answers) in enumerate(submissions.items())}
            on_workers = {student: future.result() for student, future in futures.items()}
            workers = pool.client.who_has(list(futures.values()))
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    addresses = {address for holders in workers.values() for address in holders}
    assert len(addresses) == 2, f"both workers should have judged, but only {addresses} did"
    assert all(address.startswith("tcp://127.0.0.1:") for address in addresses), addresses
    for student in submissions:
        assert on_workers[student] == sequential[student], f"{student} was judged otherwise on a Dask worker"
