"""Grades that cannot be bought, graded every way an instructor grades: plain `nbgrader autograde` (the Formgrader
runs the same), and `python -m grader autograde --workers 2`.

The families of `attacks.GRADED_EVERY_WAY` (stand-ins captured while an earlier
exercise is checked, links and special files in the submission, cells nbgrader
does not know, tampering with the grading code, by-hand derivatives taken with
SymPy) are graded in a throwaway course per assignment and way, beside an honest
bystander graded first and an honest latecomer graded after them. For each
attack: it was graded (or, when its notebook is not its own, refused by name), it
scores exactly the points of the exercises it answered honestly, it printed no
BREACH, it is flagged and shown as it should be, and nothing outside the
attackers' own folders changed; the run completed for everyone else.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from attacks import GRADED_EVERY_WAY, corpus
from attacks.support import Attack
from class_records import (
    attacker_owned,
    cell_outputs,
    fingerprint,
    flags,
    gradebook_rows,
    live_processes_under,
    place,
    points_of_tests,
)
from course_builder import make_course, source_notebook

from grader.demo import classroom
from grader.pipeline import Course

pytestmark = pytest.mark.pipeline

BYSTANDER, LATECOMER = "bystander", "latecomer"
TIMEOUT = 10  # seconds per cell: the setup's imports take about one, a search of the whole heap a few on a busy machine
WAYS = ("nbgrader", "workers2")
ASSIGNMENTS = sorted({a.assignment for a in corpus(GRADED_EVERY_WAY, Path("/course"), BYSTANDER)})
BIN = Path(sys.executable).parent


def _grade(way: str, course: Course, assignment: str, students: list[str], scratch: Path) -> subprocess.CompletedProcess:
    """One autograde command as an instructor types it, in the course directory."""
    if way == "nbgrader":
        command = [str(BIN / "nbgrader"), "autograde", assignment]
        if len(students) == 1:
            command += ["--student", students[0]]
    else:
        command = [sys.executable, "-m", "grader", "autograde", assignment, "--workers", "2", "--course", str(course.root)]
        command += [arg for student in students for arg in ("--student", student)]
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "TMPDIR": str(scratch)}
    return subprocess.run(command, cwd=course.root, env=env, capture_output=True, text=True, timeout=1800)


@dataclass
class Graded:
    way: str
    assignment: str
    course: Course
    attacks: dict[str, Attack]
    run: subprocess.CompletedProcess
    points: dict[str, float]
    before: dict[str, str]
    after: dict[str, str]
    bystander_before: dict
    lingering: list[str]

    @property
    def log(self) -> str:
        return self.run.stdout + self.run.stderr


# One graded class per (way, assignment), kept for the worker's session: pytest's own
# caching of a parametrized module fixture regrades the class whenever tests of two
# classes interleave, and each grading takes minutes.
_classes: dict[tuple[str, str], Graded | BaseException] = {}


@pytest.fixture
def graded(request, tmp_path_factory, gradebooks) -> Graded:
    key = request.param
    if key not in _classes:
        try:
            _classes[key] = _grade_class(*key, tmp_path_factory, gradebooks)
        except (Exception, pytest.fail.Exception) as failed:  # every test of this class reports it; none grades it again
            _classes[key] = failed
    if isinstance(_classes[key], BaseException):
        raise _classes[key]
    return _classes[key]


def _grade_class(way: str, assignment: str, tmp_path_factory, gradebooks) -> Graded:
    course = make_course(tmp_path_factory.mktemp(f"integrity-{assignment}-{way}"), [assignment], gradebooks)
    with open(course.root / "nbgrader_config.py", "a") as config:
        config.write(f"\nc.Execute.timeout = {TIMEOUT}\n")
    course = Course(course.root)
    released = course.api.release_assignment(assignment)  # something in the exchange that must stay untouched
    assert released.get("success"), released
    solution = classroom.instructor_answers(source_notebook(course, assignment))
    scratch = Path(tempfile.mkdtemp(prefix="calc4ml-integrity-"))
    scratch.chmod(0o755)

    place(course, assignment, BYSTANDER, solution)
    first = _grade(way, course, assignment, [BYSTANDER], scratch)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    before, bystander_before = fingerprint(course.root), gradebook_rows(course, assignment, BYSTANDER)

    attacks = {a.id: a for a in corpus(GRADED_EVERY_WAY, course.root, BYSTANDER, assignment)}
    for attack in attacks.values():
        place(course, assignment, attack.student, attack.submission(solution), attack.mutate, attack.prepare)
    place(course, assignment, LATECOMER, solution)
    run = _grade(way, course, assignment, [a.student for a in attacks.values()] + [LATECOMER], scratch)
    lingering = live_processes_under(course.root) + live_processes_under(scratch)
    return Graded(way, assignment, course, attacks, run, points_of_tests(course, assignment), before,
                  fingerprint(course.root), bystander_before, lingering)


def _ids(ways=WAYS) -> list:
    return [pytest.param((way, a.assignment), a.id, marks=pytest.mark.xdist_group(f"integrity-{a.assignment}-{way}"),
                         id=f"{a.id}-{way}")
            for a in corpus(GRADED_EVERY_WAY, Path("/course"), BYSTANDER) for way in ways]


def _evidence(graded: Graded, attack: Attack) -> str:
    shown = [f"flags: {flags(graded.course, graded.assignment, attack.student)}"]
    for key, text in cell_outputs(graded.course, graded.assignment, attack.student).items():
        if text.strip():
            shown.append(f"--- {key}:\n{textwrap.shorten(text, 500, placeholder=' ...')}")
    return "\n".join(shown) + "\n--- log:\n" + "\n".join(line for line in graded.log.splitlines() if attack.student in line)[-3000:]


def _case(graded: Graded, attack_id: str) -> Attack:
    if attack_id not in graded.attacks:
        pytest.skip("graded in another course")
    return graded.attacks[attack_id]


@pytest.mark.parametrize("graded, attack_id", _ids(), indirect=["graded"])
def test_attack_is_graded_or_refused_by_name(graded, attack_id):
    attack = _case(graded, attack_id)
    rows = gradebook_rows(graded.course, graded.assignment, attack.student)
    if attack.refused:
        assert attack.student in graded.log and "symbolic link" in graded.log, graded.log[-3000:]
        assert rows is None or rows["score"] == 0, rows
    else:
        assert rows is not None and graded.run.returncode in (0, 1), _evidence(graded, attack)
        assert all(row[3] is False for name, row in rows["grades"].items() if name in graded.points), rows


@pytest.mark.parametrize("graded, attack_id", _ids(), indirect=["graded"])
def test_attack_scores_exactly_its_honest_points(graded, attack_id):
    attack = _case(graded, attack_id)
    rows = gradebook_rows(graded.course, graded.assignment, attack.student)
    expected = {cell: (points if cell.removeprefix("test_") in attack.honest else 0.0)
                for cell, points in graded.points.items()}
    got = {cell: (rows["grades"][cell][4] if rows else 0.0) for cell in expected}
    assert got == expected, _evidence(graded, attack)


@pytest.mark.parametrize("graded, attack_id", _ids(), indirect=["graded"])
def test_attack_reports_no_breach(graded, attack_id):
    attack = _case(graded, attack_id)
    printed = cell_outputs(graded.course, graded.assignment, attack.student, streams_only=True)
    breaches = {key: text for key, text in printed.items() if re.search(r"^BREACH", text, re.M)}
    assert not breaches, breaches


@pytest.mark.parametrize("graded, attack_id", _ids(), indirect=["graded"])
def test_attack_is_named_as_it_should_be(graded, attack_id):
    attack = _case(graded, attack_id)
    if attack.flagged:
        assert any(attack.flagged in flag for flag in flags(graded.course, graded.assignment, attack.student)), \
            _evidence(graded, attack)
    if attack.shows:
        outputs = cell_outputs(graded.course, graded.assignment, attack.student)
        for exercise in set(attack.answers) - attack.honest:
            assert attack.shows in outputs[f"test_{exercise}"], (exercise, outputs[f"test_{exercise}"])
    if not (attack.flagged or attack.shows):
        pytest.skip("nothing to name")


@pytest.mark.parametrize("graded", [pytest.param((w, a), marks=pytest.mark.xdist_group(f"integrity-{a}-{w}"),
                                                 id=f"{a}-{w}") for a in ASSIGNMENTS for w in WAYS], indirect=True)
class TestTheClass:
    def test_nothing_outside_the_attackers_folders_changed(self, graded):
        attackers = {a.student for a in graded.attacks.values()} | {LATECOMER}
        changed = sorted(p for p in graded.before if graded.after.get(p) != graded.before[p])
        appeared = sorted(p for p in graded.after if p not in graded.before and not attacker_owned(p, attackers))
        assert not changed and not appeared, f"changed: {changed}\nappeared: {appeared}"
        assert gradebook_rows(graded.course, graded.assignment, BYSTANDER) == graded.bystander_before

    def test_the_latecomer_gets_full_marks_and_no_flag(self, graded):
        rows = gradebook_rows(graded.course, graded.assignment, LATECOMER)
        assert rows is not None, graded.log[-3000:]
        assert {cell: rows["grades"][cell][4] for cell in graded.points} == graded.points
        assert flags(graded.course, graded.assignment, LATECOMER) == []

    def test_the_run_completed_and_fails_only_for_a_refused_notebook(self, graded):
        refused = any(a.refused for a in graded.attacks.values())
        assert graded.run.returncode == (1 if refused else 0), graded.log[-3000:]
        assert "Traceback" not in graded.run.stderr or graded.way == "nbgrader", graded.run.stderr[-3000:]

    def test_no_process_outlives_grading(self, graded):
        assert graded.lingering == []
