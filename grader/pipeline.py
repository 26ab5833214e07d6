"""The instructor's pipeline: nbgrader's own steps, run in one process on one course directory.

Each step is nbgrader's (through `nbgrader.apps.NbGraderAPI`, configured by the
course's nbgrader_config.py exactly as the `nbgrader` command is). What this
module adds: one call per step for a whole class, progress, and failures that
name the student and never stop the rest of the class. Autograding is a run of
its own (`grader.autograde_run`): screened, graded as tasks in a pool, saved
here, resumable after the run was killed at any moment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from traitlets.config import Config

from grader import item_analysis, lms_export
from grader.assignment_bundle import BundleError
from grader.autograde_run import ClassAutograde
from grader.cell_scores import by_cell
from grader.course_directory import CoursePlaces, load_config, nbgrader_api
from grader.environment_tools import put_environment_tools_on_path
from grader.grading_pool import configured_workers, make_pool
from grader.nbgrader_errors import last_error
from grader.nbgrader_plugins.export import CourseCsvExporter, lms_records, per_question_path
from grader.progress import LineReporter, StepResult

Progress = Callable[[str], None]


class PipelineError(Exception):
    pass


def _nbgrader_outcome(student: str, result: dict) -> StepResult:
    return StepResult(student, bool(result.get("success")), "" if result.get("success") else last_error(result))


def load_rosters(canvas: Path | None = None, moodle: Path | None = None) -> lms_export.Rosters:
    """The LMS rosters the instructor downloaded (raises RosterError, OSError, UnicodeDecodeError)."""
    def read(path: Path | None) -> str | None:
        # utf-8-sig: a download opened and saved again by Excel starts with a byte-order mark.
        return None if path is None else Path(path).read_text(encoding="utf-8-sig")

    return lms_export.read_rosters(read(canvas), read(moodle))


class Course:
    """One nbgrader course directory (the repository root, or a throwaway copy of it)."""

    def __init__(self, root: Path, overrides: Config | None = None):
        self.root = Path(root).resolve()
        if not (self.root / "nbgrader_config.py").exists():
            raise PipelineError(f"{self.root} is not a course directory: it has no nbgrader_config.py")
        put_environment_tools_on_path()
        self.config = load_config(self.root, overrides)
        self.api = nbgrader_api(self.config)
        self.places = CoursePlaces(self.root, self.config, self.api.coursedir)

    @property
    def db_url(self) -> str:
        return self.places.db_url

    def assignment_ids(self) -> list[str]:
        return sorted(p.name for p in (self.root / "source").iterdir() if p.is_dir() and not p.name.startswith("."))

    def _require(self, result: dict, what: str) -> None:
        if not result.get("success"):
            raise PipelineError(f"{what} failed: {last_error(result)}")

    def generate(self, assignment: str) -> Path:
        """source/<assignment> -> release/<assignment> (solutions and hidden tests removed)."""
        self._require(self.api.generate_assignment(assignment), f"generate_assignment {assignment}")
        return self.root / "release" / assignment

    def release(self, assignment: str) -> None:
        """Generate and release (with variants on, the release publishes the roster's: private_inbound)."""
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
        reporter = LineReporter(progress, step)
        reporter.start(assignment, len(students))
        results = []
        for student in students:
            results.append(run(assignment, student))
            reporter.done(results[-1])
        return results

    def autograde(self, assignment: str, students=None, progress: Progress | None = None, force: bool = False,
                  workers: int | None = None, scheduler: str | None = None, reporter=None) -> list[StepResult]:
        """Screen and grade each submission (`grader.autograde_run`), on `workers` processes or a Dask cluster.

        `workers` defaults as on the command line: CALC4ML_WORKERS, else one per core.
        """
        if workers is None:
            workers = configured_workers()
        students = list(students) if students is not None else self.submitted_students(assignment)
        run = ClassAutograde(self.places, assignment, force)
        try:
            return run.run(students, make_pool(workers, scheduler), reporter or LineReporter(progress))
        except BundleError as error:
            raise PipelineError(str(error)) from None

    def feedback(self, assignment: str, students=None, progress: Progress | None = None) -> list[StepResult]:
        """Generate each student's feedback HTML and release it to the exchange."""
        def generate_and_release(assignment_id, student_id):
            result = self.api.generate_feedback(assignment_id, student_id)
            if not (result.get("success") and self.api.exchange_is_functional):
                return _nbgrader_outcome(student_id, result)
            folder = self.places.folder(self.api.coursedir.feedback_directory, student_id, assignment_id)
            # nbgrader addresses released feedback with the secret its `submit` left in the submission;
            # a submission placed in submitted/ by hand has none, and its feedback stays with the instructor.
            if not (folder / "submission_secret.txt").is_file():
                return StepResult(student_id, True, f"{student_id}'s feedback is in {folder}, not released: the "
                                                    "submission did not come through the exchange (it has no "
                                                    "submission_secret.txt), so nbgrader cannot address it")
            return _nbgrader_outcome(student_id, self.api.release_feedback(assignment_id, student_id))

        return self._per_student("feedback", generate_and_release, assignment, students, progress)

    def export(self, to: Path) -> tuple[Path, Path]:
        """nbgrader's CSV and the per-question CSV, written with the course's exporter."""
        exporter = CourseCsvExporter(to=str(to), parent=self.api)
        with Gradebook(self.db_url) as gradebook:
            exporter.export(gradebook)
        return Path(to), per_question_path(Path(to))

    def lms_export(self, folder: Path, rosters: lms_export.Rosters | None = None,
                   moodle_identity: lms_export.MoodleIdentity = lms_export.MoodleIdentity.EMAIL,
                   missing_as_zero: bool = False, canvas_ids: dict[str, str] | None = None,
                   ) -> list[tuple[Path, lms_export.LmsFile]]:
        """canvas_grades.csv and moodle_grades.csv in `folder`, matched to the LMS rosters when given.

        Canvas assignment ids come from the roster's headers (a Canvas assignment titled as the
        nbgrader assignment), then from `canvas_ids` (nbgrader name -> Canvas id), which wins.
        """
        rosters = rosters or lms_export.Rosters()
        with Gradebook(self.db_url) as gradebook:
            students, assignments, grades = lms_records(gradebook)
        ids = {**rosters.canvas_assignment_ids, **(canvas_ids or {})}
        assignments = [lms_export.Assignment(a.name, a.max_score, ids.get(a.name, ""))
                       for a in lms_export.graded_assignments(assignments, grades)]
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, made in (
                ("canvas_grades.csv", lms_export.canvas_csv(students, assignments, grades, rosters.canvas,
                                                            missing_as_zero)),
                ("moodle_grades.csv", lms_export.moodle_csv(students, assignments, grades, rosters.moodle,
                                                            moodle_identity, missing_as_zero))):
            # newline="": the text already ends its lines with "\r\n", as the csv module wrote them.
            (folder / name).write_text(made.text, encoding="utf-8", newline="")
            written.append((folder / name, made))
        return written

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
                table[submission.student.id] = by_cell(submission)
        return table

    def add_student(self, student_id: str, first_name: str = "", last_name: str = "", email: str = "") -> None:
        with Gradebook(self.db_url) as gradebook:
            gradebook.update_or_create_student(student_id, first_name=first_name, last_name=last_name, email=email)
