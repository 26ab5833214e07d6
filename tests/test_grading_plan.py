"""The grader plans test cells in its own process, the kernel only answers, and the grader judges."""

import base64
import json
import pickle

from nbformat.v4 import new_output

from grader import grading_plan, grading_process
from grader.evidence_codec import MIME_TYPE, payload
from grader.flags import Flag
from grader.grading_plan import kernel_source, plan_notebook
from grader.in_kernel import answering
from grader.in_kernel.gathering import gather
from grader.nbgrader_plugins.judge_evidence import judge_cell

SETUP = "import numpy as np\nfrom grader.checks import check_function, check_value, trust\n"
TEST_SQUARE = """
def _square(t):
    return t * t

def _cube(t):
    return t ** 3

trust(square=_square, cube=_cube)
check_function("square", square, _square, [1.0, 2.0, -3.0])
"""
TEST_CUBE = """
check_function("cube", cube, _cube, [1.5, 2.0])
"""
TEST_ANSWER = "check_value('answer', answer, 42.0)\n"
NONCE = "n" * 32


def plan(*tests, answers=("square", "cube", "answer")):
    cells = [("setup", "setup", SETUP)] + [("test", f"test_{i}", source) for i, source in enumerate(tests)]
    return plan_notebook(cells, list(answers))


def student(source: str) -> dict:
    namespace: dict = {}
    exec(source, namespace)
    return namespace


def kernel_outputs(planned, namespace, nonce=NONCE) -> list:
    """What the confined kernel publishes for a planned cell, as JSON, the way it travels."""
    outputs = []
    for index, check in enumerate(planned.checks):
        data = payload(nonce, index, check.request.name, gather(check.request, namespace.get(check.request.answer)))
        outputs.append(new_output("display_data", data={MIME_TYPE: json.loads(json.dumps(data))}))
    return outputs


def judged(planned, outputs):
    cell_outputs, flags = judge_cell(planned, NONCE, outputs)
    errors = [o for o in cell_outputs if o.output_type == "error"]
    return cell_outputs, errors, flags


def test_the_plan_names_the_notebook_variable_and_holds_no_student_object():
    planned = plan(TEST_SQUARE)["test_0"]
    (check,) = planned.checks
    assert check.request.answer == "square" and check.request.kind == "calls"
    assert [p.args for p in check.request.probes] == [(1.0,), (2.0,), (-3.0,)]


def test_an_answer_is_never_lent_its_own_reference_or_a_later_one():
    plans = plan(TEST_SQUARE, TEST_CUBE)
    assert plans["test_0"].checks[0].request.substitutes == {}  # cube is not checked yet: not lent
    assert set(plans["test_1"].checks[0].request.substitutes) == {"square"}


def test_tests_moved_in_the_submission_are_still_planned_and_lent_by_their_new_order():
    cells = [("setup", "setup", SETUP), ("test", "test_1", TEST_CUBE), ("test", "test_0", TEST_SQUARE)]
    plans = plan_notebook(cells, ["square", "cube", "answer"])
    assert not plans["test_1"].error and not plans["test_0"].error  # _cube is defined by the later cell
    assert plans["test_1"].checks[0].request.substitutes == {}  # square is not checked yet here
    assert set(plans["test_0"].checks[0].request.substitutes) == {"cube"}


TEST_CACHED = """
import functools

@functools.lru_cache(maxsize=None)
def _square(t):
    return t * t

check_function("square", square, _square, [1.0, 2.0, -3.0])
"""


def test_plans_shipped_to_another_process_are_used_there_and_judge_as_the_original(monkeypatch):
    cells = (("setup", "setup", SETUP), ("test", "test_0", TEST_CACHED))
    answers = ("answer", "cube", "square")
    packed = grading_plan.pack([(cells, answers)])  # an lru_cache helper travels too
    monkeypatch.setattr(grading_process.current(), "plans", {})  # as a worker process starts
    grading_plan.adopt(packed)
    before = grading_process.current().seconds_planning
    planned = plan_notebook(list(cells), list(answers))["test_0"]
    assert grading_process.current().seconds_planning == before  # nothing planned again
    _, errors, _ = judged(planned, kernel_outputs(planned, student("def square(t):\n    return t * t")))
    assert not errors
    _, errors, _ = judged(planned, kernel_outputs(planned, student("def square(t):\n    return 2 * t")))
    assert errors[0].ename == "AnswerNotAccepted"


