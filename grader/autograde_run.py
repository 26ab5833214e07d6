"""Autograding a class: the coordinating process of a run.

It screens each submission, hands the gradable ones to a pool of grading tasks
(`grader.grading_pool`), and is the only writer of the course's gradebook and
`autograded/`: each returned autograded notebook goes through nbgrader's own
last steps (`SaveAutoGrades`, `AssignLatePenalties`, ...) in this process, so
two workers never write the same file or row.

A run can be killed at any moment and started again: a submission counts as
graded once its completion record exists. Written after nbgrader has saved
that student's grades, it holds a fingerprint of the files graded. Unless
`force`, a run skips a submission whose record matches what is in submitted/
now (one collected again no longer does). Any other is graded from scratch:
nbgrader (always forced here) first removes what an interrupted run left in
autograded/, then overwrites every automatic grade of the gradebook row, so a
resumed run ends with the gradebook of an uninterrupted one.
"""

from __future__ import annotations

import copy
import hashlib
import os
import shutil
import time
from collections.abc import Iterable
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry, SubmittedAssignment
from nbgrader.utils import temp_attrs
from traitlets.config import Config

from grader.assignment_bundle import AssignmentBundle, read_bundle, with_plans
from grader.course_directory import CoursePlaces, nbgrader_api
from grader.flags import Flag, read_folder
from grader.grading_pool import SequentialPool, TaskFailed
from grader.grading_task import GradedSubmission
from grader.nbgrader_errors import last_error
from grader.preflight import EnvironmentFault
from grader.progress import LineReporter, Reporter, StepResult
from grader.submission_screening import read_regular
from grader.variants import has_variants, records
from grader.variants.settings import variants_enabled

# The pipeline's own bookkeeping lives in autograded/, which is never committed;
# nbgrader's globs there (autograded/*/<assignment>) skip hidden folders.
# SCREENED is an nbgrader step folder: <SCREENED>/<student>/<assignment>.
SCREENED = "autograded/.pipeline/screened"
GRADED_RECORDS = Path("autograded/.pipeline/graded")

# nbgrader's steps that turn a graded notebook's outputs into the gradebook's scores:
# the coordinating process runs these (and only these) on what a task returns.
SAVING_STEPS_FROM = "nbgrader.preprocessors.SaveAutoGrades"

# A run whose every submission lost every test for the same reason lost them to the grader.
SAME_FAULT_AT_LEAST = 2


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


def saving_config(config: Config) -> Config:
    """The course's configuration for turning returned notebooks into grades: nothing runs, nothing is judged."""
    steps = list(config.get("Autograde", {}).get("autograde_preprocessors", []))
    saving = steps[steps.index(SAVING_STEPS_FROM):] if SAVING_STEPS_FROM in steps else [
        SAVING_STEPS_FROM, "nbgrader.preprocessors.AssignLatePenalties", "nbgrader.preprocessors.CheckCellMetadata"]
    overrides = Config()
    overrides.Autograde.sanitize_preprocessors = []  # the task sanitized, from the gradebook's cells
    overrides.Autograde.autograde_preprocessors = saving
    merged = copy.deepcopy(config)  # Config(config) would share, and merge into, the course's sections
    merged.merge(overrides)
    return merged


def lost_to_the_grader(result: GradedSubmission) -> frozenset[str] | None:
    """The reasons, if this submission lost every automatic test without evidence; else None."""
    automatic = [name for name, score in result.scores.items() if score is not None]
    if not automatic or any(result.scores[name] for name in automatic):
        return None
    reasons = frozenset(flag.reason for flag in result.flags)
    flagged = {flag.where for flag in result.flags}
    if not reasons or not set(automatic) <= flagged:
        return None
    return reasons


def common_fault(lost: dict[str, frozenset[str] | None]) -> frozenset[str] | None:
    """Despite the preflight: the one reason every submission graded in a run lost every test for, if any."""
    reasons = set(lost.values())
    if len(lost) < SAME_FAULT_AT_LEAST or len(reasons) != 1 or None in reasons:
        return None
    return next(iter(reasons))


@dataclass
class _Pending:
    student: str
    folder: Path
    fingerprint: str
    warnings: tuple[str, ...]


