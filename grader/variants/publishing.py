"""The variants the student's JupyterLab shows: published by the instructor, found by the student's identity.

The instructor's side writes, for each assignment, the recorded variants of the
roster into the exchange (`<exchange>/<course>/variants/<assignment>.json`, readable
by everyone, writable by the instructor only); `python -m grader release` and
`variants reset` do it. The student's kernel reads that file: no network, no
gradebook. Seeing it gains nobody anything: grading reads the course's records, by
the submission's student id.

Who the student is: the JupyterHub user the hub started this server for
(`JUPYTERHUB_USER`), else the student id of the student's nbgrader settings
(`python -m grader student` writes it). A student the file does not list (they
joined after release) sees variant 0 and a line asking for theirs, and is graded on
variant 0 unless the instructor publishes one for them first (`variants publish`):
a notebook never derives a variant itself, since making one is the instructor's.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from grader.variants import variant_0, variant_of
from grader.variants.records import GENERATOR_VERSION
from grader.variants.variant import Variant

PUBLISHED = "variants"  # the exchange folder, beside the course's inbound/outbound/feedback


@dataclass(frozen=True)
class StudentPlace:
    exchange: Path
    course: str
    student: str | None


def published_path(exchange: Path, course: str, assignment: str) -> Path:
    return exchange / course / PUBLISHED / f"{assignment}.json"


def publish(exchange: Path, course: str, assignment: str, variants: dict[str, Variant]) -> Path:
    """Write the students' variants (by student) where their kernels read them."""
    path = published_path(exchange, course, assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.chmod(0o755)
    text = json.dumps({"course": course, "assignment": assignment, "generator": GENERATOR_VERSION,
                       "students": {s: {"parameters": dict(v.parameters), "label": v.label, "public": dict(v.public)}
                                    for s, v in sorted(variants.items())}}, indent=1, sort_keys=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text)
    temporary.chmod(0o644)
    temporary.replace(path)  # a kernel reading it meanwhile sees the old file or the new, never half of one
    return path


def withdraw(exchange: Path, course: str, assignment: str) -> None:
    published_path(exchange, course, assignment).unlink(missing_ok=True)


def where_am_i() -> StudentPlace | None:
    """The exchange, course and student of the nbgrader settings this Jupyter reads (None: no course set)."""
    from jupyter_core.paths import jupyter_config_path
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    config = Config()
    for folder in [*reversed(jupyter_config_path()), os.getcwd()]:  # later folders win, as in nbgrader
        if (Path(folder) / "nbgrader_config.py").is_file():
            try:
                config.merge(PyFileConfigLoader("nbgrader_config.py", folder).load_config())
            except Exception as error:  # a broken settings file: the student sees variant 0 and why
                print(f"calc4ml: {folder}/nbgrader_config.py could not be read ({error})", file=sys.stderr)
    exchange, course = config.get("Exchange", {}).get("root"), config.get("CourseDirectory", {}).get("course_id")
    if not (exchange and course):
        return None
    student = os.environ.get("JUPYTERHUB_USER") or config.get("CourseDirectory", {}).get("student_id")
    return StudentPlace(Path(exchange), course, student if student and student != "*" else None)


def published_for_me(assignment: str) -> Variant:
    place = where_am_i()
    path = published_path(place.exchange, place.course, assignment) if place else None
    if path is None or not path.is_file():
        return variant_0(assignment)  # variants are off (or not released yet): the contract's numbers
    if place is None or place.student is None:
        print("calc4ml: this course gives each student their own numbers, but these settings do not say who you "
              "are (no JupyterHub user, no CourseDirectory.student_id): showing variant 0", file=sys.stderr)
        return variant_0(assignment)
    mine = json.loads(path.read_text())["students"].get(place.student)
    if mine is None:
        print(f"calc4ml: no variant of {assignment} has been published for {place.student} yet: showing variant 0, "
              "which you will be graded on unless your instructor publishes yours (ask them)", file=sys.stderr)
        return variant_0(assignment)
    return variant_of(assignment, mine["parameters"], mine["label"], mine["public"])
