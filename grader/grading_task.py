"""Grading one submission as a task: the assignment's bundle and the student's files in; graded notebooks out.

`grade_submission` needs nothing of the course directory. In a scratch course
of its own (one per process and assignment, reused for the next submission)
it screens the files, then runs nbgrader's autograde with the course's
configuration: planning, the confined kernel and judging, exactly as grading
in place does. It returns the autograded folder, every grade cell's score, the
flags and the time of each stage, and writes nothing the coordinating process
owns: only that process writes the course's gradebook and `autograded/`.

The sequential loop, the local pool and a remote Dask cluster all call it.
"""

from __future__ import annotations

import copy
import os
import shutil
import socket
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from traitlets.config import Config

from grader import grading_plan, grading_process
from grader.assignment_bundle import AssignmentBundle, write_course
from grader.cell_scores import by_cell
from grader.course_directory import nbgrader_api
from grader.flags import Flag, path_for, read_folder, restamp
from grader.nbgrader_errors import last_error
from grader.preflight import environment_problem
from grader.submission_screening import Dropped, EntryKind, list_files, read_regular, safe_path


@dataclass
class GradedSubmission:
    assignment: str
    student: str
    graded: bool = False
    problems: list[str] = field(default_factory=list)  # why it could not be graded (the student's files)
    warnings: list[str] = field(default_factory=list)  # graded anyway; the instructor should know
    files: dict[str, bytes] = field(default_factory=dict)  # the autograded folder: notebooks, other files, flags
    scores: dict[str, float | None] = field(default_factory=dict)  # grade cell -> automatic score (None: manual)
    flags: list[Flag] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds
    environment_fault: str = ""  # the grader's environment cannot grade anybody: stop the run
    worker: str = ""


class _ScratchCourse:
    """A course directory of the worker's own, holding one assignment's gradebook; reused across submissions."""

    def __init__(self, bundle: AssignmentBundle):
        self.root = Path(tempfile.mkdtemp(prefix=f"calc4ml-grading-{bundle.assignment}-"))
        self.root.chmod(0o755)  # kernels run as other uids and must reach their working copy
        db_url = write_course(bundle, self.root)
        overrides = Config()
        overrides.CourseDirectory.root = str(self.root)
        overrides.CourseDirectory.db_url = db_url
        overrides.Exchange.root = str(self.root / "exchange")
        # Its autograded/<SCRATCH_STUDENT>/ holds one submission at a time: the next one's kernel
        # can be started there while this one is graded.
        overrides.ConfinedExecute.prestart = True
        config = copy.deepcopy(bundle.config)  # the bundle may be this process's own, shared by other tasks
        config.merge(overrides)
        self.db_url = db_url
        self.api = nbgrader_api(config)
        if bundle.plans:
            grading_plan.adopt(bundle.plans)

    def folder(self, step: str, student: str, assignment: str) -> Path:
        return Path(self.api.coursedir.format_path(step, student, assignment))

    def forget(self, assignment: str) -> None:
        """Nothing of the last submission left: its files (the folders stay: a warm kernel sees them) and its row."""
        shutil.rmtree(self.root / "incoming", ignore_errors=True)  # named by the real student, for screening's messages
        for step in (self.api.coursedir.submitted_directory, self.api.coursedir.autograded_directory):
            folder = self.root / step / SCRATCH_STUDENT
            folder.mkdir(parents=True, exist_ok=True)
            folder.chmod(0o755)
            for path in folder.iterdir():
                shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
        with Gradebook(self.db_url) as gradebook:
            try:
                gradebook.remove_submission(assignment, SCRATCH_STUDENT)
            except MissingEntry:
                pass


# The student a scratch course grades, whoever it is: one folder, so a kernel can be started in it ahead.
SCRATCH_STUDENT = "submission"


def _scratch_course(bundle: AssignmentBundle) -> _ScratchCourse:
    courses = grading_process.current().scratch_courses
    if bundle.digest not in courses:
        courses[bundle.digest] = _ScratchCourse(bundle)
    return courses[bundle.digest]


def _write_files(folder: Path, files: dict[str, bytes]) -> list[str]:
    """Write the files under `folder`; the names refused (absolute, or climbing out with `..`)."""
    refused = []
    for name, content in files.items():
        path = safe_path(folder, name)
        if path is None:
            refused.append(name)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return refused


def _read_files(folder: Path) -> dict[str, bytes]:
    files, _ = list_files(folder)
    return {name: read_regular(folder / name) for name in files}


def _scores(db_url: str, assignment: str, student: str) -> dict[str, float | None]:
    with Gradebook(db_url) as gradebook:
        submission = gradebook.find_submission(assignment, student)
        return by_cell(submission)


def grade_submission(bundle: AssignmentBundle, student: str, files: dict[str, bytes]) -> GradedSubmission:
    """Screen and autograde one student's files (paths relative to the submission folder)."""
    result = GradedSubmission(bundle.assignment, student, worker=f"{socket.gethostname()}:{os.getpid()}")
    started = time.perf_counter()
    problem = environment_problem(bundle.config)  # once per process: later calls reuse the verdict
    result.timings["preflight"] = time.perf_counter() - started
    if problem is not None:
        result.environment_fault = problem
        return result
    course = _scratch_course(bundle)
    course.forget(bundle.assignment)  # what a task killed on this worker left behind
    try:
        stage = time.perf_counter()
        incoming = course.folder("incoming", student, bundle.assignment)
        refused = _write_files(incoming, files)
        screening = bundle.screen(incoming)
        result.warnings = [*(Dropped(name, EntryKind.UNSAFE_NAME).sentence(student, bundle.assignment)
                             for name in refused), *screening.warnings]
        result.timings["screen"] = time.perf_counter() - stage
        if not screening.gradable:
            result.problems = list(screening.problems)
            return result
        submitted = course.folder(course.api.coursedir.submitted_directory, SCRATCH_STUDENT, bundle.assignment)
        _write_files(submitted, {name: read_regular(incoming / name) for name in screening.files})

        stage, planning = time.perf_counter(), grading_process.current().seconds_planning
        grading_process.current().assigned_variant = bundle.variants.get(student)
        outcome = course.api.autograde(bundle.assignment, SCRATCH_STUDENT, force=True)
        result.timings["autograde"] = time.perf_counter() - stage
        result.timings["planning"] = grading_process.current().seconds_planning - planning  # 0 when the plans came along
        if not outcome.get("success"):
            result.problems = [f"nbgrader could not grade {student}'s {bundle.assignment}: {last_error(outcome)}"]
            return result

        stage = time.perf_counter()
        autograded = course.folder(course.api.coursedir.autograded_directory, SCRATCH_STUDENT, bundle.assignment)
        result.scores = _scores(course.db_url, bundle.assignment, SCRATCH_STUDENT)
        for found in read_folder(autograded):
            result.flags += found.flags
            restamp(path_for(autograded, found.notebook), student)  # not SCRATCH_STUDENT
        result.files = _read_files(autograded)
        result.graded = True
        result.timings["collect"] = time.perf_counter() - stage
        return result
    finally:
        grading_process.current().assigned_variant = None
        course.forget(bundle.assignment)
        result.timings["total"] = time.perf_counter() - started