class ClassAutograde:
    """One run of autograde over one assignment's submissions."""

    def __init__(self, places: CoursePlaces, assignment: str, force: bool = False):
        self.places = places
        self.assignment = assignment
        self.force = force
        self.saver = nbgrader_api(saving_config(places.config))

    # -- places -----------------------------------------------------------------
    def _folder(self, step: str, student: str) -> Path:
        return self.places.folder(step, student, self.assignment)

    def _record(self, student: str) -> Path:
        return self.places.root / GRADED_RECORDS / self.assignment / student

    # -- the run ------------------------------------------------------------------
    def run(self, students: list[str], pool=None, reporter: Reporter | None = None) -> list[StepResult]:
        pool = pool or SequentialPool()
        reporter = reporter or LineReporter(None)
        started = time.monotonic()
        source = self.places.folder(self.places.coursedir.source_directory, ".", self.assignment)
        bundle = read_bundle(self.places.db_url, self.assignment, self.places.config, source)
        reporter.start(self.assignment, len(students))
        results: dict[str, StepResult] = {}
        pending: dict[str, _Pending] = {}
        tasks: list[tuple[str, dict[str, bytes]]] = []
        for student in students:
            outcome = self._screen(bundle, student, pending, tasks)
            if outcome is not None:
                results[student] = outcome
                reporter.done(outcome)
        lost: dict[str, frozenset[str] | None] = {}
        if tasks:
            with pool:
                refused = pool.preflight(bundle)
                if refused:
                    raise EnvironmentFault(" ".join(f"[{where}] {why}" for where, why in refused.items()))
                bundle = with_plans(self._with_variants(bundle, [student for student, _ in tasks]))
                for graded in pool.grade(bundle, tasks):
                    outcome = self._finish(graded, pending, lost)
                    results[outcome.student] = outcome
                    reporter.done(outcome)
        self._refuse_if_lost_to_the_grader(lost)
        ordered = [results[s] for s in students]
        reporter.finish(ordered, time.monotonic() - started, pool.description)
        return ordered

    def _with_variants(self, bundle: AssignmentBundle, students: list[str]) -> AssignmentBundle:
        """With variants on, the bundle carries each student's recorded variant (made now where none is)."""
        if not (variants_enabled(self.places.config) and has_variants(self.assignment)):
            return bundle
        made = records.for_grading(self.places.db_url, self.assignment, students)
        return replace(bundle, variants={student: recorded.variant() for student, recorded in made.items()})

    def _screen(self, bundle: AssignmentBundle, student: str, pending, tasks) -> StepResult | None:
        folder = self._folder(self.places.coursedir.submitted_directory, student)
        screening = bundle.screen(folder)
        if not screening.gradable:
            return StepResult(student, False, _lines(*screening.problems, self._discard(student)))
        record = self._record(student)
        fingerprint = _fingerprint(folder, screening.files)
        if not self.force and record.is_file() and record.read_text() == fingerprint:
            return StepResult(student, True, f"{student}'s {self.assignment} was graded before and has not changed "
                                             f"since, so it was skipped (--force grades it again).", skipped=True)
        files = {name: read_regular(folder / name) for name in screening.files}
        pending[student] = _Pending(student, folder, fingerprint, screening.warnings)
        tasks.append((student, files))
        return None

    def _finish(self, graded: GradedSubmission | TaskFailed, pending, lost) -> StepResult:
        if isinstance(graded, TaskFailed):
            return StepResult(graded.student, False, _lines(
                f"{graded.student}'s {self.assignment} could not be graded: {graded}", self._discard(graded.student)))
        if graded.environment_fault:
            raise EnvironmentFault(f"[{graded.worker}] {graded.environment_fault}")
        student = graded.student
        warnings = tuple(dict.fromkeys((*pending[student].warnings, *graded.warnings)))
        if not graded.graded:
            return StepResult(student, False, _lines(*graded.problems, self._discard(student), *warnings))
        # Until the new record is written, this submission counts as not graded.
        self._record(student).unlink(missing_ok=True)
        with self._staged(graded):
            outcome = self.saver.autograde(self.assignment, student, force=True)
        if not outcome.get("success"):
            return StepResult(student, False, _lines(
                f"nbgrader could not save {student}'s grades of {self.assignment}: {last_error(outcome)}",
                self._discard(student), *warnings))
        _write_atomically(self._record(student), pending[student].fingerprint)
        lost[student] = lost_to_the_grader(graded)
        flagged = self.flags(student)
        return StepResult(student, True, _lines(*warnings, *(f"Flagged in {student}'s {notebook}: {flag}"
                                                            for notebook, flag in flagged)),
                          seconds=graded.timings.get("total"), flags=tuple(flag for _, flag in flagged))

    @contextmanager
    def _staged(self, graded: GradedSubmission):
        """nbgrader saves grades from a step folder holding what the task returned."""
        copy = self._folder(SCREENED, graded.student)
        shutil.rmtree(copy, ignore_errors=True)  # left behind by a killed run
        try:
            for name, content in graded.files.items():
                (copy / name).parent.mkdir(parents=True, exist_ok=True)
                (copy / name).write_bytes(content)
            with temp_attrs(self.saver.coursedir, submitted_directory=SCREENED):
                yield
        finally:
            shutil.rmtree(copy, ignore_errors=True)
            with suppress(OSError):  # the student's folder too, once empty
                copy.parent.rmdir()

    def _refuse_if_lost_to_the_grader(self, lost: dict[str, frozenset[str] | None]) -> None:
        why = common_fault(lost)
        if why is None:
            return
        for student in lost:
            self._discard(student)
        raise EnvironmentFault(
            f"Grading stopped: all {len(lost)} submissions of {self.assignment} lost every automatic test for the "
            f"same reason ({'; '.join(sorted(why))}). That is the grader's environment or the course, not the "
            "students: their grades were not kept. Fix the cause and run autograde again.")

    # -- what the instructor reads, and what a failed submission leaves -----------------
    def flags(self, student: str) -> list[tuple[str, Flag]]:
        """(notebook, flag) for what grading flagged in the student's autograded notebooks."""
        folder = self._folder(self.places.coursedir.autograded_directory, student)
        return [(found.notebook, flag) for found in read_folder(folder) for flag in found.flags]

    def _discard(self, student: str) -> str:
        """Leave nothing of a submission that could not be graded: no record, no autograded copy, no gradebook row.

        Manual grading is never thrown away: a row that holds some is kept, and the
        sentence returned says so.
        """
        self._record(student).unlink(missing_ok=True)
        with Gradebook(self.places.db_url) as gradebook:
            try:
                submission = gradebook.find_submission(self.assignment, student)
            except MissingEntry:
                submission = None
            if submission is not None and _holds_manual_grading(submission):
                return (f"The gradebook keeps {student}'s earlier grades of {self.assignment}, "
                        f"as they include manual grading.")
            shutil.rmtree(self._folder(self.places.coursedir.autograded_directory, student), ignore_errors=True)
            if submission is not None:
                gradebook.remove_submission(self.assignment, student)
        return ""
