"""The instructor's pipeline: nbgrader's own steps, run in one process on one course directory.

Each step is nbgrader's (through `nbgrader.apps.NbGraderAPI`, configured by the
course's nbgrader_config.py exactly as the `nbgrader` command is). What this
module adds: one call per step for a whole class, progress, and failures that
name the student and never stop the rest of the class. Autograding also screens
each submission first (grader/submission_screening.py) and can be resumed after
the run was killed at any moment.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import sys
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import nbformat
from nbgrader.api import Gradebook, MissingEntry, SubmittedAssignment
from nbgrader.apps import NbGraderAPI
from nbgrader.utils import temp_attrs
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from grader import item_analysis
from grader.nbgrader_plugins.export import CourseCsvExporter, per_question_path
from grader.submission_screening import ExpectedCell, Screening, screen

Progress = Callable[[str], None]

# The pipeline's own bookkeeping lives in autograded/, which is never committed;
# nbgrader's globs there (autograded/*/<assignment>) skip hidden folders.
# SCREENED is an nbgrader step folder: <SCREENED>/<student>/<assignment>.
SCREENED = "autograded/.pipeline/screened"
GRADED_RECORDS = Path("autograded/.pipeline/graded")


class PipelineError(Exception):
    pass


@dataclass(frozen=True)
class StepResult:
    student: str
    ok: bool
    detail: str = ""  # one sentence a line: why it failed, or what to know although it succeeded


def load_config(course_root: Path, overrides: Config | None = None) -> Config:
    config = PyFileConfigLoader("nbgrader_config.py", path=str(course_root)).load_config()
    if overrides is not None:
        config.merge(overrides)
    return config


def _last_error(result: dict) -> str:
    """The most specific line of nbgrader's captured log: its last `SomethingError: ...`."""
    text = f"{result.get('log') or ''}\n{result.get('error') or ''}"
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    specific = [line for line in lines if re.match(r"^[\w.]*(Error|Exception|Exit)\b.*:", line)
                and "NbGraderException" not in line]
    return (specific or lines or ["failed without a message"])[-1]


def _nbgrader_outcome(student: str, result: dict) -> StepResult:
    return StepResult(student, bool(result.get("success")), "" if result.get("success") else _last_error(result))


def _lines(*sentences: str) -> str:
    return "\n".join(s for s in sentences if s)


def _fingerprint(folder: Path, files: Iterable[str]) -> str:
    """What a grading was given: the names and contents of the submission's files."""
    digest = hashlib.sha256()
    for name in files:
        with open(folder / name, "rb") as file:
            digest.update(f"{name}\0{hashlib.file_digest(file, 'sha256').hexdigest()}\n".encode())
    return digest.hexdigest()


def _write_atomically(path: Path, text: str) -> None:
    # A run killed while writing leaves the old file or the new one, never half of one.
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text)
    os.replace(temporary, path)


def _holds_manual_grading(submission: SubmittedAssignment) -> bool:
    notebooks = submission.notebooks
    return (any(g.manual_score is not None or g.extra_credit for nb in notebooks for g in nb.grades)
            or any(c.manual_comment for nb in notebooks for c in nb.comments))


def _put_environment_tools_on_path() -> None:
    # nbgrader runs the `alembic` command when it creates a gradebook; it lives
    # beside the interpreter, which is not on PATH when .venv/bin/python is run
    # directly.
    tools = str(Path(sys.executable).parent)
    if tools not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = tools + os.pathsep + os.environ.get("PATH", "")


