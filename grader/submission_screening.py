"""Screening one submission before nbgrader grades it: what is wrong with it, said so an instructor can act.

Pure: evidence in (a folder under submitted/, what the assignment expects), verdict out.
It looks at file sizes first and opens only the assignment's own notebooks, and only
when they are within the size limit.

What is fair, case by case (nbgrader 0.9.6 with `OverwriteCells.add_missing_cells`):

- A notebook that is missing, empty, too large, not UTF-8, not JSON or not a notebook
  cannot be graded: the submission is refused (a *problem*) and nbgrader never sees it,
  so it creates no half-made gradebook rows.
- A notebook that has none of the assignment's answer and test cells is another notebook
  saved under this name: refused, so it does not pass for a graded zero.
- Extra notebooks are not graded, and a file over the size limit beside the notebook is
  left out: the notebook is graded without them (a *warning*).
- A deleted test cell is put back by nbgrader and graded; a deleted answer cell is not put
  back, so its tests run without it. When the cell before a deleted test cell is missing
  too, nbgrader cannot put the test back and fails: refused, with that reason.
- A cell whose grade id appears more than once, or is not the assignment's, would make
  nbgrader fail (`KeyError: 'grade_id'` in `add_missing_task_cells`). nbgrader means to
  keep the last copy of a duplicate and to treat unknown cells as ordinary ones; the
  screening hands back the notebook with exactly that done, so it is graded and a
  duplicated test cell earns its points once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

import nbformat
from nbformat import NotebookNode
from nbformat.reader import NotJSONError

# No notebook of the course comes near this; a larger one holds embedded data or huge
# outputs, and parsing it would cost several times its size in memory.
SIZE_LIMIT = 20 * 2**20


@dataclass(frozen=True)
class ExpectedCell:
    """A cell nbgrader tracks in an assignment's notebook (one with a grade id), as the gradebook records it."""

    notebook: str  # the notebook's name, without .ipynb
    grade_id: str
    grade: bool = False  # carries points
    solution: bool = False  # the student writes it
    task: bool = False

    @property
    def kind(self) -> str:
        if self.grade and self.solution:
            return "manually graded answer cell"
        if self.solution:
            return "answer cell"
        if self.grade:
            return "test cell"
        return "task cell" if self.task else "read-only cell"


@dataclass(frozen=True)
class Screening:
    student: str
    problems: tuple[str, ...] = ()  # each stops the submission from being graded
    warnings: tuple[str, ...] = ()  # graded anyway; the instructor should know
    files: tuple[str, ...] = ()  # paths in the folder that nbgrader should see
    repaired: Mapping[str, NotebookNode] = field(default_factory=dict)  # file -> what to grade in its place

    @property
    def gradable(self) -> bool:
        return not self.problems


class _Unreadable(Exception):
    """Why a notebook cannot be graded, as the end of a sentence about it."""


