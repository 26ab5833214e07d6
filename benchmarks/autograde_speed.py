"""How long nbgrader takes to autograde one submission of each assignment.

Prints, per assignment, the wall time of `autograde` for the instructor's
solution and for the blank release, and the CPU time of the grader itself
(planning the test cells, judging evidence). The confined kernel's own CPU time
does not show here: it runs under bubblewrap's init, which the grader does not
wait for.

    .venv/bin/python benchmarks/autograde_speed.py [assignment ...]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from course_builder import Gradebooks, make_course, place_submission, source_notebook  # noqa: E402

from grader.demo import classroom  # noqa: E402


def grader_cpu() -> float:
    times = os.times()
    return times.user + times.system


def main(assignments: list[str]) -> None:
    warnings.filterwarnings("ignore")
    print(f"{'assignment':24} {'submission':10} {'wall s':>7} {'grader cpu s':>12}")
    with tempfile.TemporaryDirectory() as tmp:
        course = make_course(Path(tmp), assignments, Gradebooks())
        for assignment in assignments:
            answers = classroom.instructor_answers(source_notebook(course, assignment))
            place_submission(course, assignment, "solution", answers)
            place_submission(course, assignment, "blank", {})
            for student in ("solution", "blank"):
                wall, grader = time.perf_counter(), grader_cpu()
                (result,) = course.autograde(assignment, [student])
                wall, grader = time.perf_counter() - wall, grader_cpu() - grader
                status = "" if result.ok else f"  FAILED: {result.detail}"
                print(f"{assignment:24} {student:10} {wall:7.2f} {grader:12.2f}{status}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or sorted(p.name for p in (REPO / "source").iterdir() if p.is_dir()))