def test_a_notebook_whose_cells_were_moved_is_planned_anew(monkeypatch):
    cells = [("setup", "setup", SETUP), ("test", "test_0", TEST_SQUARE), ("test", "test_1", TEST_CUBE)]
    answers = ["answer", "cube", "square"]
    monkeypatch.setattr(grading_process.current(), "plans", {})
    grading_plan.adopt(grading_plan.pack([(tuple(cells), tuple(answers))]))
    before = grading_process.current().seconds_planning
    plans = plan_notebook([cells[0], cells[2], cells[1]], answers)
    assert grading_process.current().seconds_planning > before
    assert set(plans["test_0"].checks[0].request.substitutes) == {"cube"}  # lent by the submission's order


def test_a_name_no_test_defines_is_a_course_bug():
    planned = plan("check_function('cube', cube, _nowhere, [1.0])\n")["test_0"]
    assert planned.error == "NameError: name '_nowhere' is not defined"


def test_a_test_that_uses_a_student_value_directly_is_a_course_bug():
    planned = plan("print(float(answer) + 1)\n")["test_0"]
    assert "directly" in planned.error
    outputs, errors, flags = judged(planned, [])
    assert errors[0].ename == "CourseBug" and flags


def test_correct_evidence_passes_with_one_line_per_check():
    planned = plan(TEST_SQUARE)["test_0"]
    outputs, errors, flags = judged(planned, kernel_outputs(planned, student("def square(t):\n    return t * t")))
    assert not errors and not flags
    assert outputs[0].text.startswith("✓ `square` is correct")


def test_wrong_evidence_fails_with_the_failure_line():
    planned = plan(TEST_SQUARE)["test_0"]
    outputs, errors, flags = judged(planned, kernel_outputs(planned, student("def square(t):\n    return 2 * t")))
    assert errors[0].ename == "AnswerNotAccepted" and errors[0].traceback[0].startswith("✗ square: incorrect")
    assert not flags


def test_a_dependent_answer_runs_with_the_trusted_version_of_an_earlier_exercise():
    plans = plan(TEST_SQUARE, TEST_CUBE)
    namespace = student("def square(t):\n    return 0.0\n\ndef cube(t):\n    return t * square(t)")
    outputs, errors, flags = judged(plans["test_1"], kernel_outputs(plans["test_1"], namespace))
    assert not errors
    assert namespace["square"](3.0) == 0.0  # the student's own version is back afterwards


def test_evidence_from_another_run_is_rejected_and_flagged():
    planned = plan(TEST_SQUARE)["test_0"]
    forged = kernel_outputs(planned, student("def square(t):\n    return t * t"), nonce="m" * 32)
    outputs, errors, flags = judged(planned, forged)
    assert errors[0].ename == "EvidenceRejected" and "flagged" in errors[0].evalue
    assert flags[0].where == planned.grade_id and "this run's request" in flags[0].reason


def test_extra_evidence_scores_zero_and_is_flagged():
    planned = plan(TEST_SQUARE)["test_0"]
    outputs = kernel_outputs(planned, student("def square(t):\n    return t * t"))
    outputs, errors, flags = judged(planned, outputs + outputs)
    assert errors[0].ename == "EvidenceRejected" and "more evidence" in flags[0].reason


def test_altered_evidence_scores_zero_and_is_flagged():
    planned = plan(TEST_SQUARE)["test_0"]
    outputs = kernel_outputs(planned, student("def square(t):\n    return t * t"))
    outputs[0]["data"][MIME_TYPE]["evidence"]["observations"].pop()
    outputs, errors, flags = judged(planned, outputs)
    assert errors[0].ename == "EvidenceRejected" and "altered" in flags[0].reason