def screen(folder: Path, assignment: str, expected_notebooks: Sequence[str],
           expected_cells: Sequence[ExpectedCell], size_limit: int = SIZE_LIMIT) -> Screening:
    """Screen submitted/<student>/<assignment>/ against the assignment's notebooks and their cells (in notebook order)."""
    student = folder.parent.name
    if not folder.is_dir():
        return Screening(student, problems=(f"{student} has no submission of {assignment}: {folder} does not exist.",))

    files = _files(folder)
    expected_files = [f"{name}.ipynb" for name in expected_notebooks]
    other_notebooks = [f for f in files if f.endswith(".ipynb") and f not in expected_files]
    problems, warnings, repaired = [], [], {}
    if other_notebooks:
        warnings.append(f"{student}'s submission of {assignment} also holds {_list(other_notebooks)}; "
                        f"only {_list(expected_files)} is graded, the other notebooks were ignored.")
    sizes = {f: (folder / f).stat().st_size for f in files if f not in expected_files and f not in other_notebooks}
    too_large = [f for f, size in sizes.items() if size > size_limit]
    for name in too_large:
        warnings.append(f"{student}'s submission of {assignment} holds {name} ({_mb(sizes[name])}), "
                        f"over the {_mb(size_limit)} limit for a file; it was left out of grading "
                        f"(not opened, not copied to autograded/).")

    for name, filename in zip(expected_notebooks, expected_files):
        who = f"{student}'s {assignment}/{filename}"
        if filename not in files:
            problems.append(_missing(student, assignment, filename, files, other_notebooks, folder))
            continue
        try:
            nb = _read(folder / filename, size_limit)
        except _Unreadable as why:
            problems.append(f"{who} {why}; it was not graded.")
            continue
        if nb.nbformat < 4:
            warnings.append(f"{who} is in the old notebook format {nb.nbformat} (Jupyter before 2015); "
                            f"it was converted to format 4 to be graded.")
            nb = nbformat.convert(nb, 4)
        cells = [c for c in expected_cells if c.notebook == name]
        verdict = _check_cells(who, assignment, nb, cells)
        problems += verdict.problems
        warnings += verdict.warnings
        for index in verdict.demoted:
            del nb.cells[index].metadata["nbgrader"]
        for index, cell in verdict.restored.items():
            nb.cells[index].metadata["nbgrader"].update(grade=cell.grade, solution=cell.solution)
        if verdict.demoted or verdict.restored:
            repaired[filename] = nb

    gradable = tuple(f for f in files if f not in other_notebooks and f not in too_large)
    return Screening(student, tuple(problems), tuple(warnings), gradable, repaired)


def _files(folder: Path) -> list[str]:
    """Every file under the folder, as paths relative to it."""
    found = []
    for directory, _, names in os.walk(folder):
        found += [str((Path(directory) / n).relative_to(folder)) for n in names]
    return sorted(found)


def _missing(student, assignment, filename, files, other_notebooks, folder) -> str:
    sentence = f"{student}'s submission of {assignment} has no {filename}"
    if other_notebooks:
        sentence += (f"; it holds {_list(other_notebooks)}: if that is the work under another name, "
                     f"rename it to {filename} in {folder} and grade again")
    elif files:
        sentence += f"; the folder holds only {_list(files)}"
    else:
        sentence += "; the folder is empty"
    return sentence + ". It was not graded."


def _read(path: Path, size_limit: int) -> NotebookNode:
    size = path.stat().st_size
    if size == 0:
        raise _Unreadable("is empty (0 bytes), so there is nothing to grade")
    if size > size_limit:
        raise _Unreadable(f"is {_mb(size)}, over the {_mb(size_limit)} limit for a notebook (it was not opened)")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - data.rfind(b"\n", 0, error.start)
        raise _Unreadable(f"is not UTF-8 text, as Jupyter always saves notebooks (byte 0x{data[error.start]:02x} "
                          f"at line {line}, column {column}): it was changed outside Jupyter") from None
    try:
        return nbformat.reader.reads(text)
    except NotJSONError as error:
        raise _Unreadable(f"is not valid JSON ({error.__cause__}): it is damaged or was cut short") from None
    # nbformat reports a JSON document that is not a notebook in many ways
    # (NBFormatError, ValidationError, AttributeError, KeyError, ...).
    except Exception as error:
        raise _Unreadable(f"is JSON but not a notebook nbformat can read ({type(error).__name__}: {error})") from None


@dataclass
class _CellVerdict:
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    demoted: list[int] = field(default_factory=list)  # cells whose nbgrader metadata must go
    restored: dict[int, ExpectedCell] = field(default_factory=dict)  # cells whose grade/solution flags were changed


