"""What grading one submission is given of its assignment: the gradebook's cells, the course's configuration.

The coordinating process reads the bundle once per run from the course's
gradebook (SQLite or PostgreSQL); a worker, on this machine or another,
rebuilds from it a gradebook of its own holding only this assignment. Plain
data, so it travels to a Dask worker that cannot see the course directory; it
carries the test cells as the coordinating process planned them, so workers
do not plan them again (`with_plans`).
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import logging
import pickle
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from traitlets.config import Config

from grader.grading_plan import Cells, cells_to_plan, pack
from grader.submission_screening import ExpectedCell, Screening, screen
from grader.variants import has_variants, variant_0
from grader.variants.in_notebook import planning
from grader.variants.settings import variants_enabled
from grader.variants.variant import Variant

log = logging.getLogger(__name__)

# Settings that name places of the coordinating machine's course: a worker uses its own.
_PLACES = {"CourseDirectory": ("root", "db_url"), "Exchange": ("root",)}


class BundleError(Exception):
    pass


@dataclass(frozen=True)
class NotebookRecord:
    """One notebook of the assignment as the gradebook holds it (every cell's stored source included)."""

    name: str
    kernelspec: str | None
    source_cells: tuple[dict, ...]  # name, cell_type, locked, source, checksum: in nbgrader's order
    grade_cells: tuple[dict, ...]  # name, cell_type, max_score
    solution_cells: tuple[str, ...]
    task_cells: tuple[dict, ...]  # name, cell_type, max_score

    def expected_cells(self) -> list[ExpectedCell]:
        """The cells nbgrader tracks, in the order nbgrader sees them (what screening and repair check against)."""
        points = {c["name"]: c["max_score"] for c in (*self.grade_cells, *self.task_cells)}
        grade = {c["name"] for c in self.grade_cells}
        task = {c["name"] for c in self.task_cells}
        solution = set(self.solution_cells)
        return [ExpectedCell(self.name, c["name"], c["name"] in grade, c["name"] in solution, c["name"] in task,
                             cell_type=c["cell_type"], locked=c["locked"], points=points.get(c["name"]))
                for c in self.source_cells]


def notebook_record(nb) -> NotebookRecord:
    """An nbgrader gradebook `Notebook` (of an open session) as plain data."""
    return NotebookRecord(
        name=nb.name, kernelspec=nb.kernelspec,
        source_cells=tuple(dict(name=c.name, cell_type=c.cell_type, locked=c.locked, source=c.source,
                                checksum=c.checksum) for c in nb.source_cells),
        grade_cells=tuple(dict(name=c.name, cell_type=c.cell_type, max_score=c.max_score) for c in nb.grade_cells),
        solution_cells=tuple(c.name for c in nb.solution_cells),
        task_cells=tuple(dict(name=c.name, cell_type=c.cell_type, max_score=c.max_score) for c in nb.task_cells))


@dataclass(frozen=True)
class AssignmentBundle:
    assignment: str
    notebooks: tuple[NotebookRecord, ...]
    config: Config  # the course's nbgrader configuration, without its places
    # Files of source/<assignment> other than notebooks: nbgrader copies them over the student's.
    source_files: tuple[tuple[str, bytes], ...] = ()
    plans: bytes = b""  # the notebooks' test cells planned by the coordinating process (`grading_plan.pack`)
    # With variants on: the recorded variant of each student to grade (grader.variants.records), by student.
    variants: Mapping[str, Variant] = field(default_factory=dict)

    @property
    def digest(self) -> str:
        content = (self.assignment, self.notebooks, repr(self.config), self.source_files)
        return hashlib.sha256(pickle.dumps(content)).hexdigest()[:16]

    @property
    def notebook_names(self) -> list[str]:
        return [notebook.name for notebook in self.notebooks]

    def expected_cells(self) -> list[ExpectedCell]:
        return [cell for notebook in self.notebooks for cell in notebook.expected_cells()]

    def screen(self, folder: Path) -> Screening:
        """A submission folder screened against this assignment: the coordinator before it sends a task, and
        the task again on what it was sent (a Dask worker trusts nothing it did not check itself)."""
        return screen(folder, self.assignment, self.notebook_names, self.expected_cells())

    def plannable(self) -> list[tuple[Cells, tuple[str, ...]]]:
        """What each notebook's planning is given when a submission keeps the cells in their place."""
        plannable = []
        for notebook in self.notebooks:
            answers = sorted(notebook.solution_cells)
            sources = {c["name"]: (c["cell_type"], c["locked"], c["source"]) for c in notebook.source_cells}
            cells, _ = cells_to_plan([(c["cell_type"], c["name"]) for c in notebook.source_cells], sources,
                                     {c["name"] for c in notebook.grade_cells}, answers)
            plannable.append((cells, tuple(answers)))
        return plannable

    def max_scores(self) -> dict[str, float]:
        return {c["name"]: c["max_score"] for notebook in self.notebooks for c in notebook.grade_cells}


def with_plans(bundle: AssignmentBundle) -> AssignmentBundle:
    """The bundle with its notebooks planned in this process: a run plans once, not on every worker.

    With variants on, each submission is planned with its student's numbers, where it is graded.
    """
    if variants_enabled(bundle.config):
        return bundle
    planned_as = (planning(bundle.assignment, variant_0(bundle.assignment)) if has_variants(bundle.assignment)
                  else contextlib.nullcontext())
    try:
        with planned_as:
            return replace(bundle, plans=pack(bundle.plannable()))
    except Exception as exc:  # an instructor's test helper cloudpickle cannot carry (a lock, an open file)
        log.warning("The plans of %s cannot be sent to the workers (%s: %s); each worker plans for itself.",
                    bundle.assignment, type(exc).__name__, exc)
        return bundle


def portable_config(config: Config) -> Config:
    portable = copy.deepcopy(config)
    for section, names in _PLACES.items():
        for name in names:
            portable.get(section, {}).pop(name, None)
    return portable


def _source_files(source: Path) -> tuple[tuple[str, bytes], ...]:
    if not source.is_dir():
        return ()
    return tuple((str(p.relative_to(source)), p.read_bytes()) for p in sorted(source.rglob("*"))
                 if p.is_file() and p.suffix != ".ipynb" and ".ipynb_checkpoints" not in p.parts)


def read_bundle(db_url: str, assignment: str, config: Config, source: Path | None = None) -> AssignmentBundle:
    """The bundle of `assignment`, from the gradebook at `db_url` and the folder source/<assignment>."""
    with Gradebook(db_url) as gradebook:
        try:
            found = gradebook.find_assignment(assignment)
        except MissingEntry:
            raise BundleError(f"{assignment} is not in the gradebook: generate it first") from None
        notebooks = tuple(notebook_record(nb) for nb in found.notebooks)
    return AssignmentBundle(assignment, notebooks, portable_config(config),
                            _source_files(source) if source is not None else ())


def write_course(bundle: AssignmentBundle, root: Path) -> str:
    """Under `root`, the bundle's source files and a new SQLite gradebook holding its assignment; the db_url."""
    for name, content in bundle.source_files:
        path = root / "source" / bundle.assignment / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    db_url = f"sqlite:///{root / 'gradebook.db'}"
    with Gradebook(db_url) as gradebook:
        gradebook.update_or_create_assignment(bundle.assignment)
        for nb in bundle.notebooks:
            gradebook.update_or_create_notebook(nb.name, bundle.assignment, kernelspec=nb.kernelspec)
            for cell in nb.grade_cells:
                gradebook.update_or_create_grade_cell(cell["name"], nb.name, bundle.assignment,
                                                      cell_type=cell["cell_type"], max_score=cell["max_score"])
            for name in nb.solution_cells:
                gradebook.update_or_create_solution_cell(name, nb.name, bundle.assignment)
            for cell in nb.task_cells:
                gradebook.update_or_create_task_cell(cell["name"], nb.name, bundle.assignment,
                                                     cell_type=cell["cell_type"], max_score=cell["max_score"])
            for cell in nb.source_cells:
                fields = {k: v for k, v in cell.items() if k != "name"}
                gradebook.update_or_create_source_cell(cell["name"], nb.name, bundle.assignment, **fields)
    return db_url