def test_missing_evidence_is_flagged_unless_the_kernel_stopped():
    planned = plan(TEST_SQUARE)["test_0"]
    _, errors, flags = judged(planned, [])
    assert errors[0].ename == "EvidenceRejected" and flags
    died = new_output("error", ename="KernelDied", evalue="it exited", traceback=[])
    _, errors, flags = judged(planned, [died])
    assert "kernel stopped" in errors[0].evalue and not flags


def test_everything_else_the_kernel_printed_in_a_test_cell_is_dropped():
    planned = plan(TEST_SQUARE)["test_0"]
    noise = [new_output("stream", name="stdout", text="✓ all tests passed\n"),
             new_output("execute_result", data={"text/plain": "1.0"}, execution_count=1)]
    outputs, errors, _ = judged(planned, noise + kernel_outputs(planned, student("def square(t):\n    return -t")))
    assert errors and all("all tests passed" not in o.get("text", "") for o in outputs)
    assert not [o for o in outputs if o.output_type == "execute_result"]


def test_the_kernel_source_answers_the_packed_requests(monkeypatch):
    planned = plan(TEST_SQUARE, TEST_CUBE)["test_1"]
    namespace = student("def square(t):\n    return t * t\n\ndef cube(t):\n    return t * square(t)")
    published = []

    class Shell:
        user_ns = namespace

    monkeypatch.setattr(answering, "get_ipython", lambda: Shell())
    monkeypatch.setattr(answering, "publish_display_data", published.append)
    exec(kernel_source("test_1", NONCE, planned), {})
    outputs = [new_output("display_data", data={MIME_TYPE: json.loads(json.dumps(d[MIME_TYPE]))}) for d in published]
    _, errors, flags = judged(planned, outputs)
    assert len(published) == 1 and not errors
    # This test stands in for the kernel by patching the answering module, as a submission could: it is named.
    assert flags == [Flag("test_1", "the grading code in the kernel was altered by the submission: "
                          "grader.in_kernel.answering.get_ipython, grader.in_kernel.answering.publish_display_data")]


def test_the_kernel_is_sent_no_reference_and_no_expected_value():
    planned = plan(TEST_SQUARE)["test_0"]
    source = kernel_source("test_0", NONCE, planned)
    shipped = base64.b64decode(source.split("'")[-2])
    assert b"_square" not in shipped and b"_cube" not in shipped
    _, (request,) = pickle.loads(shipped)
    assert [p.args for p in request.probes] == [(1.0,), (2.0,), (-3.0,)]


TEST_SQUARE_LENDING_CUBE = """
def _square(t):
    return t * t

def _cube(t):
    return t ** 3

trust(square=_square)
check_function("square", square, _square, [1.0, 2.0], substitutes={"cube": _cube})
"""


def test_a_stand_in_a_test_lends_itself_waits_until_its_exercise_is_checked():
    plans = plan(TEST_SQUARE_LENDING_CUBE, TEST_CUBE.replace("_cube", "(lambda t: t ** 3)"))
    assert plans["test_0"].checks[0].request.substitutes == {}  # cube is checked later: not lent here
    assert set(plans["test_1"].checks[0].request.substitutes) == {"square"}
    assert isinstance(plans["test_0"].checks[0].namespace["cube"], grading_plan.StudentAnswer)  # mistakes too


def test_a_stand_in_for_what_is_not_an_exercise_is_a_course_bug():
    planned = plan("check_function('square', square, lambda t: t * t, [1.0], substitutes={'helper': abs})\n")["test_0"]
    assert "helper" in planned.error and "not exercises of this notebook" in planned.error


def test_no_cells_payload_holds_a_stand_in_for_a_later_exercise():
    """Every payload the kernel receives, unpacked: stand-ins only for exercises whose cells came before."""
    plans = plan(TEST_SQUARE_LENDING_CUBE, TEST_CUBE.replace("_cube", "(lambda t: t ** 3)"), TEST_ANSWER)
    checked: set[str] = set()
    for grade_id in ("test_0", "test_1", "test_2"):
        _, requests = pickle.loads(base64.b64decode(kernel_source(grade_id, NONCE, plans[grade_id]).split("'")[-2]))
        for request in requests:
            assert set(request.substitutes) <= checked - {request.name}
        checked |= {request.name for request in requests}
