"""The plain nbgrader commands, run by hand from the course root, use the course's configuration."""

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from course_builder import place_submission, source_notebook
from paths import REPO

from grader.demo import classroom
from grader.demo.run import make_throwaway_course
from grader.pipeline import Course

pytestmark = [pytest.mark.pipeline, pytest.mark.xdist_group("test_nbgrader_commands")]
ASSIGNMENT = "ps1_derivatives"


def nbgrader(course_root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run([str(Path(sys.executable).parent / "nbgrader"), *args], cwd=course_root, env=env,
                          capture_output=True, text=True, timeout=600)


def test_generate_autograde_export_by_hand(tmp_path):
    root = make_throwaway_course(REPO, tmp_path, [ASSIGNMENT])
    assert nbgrader(root, "generate_assignment", ASSIGNMENT).returncode == 0
    course = Course(root)
    answers = classroom.instructor_answers(source_notebook(course, ASSIGNMENT))
    place_submission(course, ASSIGNMENT, "by-hand", {**answers, "poly_derivative": "def poly_derivative(x):\n    return 2 * x"})

    graded = nbgrader(root, "autograde", ASSIGNMENT)
    assert graded.returncode == 0, graded.stderr[-2000:]
    notebook = (root / "autograded" / "by-hand" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text()
    assert "✗ poly_derivative: incorrect" in notebook  # the course's checks ran
    assert "✓ `d_product` is correct" in notebook

    exported = nbgrader(root, "export")
    assert exported.returncode == 0, exported.stderr[-2000:]
    with open(root / "grades_by_question.csv", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row[f"{ASSIGNMENT}/{ASSIGNMENT}/test_poly_derivative"] == "0.0"
    assert row[f"{ASSIGNMENT}/{ASSIGNMENT}/test_d_product"] == "1.0"
    assert row[f"{ASSIGNMENT}/{ASSIGNMENT}/central_vs_forward"] == ""  # awaits manual grading