class Course:
    """One nbgrader course directory (the repository root, or a throwaway copy of it)."""

    def __init__(self, root: Path, overrides: Config | None = None):
        self.root = Path(root).resolve()
        if not (self.root / "nbgrader_config.py").exists():
            raise PipelineError(f"{self.root} is not a course directory: it has no nbgrader_config.py")
        _put_environment_tools_on_path()
        self.config = load_config(self.root, overrides)
        self.api = NbGraderAPI(config=self.config)
        self.api.log.setLevel(logging.ERROR)

    @property
    def db_url(self) -> str:
        return self.api.coursedir.db_url

    def assignment_ids(self) -> list[str]:
        return sorted(p.name for p in (self.root / "source").iterdir() if p.is_dir() and not p.name.startswith("."))

    def _require(self, result: dict, what: str) -> None:
        if not result.get("success"):
            raise PipelineError(f"{what} failed: {_last_error(result)}")

    def generate(self, assignment: str) -> Path:
        """source/<assignment> -> release/<assignment> (solutions and hidden tests removed)."""
        self._require(self.api.generate_assignment(assignment), f"generate_assignment {assignment}")
        return self.root / "release" / assignment

    def release(self, assignment: str) -> None:
        self.generate(assignment)
        self._require(self.api.release_assignment(assignment), f"release_assignment {assignment}")

    def collect(self, assignment: str) -> list[str]:
        self._require(self.api.collect(assignment), f"collect {assignment}")
        return self.submitted_students(assignment)

    def submitted_students(self, assignment: str) -> list[str]:
        submitted = self.root / "submitted"
        if not submitted.is_dir():
            return []
        return sorted(p.parent.name for p in submitted.glob(f"*/{assignment}") if p.is_dir())

    def _per_student(self, step: str, run: Callable[[str, str], StepResult], assignment: str,
                     students: Iterable[str] | None, progress: Progress | None) -> list[StepResult]:
        students = list(students) if students is not None else self.submitted_students(assignment)
        results = []
        for i, student in enumerate(students, 1):
            outcome = run(assignment, student)
            results.append(outcome)
            if progress:
                progress(f"  [{i}/{len(students)}] {step} {assignment} {student}: {'ok' if outcome.ok else 'FAILED'}")
                for line in outcome.detail.splitlines():
                    progress(f"      {line}")
        return results

    def autograde(self, assignment: str, students=None, progress: Progress | None = None,
                  force: bool = False) -> list[StepResult]:
        """Screen each submission, then grade it with nbgrader; safe to start again after a run was killed.

        A submission counts as graded once its completion record exists: written after
        nbgrader has finished that student, it holds a fingerprint of the files graded.
        Unless `force`, a run skips a submission whose record matches what is in
        submitted/ now (one collected again no longer does). Any other is graded from
        scratch: nbgrader (always forced here) first removes what an interrupted run left
        in autograded/, then overwrites every automatic grade of the gradebook row, so a
        resumed run ends with the gradebook of an uninterrupted one.
        """
        notebooks, cells = self._expected(assignment)
        return self._per_student(
            "autograde", lambda a, student: self._autograde_one(a, student, notebooks, cells, force),
            assignment, students, progress)

    def _autograde_one(self, assignment: str, student: str, notebooks: list[str], cells: list[ExpectedCell],
                       force: bool) -> StepResult:
        folder = self._folder(self.api.coursedir.submitted_directory, student, assignment)
        screening = screen(folder, assignment, notebooks, cells)
        if not screening.gradable:
            return StepResult(student, False, _lines(*screening.problems, self._discard(assignment, student)))
        record = self._record(assignment, student)
        fingerprint = _fingerprint(folder, screening.files)
        if not force and record.is_file() and record.read_text() == fingerprint:
            return StepResult(student, True, f"{student}'s {assignment} was graded before and has not changed "
                                             f"since, so it was skipped (--force grades it again).")
        # Until the new record is written, this submission counts as not graded.
        record.unlink(missing_ok=True)
        with self._screened_copy(folder, student, assignment, screening):
            result = self.api.autograde(assignment, student, force=True)
        if not result.get("success"):
            return StepResult(student, False, _lines(
                f"nbgrader could not grade {student}'s {assignment}: {_last_error(result)}",
                self._discard(assignment, student), *screening.warnings))
        _write_atomically(record, fingerprint)
        return StepResult(student, True, _lines(*screening.warnings, *self.flags(assignment, student)))

    def flags(self, assignment: str, student: str) -> list[str]:
        """What grading flagged for the instructor (evidence it could not use, course bugs), a sentence each."""
        folder = self._folder(self.api.coursedir.autograded_directory, student, assignment)
        return [f"Flagged in {student}'s {path.name.removesuffix('.flags.json')}: {flag}"
                for path in sorted(folder.glob("*.flags.json")) for flag in json.loads(path.read_text())["flags"]]

    def _folder(self, step: str, student: str, assignment: str) -> Path:
        return Path(self.api.coursedir.format_path(step, student, assignment))

    def _record(self, assignment: str, student: str) -> Path:
        return self.root / GRADED_RECORDS / assignment / student

    def _expected(self, assignment: str) -> tuple[list[str], list[ExpectedCell]]:
        """The assignment's notebooks and the cells nbgrader tracks in them, in the order nbgrader sees them."""
        with Gradebook(self.db_url) as gradebook:
            try:
                notebooks = gradebook.find_assignment(assignment).notebooks
            except MissingEntry:
                raise PipelineError(f"{assignment} is not in the gradebook: generate it first") from None
            cells = []
            for notebook in notebooks:
                grade = {c.name for c in notebook.grade_cells}
                solution = {c.name for c in notebook.solution_cells}
                task = {c.name for c in notebook.task_cells}
                cells += [ExpectedCell(notebook.name, c.name, c.name in grade, c.name in solution, c.name in task)
                          for c in notebook.source_cells]
            return [notebook.name for notebook in notebooks], cells

    @contextmanager
    def _screened_copy(self, folder: Path, student: str, assignment: str, screening: Screening):
        """nbgrader grades a copy of the submission holding only what the screening let through."""
        copy = self._folder(SCREENED, student, assignment)
        shutil.rmtree(copy, ignore_errors=True)  # left behind by a killed run
        try:
            for name in screening.files:
                (copy / name).parent.mkdir(parents=True, exist_ok=True)
                if name in screening.repaired:
                    nbformat.write(screening.repaired[name], str(copy / name))
                else:
                    shutil.copy2(folder / name, copy / name)
            with temp_attrs(self.api.coursedir, submitted_directory=SCREENED):
                yield
        finally:
            shutil.rmtree(copy, ignore_errors=True)
            with suppress(OSError):  # the student's folder too, once empty
                copy.parent.rmdir()

    def _discard(self, assignment: str, student: str) -> str:
        """Leave nothing of a submission that could not be graded: no record, no autograded copy, no gradebook row.

        Manual grading is never thrown away: a row that holds some is kept, and the
        sentence returned says so.
        """
        self._record(assignment, student).unlink(missing_ok=True)
        with Gradebook(self.db_url) as gradebook:
            try:
                submission = gradebook.find_submission(assignment, student)
            except MissingEntry:
                submission = None
            if submission is not None and _holds_manual_grading(submission):
                return (f"The gradebook keeps {student}'s earlier grades of {assignment}, "
                        f"as they include manual grading.")
            shutil.rmtree(self._folder(self.api.coursedir.autograded_directory, student, assignment),
                          ignore_errors=True)
            if submission is not None:
                gradebook.remove_submission(assignment, student)
        return ""

    def feedback(self, assignment: str, students=None, progress: Progress | None = None) -> list[StepResult]:
        """Generate each student's feedback HTML and release it to the exchange."""
        def generate_and_release(assignment_id, student_id):
            result = self.api.generate_feedback(assignment_id, student_id)
            if result.get("success") and self.api.exchange_is_functional:
                result = self.api.release_feedback(assignment_id, student_id)
            return _nbgrader_outcome(student_id, result)

        return self._per_student("feedback", generate_and_release, assignment, students, progress)

    def export(self, to: Path) -> tuple[Path, Path]:
        """nbgrader's CSV and the per-question CSV, written with the course's exporter."""
        exporter = CourseCsvExporter(to=str(to), parent=self.api)
        with Gradebook(self.db_url) as gradebook:
            exporter.export(gradebook)
        return Path(to), per_question_path(Path(to))

    def item_analysis(self, folder: Path, assignments: list[str] | None = None) -> tuple[Path, Path]:
        """item_analysis.csv and item_analysis.png: per question, mean score and mistake counts."""
        assignments = assignments or [a for a in self.assignment_ids() if self.submitted_students(a)]
        with Gradebook(self.db_url) as gradebook:
            max_points = {a: {cell.name: cell.max_score for notebook in gradebook.find_assignment(a).notebooks
                              for cell in notebook.grade_cells} for a in assignments}
        stats = item_analysis.aggregate({a: self.question_scores(a) for a in assignments}, max_points,
                                        {a: item_analysis.read_tags(self.root, a) for a in assignments})
        folder.mkdir(parents=True, exist_ok=True)
        return (item_analysis.write_csv(stats, folder / "item_analysis.csv"),
                item_analysis.write_plot(stats, folder / "item_analysis.png"))

    def scores(self) -> dict[str, dict[str, tuple[float, float]]]:
        """student -> assignment -> (score, max score), from the gradebook."""
        table: dict[str, dict[str, tuple[float, float]]] = {}
        with Gradebook(self.db_url) as gradebook:
            for student in gradebook.students:
                row = table.setdefault(student.id, {})
                for assignment in gradebook.assignments:
                    try:
                        submission = gradebook.find_submission(assignment.name, student.id)
                    except MissingEntry:
                        continue
                    row[assignment.name] = (submission.score, submission.max_score)
        return table

    def question_scores(self, assignment: str) -> dict[str, dict[str, float | None]]:
        """student -> grade cell -> score (None while a written answer awaits manual grading)."""
        table = {}
        with Gradebook(self.db_url) as gradebook:
            for submission in gradebook.assignment_submissions(assignment):
                table[submission.student.id] = {
                    grade.name: None if grade.needs_manual_grade else grade.score
                    for notebook in submission.notebooks for grade in notebook.grades
                }
        return table

    def add_student(self, student_id: str, first_name: str = "", last_name: str = "", email: str = "") -> None:
        with Gradebook(self.db_url) as gradebook:
            gradebook.update_or_create_student(student_id, first_name=first_name, last_name=last_name, email=email)