def _check_cells(who: str, assignment: str, nb: NotebookNode, expected: list[ExpectedCell]) -> _CellVerdict:
    verdict = _CellVerdict()
    positions: dict[str, list[int]] = {}
    for index, cell in enumerate(nb.cells):
        meta = cell.get("metadata", {}).get("nbgrader")
        if isinstance(meta, dict) and isinstance(meta.get("grade_id"), str) and meta["grade_id"]:
            positions.setdefault(meta["grade_id"], []).append(index)

    by_id = {c.grade_id: c for c in expected}
    answerable = [c for c in expected if c.grade or c.solution]
    unknown = sorted(set(positions) - set(by_id))
    if answerable and not any(c.grade_id in positions for c in answerable):
        elsewhere = f"; its graded cells ({_list(unknown, 5)}) are not this assignment's" if unknown else ""
        verdict.problems.append(f"{who} has none of the {len(answerable)} answer and test cells of {assignment}"
                                f"{elsewhere}: it looks like another notebook saved under this name, "
                                f"so it was not graded.")
        return verdict

    if unknown:
        verdict.warnings.append(f"{who} has cells whose grade ids are not part of {assignment} ({_list(unknown, 5)}), "
                                f"probably pasted from another notebook; they were graded as ordinary cells.")
        verdict.demoted += [i for gid in unknown for i in positions[gid]]
    for gid, where in positions.items():
        if gid in by_id and len(where) > 1:
            cell = by_id[gid]
            once = ", so its points count once" if cell.grade else ""
            verdict.warnings.append(
                f"{who} has the {cell.kind} {gid} {len(where)} times (cells {_list([str(i + 1) for i in where])}); "
                f"only the last copy was graded as {gid}{once}, and the others ran as ordinary cells.")
            verdict.demoted += where[:-1]

    # nbgrader restores a cell's source and lock from the gradebook, but a changed
    # `grade` or `solution` flag makes it refuse the whole notebook ("Inconsistent
    # checksums"): the flags are put back as the assignment has them.
    for gid, where in positions.items():
        cell = by_id.get(gid)
        meta = nb.cells[where[-1]].metadata["nbgrader"]
        if cell is not None and (bool(meta.get("grade")) != cell.grade or bool(meta.get("solution")) != cell.solution):
            verdict.restored[where[-1]] = cell
            verdict.warnings.append(f"{who} has the {cell.kind} {gid} marked otherwise in its nbgrader metadata; "
                                    f"it was graded as the {cell.kind} it is.")

    # nbgrader puts a deleted grade cell back right after the cell that precedes
    # it in the assignment, which must be an answer or test cell it can find.
    placeable = {c.grade_id for c in answerable if c.grade_id in positions}
    for i, cell in enumerate(expected):
        if cell.grade_id in positions:
            continue
        if cell.grade:
            before = expected[i - 1] if i else None
            if before is not None and before.grade_id not in placeable:
                verdict.problems.append(
                    f"{who} lacks the {cell.kind} {cell.grade_id} and the {before.kind} {before.grade_id} "
                    f"before it; nbgrader puts a deleted {cell.kind} back after the cell that preceded it and "
                    f"fails when that cell is missing too, so it was not graded: put both cells back from "
                    f"release/{assignment}/ and grade again, or grade it by hand.")
                continue
            placeable.add(cell.grade_id)
        verdict.warnings.append(f"{who} lacks the {cell.kind} {cell.grade_id} (deleted); {_DELETED[cell.kind]}.")
    return verdict


_DELETED = {
    "test cell": "nbgrader put it back from the gradebook and graded it as usual",
    "manually graded answer cell": "nbgrader put the blank cell back, so it is graded as unanswered",
    "answer cell": ("nbgrader does not put answer cells back, so the tests that use it ran without it "
                    "(they pass only if the notebook defines the answer elsewhere)"),
    "task cell": "nbgrader put it back at the end of the notebook",
    "read-only cell": "nbgrader does not put it back, so the cells that depend on it may have failed",
}


def _list(items: Sequence[str], at_most: int | None = None) -> str:
    shown = list(items[:at_most]) if at_most else list(items)
    more = f" and {len(items) - len(shown)} more" if len(items) > len(shown) else ""
    return ", ".join(shown) + more


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f} MB"
