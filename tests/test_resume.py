"""A grading run killed with SIGKILL at any moment and started again ends as an uninterrupted run does:
no submission lost or counted twice, the same gradebook (read through nbgrader's Gradebook API), every
autograded notebook complete.

Course A is graded once in this process. Its copy B is graded by `python -m grader autograde` in a
subprocess, killed after 1 s, after 3 s, as soon as a submission is being graded, just after one was
finished and at a random moment while one is being graded, each restart killed again, until a run ends
by itself."""

import os
import random
import signal
import subprocess
import sys
import time
from contextlib import suppress

import pytest
from course_builder import copy_course, make_course, one_mistake_each, place_submission, source_notebook
from nbgrader.api import Gradebook

from grader.autograde_run import GRADED_RECORDS, SCREENED
from grader.demo import classroom
from grader.pipeline import Course

pytestmark = [pytest.mark.pipeline, pytest.mark.xdist_group("resume")]

A = "ps1_derivatives"
NB = f"{A}.ipynb"
GRADED = ["solution", "blank", "one_mistake"]
SEED = random.randrange(10**6)


def _finished(root):
    return [s for s in GRADED if (root / GRADED_RECORDS / A / s).exists()]


def _partially_graded(root):
    """Students nbgrader has started on (their autograded notebook exists) but not finished."""
    return [s for s in GRADED if (root / "autograded" / s / A / NB).exists() and s not in _finished(root)]


# Each kill moment is armed at the start of a run: arm(root) -> due(seconds since the start) -> bool.
def _after(seconds):
    return lambda root: lambda elapsed: elapsed > seconds


def _while_grading(delay):
    """`delay` seconds after the run was first seen grading a submission."""
    def arm(root):
        seen = []

        def due(elapsed):
            if not seen and _partially_graded(root):
                seen.append(elapsed)
            return bool(seen) and elapsed >= seen[0] + delay
        return due
    return arm


def _after_a_submission_finished(root):
    before = len(_finished(root))
    return lambda elapsed: len(_finished(root)) > before


KILLS = [
    ("after 1 s", _after(1)),
    ("after 3 s", _after(3)),
    ("as soon as a submission is being graded", _while_grading(0)),
    ("just after a submission was finished", _after_a_submission_finished),
    *[(f"{delay:.2f} s after a submission started", _while_grading(delay))
      for delay in [random.Random(SEED).uniform(0, 4)]],
]


def _grade_with_kills(root, logs):
    """Run the command line on the course again and again, each run killed at the next moment, until one ends."""
    history = []
    for when, arm in [*KILLS, ("never", lambda root: lambda elapsed: False)]:
        log = logs / f"run{len(history)}.log"
        with open(log, "w") as out:
            run = subprocess.Popen([sys.executable, "-m", "grader", "autograde", A, "--course", str(root)],
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        due, started = arm(root), time.monotonic()
        while run.poll() is None and not due(time.monotonic() - started):
            time.sleep(0.02)
        if run.poll() is not None:
            history.append((when, f"ended by itself with code {run.returncode}", log.read_text()))
            return history
        partial = _partially_graded(root)
        run.send_signal(signal.SIGKILL)
        run.wait()
        with suppress(ProcessLookupError):  # a grading kernel it left behind
            os.killpg(run.pid, signal.SIGKILL)
        history.append((when, f"killed; partly graded then: {partial}", log.read_text()))
    raise AssertionError("the run that is never killed did not end")


def _gradebook(course):
    """student -> their submissions of A (a list, so a submission counted twice would show)."""
    with Gradebook(course.db_url) as gradebook:
        table = {student.id: [] for student in gradebook.students}
        for submission in gradebook.assignment_submissions(A):
            table[submission.student.id].append({
                "timestamp": submission.timestamp,
                "score": submission.score,
                "max_score": submission.max_score,
                "late_penalty": submission.late_submission_penalty,
                "grades": {g.name: (g.auto_score, g.manual_score, g.needs_manual_grade)
                           for nb in submission.notebooks for g in nb.grades},
                "comments": {c.name: (c.auto_comment, c.manual_comment)
                             for nb in submission.notebooks for c in nb.comments},
            })
        return table


def _autograded_cells(course, student):
    nb = classroom.read(course.root / "autograded" / student / A / NB)
    return [(c.cell_type, c.source, c.get("execution_count") is not None) for c in nb.cells]


@pytest.fixture(scope="module")
def courses(tmp_path_factory, gradebooks):
    tmp = tmp_path_factory.mktemp("resume")
    a = make_course(tmp / "a", [A], gradebooks)
    solution = classroom.instructor_answers(source_notebook(a, A))
    exercise, mistake = next(iter(one_mistake_each(A).items()))
    for student, answers in zip(GRADED, (solution, {}, {**solution, exercise: mistake.source})):
        place_submission(a, A, student, answers)
    place_submission(a, A, "empty", solution)
    (a.root / "submitted" / "empty" / A / NB).write_bytes(b"")
    b_root = copy_course(a.root, tmp / "b" / "course", gradebooks)
    a.autograde(A)
    (tmp / "logs").mkdir()
    history = _grade_with_kills(b_root, tmp / "logs")
    return a, Course(b_root), history


def _story(history):
    return f"seed {SEED}:\n" + "\n".join(f"-- {when}: {what}\n{log}" for when, what, log in history)


def test_runs_were_killed_in_the_middle_of_a_submission_and_the_last_one_skipped_what_was_finished(courses):
    _, _, history = courses
    assert any("killed; partly graded then: ['" in what for _, what, _ in history), _story(history)
    assert "was graded before and has not changed since, so it was skipped" in history[-1][2], _story(history)


def test_the_last_run_ends_by_itself_and_reports_the_unreadable_submission(courses):
    _, _, history = courses
    when, what, log = history[-1]
    assert what == "ended by itself with code 1", _story(history)
    assert "empty's ps1_derivatives/ps1_derivatives.ipynb is empty (0 bytes)" in log


def test_the_gradebook_is_that_of_an_uninterrupted_run(courses):
    a, b, history = courses
    expected = _gradebook(a)
    assert sorted(expected) == sorted(GRADED) and all(len(rows) == 1 for rows in expected.values())
    assert _gradebook(b) == expected, _story(history)


def test_every_autograded_notebook_is_complete_and_nothing_is_left_over(courses):
    a, b, history = courses
    for student in GRADED:
        assert _autograded_cells(b, student) == _autograded_cells(a, student), (student, _story(history))
    assert not (b.root / "autograded" / "empty").exists()
    assert [p for p in (b.root / SCREENED).rglob("*") if p.is_file()] == []
    assert sorted(p.name for p in (b.root / GRADED_RECORDS / A).iterdir()) == sorted(GRADED)
