"""Screening one submission before nbgrader grades it: what is wrong with it, said so an instructor can act.

Pure: evidence in (a folder under submitted/, what the assignment expects), verdict out.
It looks at file sizes first and opens only the assignment's own notebooks, and only
when they are within the size limit.

What is fair, case by case (nbgrader 0.9.6 with `OverwriteCells.add_missing_cells`):

- A submission is regular files only. A symbolic link (to a classmate's notebook, the
  gradebook, /dev/zero), a hard link, a named pipe, a socket or a device file is not
  the student's work, and copying it would follow it: each is dropped with a warning
  naming it, and the rest of the submission is graded (`list_files`). A name that
  climbs out of its folder or is absolute is never written (`safe_path`).
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
- Cell metadata nbgrader would choke on is repaired, not fatal (`repair_cells`, which
  `grader.nbgrader_plugins.repair_cells` applies in every autograde): a cell whose grade id
  is not the assignment's, is missing or empty, or appears more than once becomes an
  ordinary cell (the last copy of a duplicate is kept); a known cell's grade, solution,
  lock, points, type and schema version are put back as the gradebook has them. nbgrader
  would otherwise fail the whole notebook (`KeyError: 'grade_id'`, "Inconsistent
  checksums") or, for a schema version it does not know, the whole class.
"""

from __future__ import annotations

import enum
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import nbformat
from nbformat import NotebookNode
from nbformat.reader import NotJSONError

# No notebook of the course comes near this; a larger one holds embedded data or huge
# outputs, and parsing it would cost several times its size in memory.
SIZE_LIMIT = 20 * 2**20

# The nbgrader metadata format the course's notebooks are written in.
SCHEMA_VERSION = 3


class CellKind(enum.Enum):
    """What an nbgrader cell is to the assignment; the value is how a message names it."""

    WRITTEN_ANSWER = "manually graded answer cell"
    ANSWER = "answer cell"
    TEST = "test cell"
    TASK = "task cell"
    READ_ONLY = "read-only cell"


@dataclass(frozen=True)
class ExpectedCell:
    """A cell nbgrader tracks in an assignment's notebook (one with a grade id), as the gradebook records it.

    cell_type, locked and points are what a repaired cell gets back; None where the
    caller does not know them (then the submission's own value stands).
    """

    notebook: str  # the notebook's name, without .ipynb
    grade_id: str
    grade: bool = False  # carries points
    solution: bool = False  # the student writes it
    task: bool = False
    cell_type: str | None = None
    locked: bool | None = None
    points: float | None = None

    @property
    def kind(self) -> CellKind:
        if self.grade and self.solution:
            return CellKind.WRITTEN_ANSWER
        if self.solution:
            return CellKind.ANSWER
        if self.grade:
            return CellKind.TEST
        return CellKind.TASK if self.task else CellKind.READ_ONLY


class EntryKind(enum.Enum):
    """Why an entry of a submission folder is not graded; the value is how a message names it."""

    SYMLINK = "a symbolic link"
    HARD_LINK = "a hard link (a second name of a file that may not be the student's)"
    FIFO = "a named pipe"
    SOCKET = "a socket"
    DEVICE = "a device file"
    FOREIGN_OWNER = "a file owned by another user"
    UNSAFE_NAME = "a path that leads out of its folder"


@dataclass(frozen=True)
class Dropped:
    """An entry of a submission that is not a regular file of the student's, left out of grading."""

    path: str  # relative to the submission folder
    kind: EntryKind
    target: str = ""  # where a symbolic link points

    def sentence(self, student: str, assignment: str) -> str:
        where = f" (to {self.target})" if self.target else ""
        return (f"{student}'s submission of {assignment} holds {self.path}, which is {self.kind.value}{where}; "
                f"it was left out of grading (not opened, not copied to autograded/).")


@dataclass(frozen=True)
class Screening:
    student: str
    problems: tuple[str, ...] = ()  # each stops the submission from being graded
    warnings: tuple[str, ...] = ()  # graded anyway; the instructor should know
    files: tuple[str, ...] = ()  # paths in the folder that nbgrader should see: regular files only
    dropped: tuple[Dropped, ...] = ()  # entries that are not regular files (links, pipes, devices)

    @property
    def gradable(self) -> bool:
        return not self.problems


class _Unreadable(Exception):
    """Why a notebook cannot be graded, as the end of a sentence about it."""


class NotRegularFile(OSError):
    """A path that is not (or is no longer) a regular file of its own: never read through."""


def _entry_kind(mode: int, links: int) -> EntryKind | None:
    if stat.S_ISLNK(mode):
        return EntryKind.SYMLINK
    if stat.S_ISFIFO(mode):
        return EntryKind.FIFO
    if stat.S_ISSOCK(mode):
        return EntryKind.SOCKET
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return EntryKind.DEVICE
    if stat.S_ISREG(mode) and links > 1:
        return EntryKind.HARD_LINK
    return None


def list_files(folder: Path, owner: int | None = None,
               notebooks: Sequence[str] = ()) -> tuple[tuple[str, ...], tuple[Dropped, ...]]:
    """The regular files under `folder` (relative paths), and every other entry, never following a link.

    `owner`, when given, is the uid every file must belong to (in an exchange, the
    submitter's): anyone's file reached by a hard link or left there is dropped.
    Without it (in submitted/, where the instructor owns everything), a file with
    other names is dropped, except the assignment's own `notebooks`: a hard link
    made elsewhere to a student's notebook gives it a second name too, and who made
    it cannot be told, so the notebook is kept (`screen` warns about it).
    """
    files, dropped = [], []
    for directory, dirnames, filenames in os.walk(folder):  # os.walk does not enter linked folders
        here = Path(directory)
        for name in sorted(dirnames):
            if (here / name).is_symlink():
                dropped.append(Dropped(str((here / name).relative_to(folder)), EntryKind.SYMLINK,
                                       os.readlink(here / name)))
        for name in sorted(filenames):
            path = here / name
            relative = str(path.relative_to(folder))
            info = path.lstat()
            kind = _entry_kind(info.st_mode, 1 if relative in notebooks else info.st_nlink)
            if kind is None and owner is not None and info.st_uid != owner:
                kind = EntryKind.FOREIGN_OWNER
            if kind is None:
                files.append(relative)
            else:
                dropped.append(Dropped(relative, kind, os.readlink(path) if kind is EntryKind.SYMLINK else ""))
    return tuple(sorted(files)), tuple(sorted(dropped, key=lambda d: d.path))


def read_regular(path: Path, size_limit: int | None = None) -> bytes:
    """The bytes of `path` if it is a regular file, opened without following a link.

    The check is made on the open file, so a path swapped for a link after it was
    listed is refused too; a named pipe is opened without waiting for a writer.
    Which files with several names to read is `list_files`'s decision.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with open(fd, "rb") as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(f"{path} is not a regular file")
        if size_limit is not None and info.st_size > size_limit:
            raise NotRegularFile(f"{path} is over {size_limit} bytes")
        return file.read()


def safe_path(folder: Path, name: str) -> Path | None:
    """`folder / name` if the relative path `name` stays inside `folder`; None for absolute paths and `..`."""
    parts = PurePosixPath(name).parts
    if not parts or PurePosixPath(name).is_absolute() or any(p in ("..", ".") for p in parts) or "\0" in name:
        return None
    return folder.joinpath(*parts)


def screen(folder: Path, assignment: str, expected_notebooks: Sequence[str],
           expected_cells: Sequence[ExpectedCell], size_limit: int = SIZE_LIMIT) -> Screening:
    """Screen submitted/<student>/<assignment>/ against the assignment's notebooks and their cells (in notebook order)."""
    student = folder.parent.name
    if folder.is_symlink() or not folder.is_dir():
        what = "is a symbolic link, not a folder" if folder.is_symlink() else "does not exist"
        return Screening(student, problems=(f"{student} has no submission of {assignment}: {folder} {what}.",))

    expected_files = [f"{name}.ipynb" for name in expected_notebooks]
    files, dropped = list_files(folder, notebooks=expected_files)
    other_notebooks = [f for f in files if f.endswith(".ipynb") and f not in expected_files]
    problems, warnings = [], [d.sentence(student, assignment) for d in dropped]
    for name in expected_files:
        if name in files and (folder / name).lstat().st_nlink > 1:
            warnings.append(f"{student}'s {assignment}/{name} has {(folder / name).lstat().st_nlink} names (a hard "
                            "link): another submission may be this very file. It was graded; compare the two.")
    if other_notebooks:
        warnings.append(f"{student}'s submission of {assignment} also holds {_list(other_notebooks)}; "
                        f"only {_list(expected_files)} is graded, the other notebooks were ignored.")
    sizes = {f: (folder / f).lstat().st_size for f in files if f not in expected_files and f not in other_notebooks}
    too_large = [f for f, size in sizes.items() if size > size_limit]
    for name in too_large:
        warnings.append(f"{student}'s submission of {assignment} holds {name} ({_mb(sizes[name])}), "
                        f"over the {_mb(size_limit)} limit for a file; it was left out of grading "
                        f"(not opened, not copied to autograded/).")

    for name, filename in zip(expected_notebooks, expected_files):
        who = f"{student}'s {assignment}/{filename}"
        if filename not in files:
            problems.append(_missing(student, assignment, filename, files, other_notebooks, folder, dropped))
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
        repair = repair_cells(who, assignment, nb, [c for c in expected_cells if c.notebook == name])
        problems += repair.problems
        warnings += repair.warnings

    gradable = tuple(f for f in files if f not in other_notebooks and f not in too_large)
    return Screening(student, tuple(problems), tuple(warnings), gradable, dropped)


def _missing(student, assignment, filename, files, other_notebooks, folder, dropped) -> str:
    sentence = f"{student}'s submission of {assignment} has no {filename}"
    linked = next((d for d in dropped if d.path == filename), None)
    if linked is not None:
        sentence += f" of its own: {filename} is {linked.kind.value}" + (f" (to {linked.target})" if linked.target else "")
    elif other_notebooks:
        sentence += (f"; it holds {_list(other_notebooks)}: if that is the work under another name, "
                     f"rename it to {filename} in {folder} and grade again")
    elif files:
        sentence += f"; the folder holds only {_list(files)}"
    else:
        sentence += "; the folder is empty"
    return sentence + ". It was not graded."


def _read(path: Path, size_limit: int) -> NotebookNode:
    size = path.lstat().st_size
    if size == 0:
        raise _Unreadable("is empty (0 bytes), so there is nothing to grade")
    if size > size_limit:
        raise _Unreadable(f"is {_mb(size)}, over the {_mb(size_limit)} limit for a notebook (it was not opened)")
    try:
        data = read_regular(path, size_limit)
    except OSError as error:
        raise _Unreadable(f"could not be read as a regular file ({error})") from None
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
class CellRepair:
    """What `repair_cells` found: reasons to refuse the notebook, and what it changed (a sentence each)."""

    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _claims_a_role(meta: dict) -> bool:
    return any(meta.get(flag) for flag in ("grade", "solution", "locked", "task"))


def _grade_id(meta) -> str | None:
    gid = meta.get("grade_id") if isinstance(meta, dict) else None
    return gid if isinstance(gid, str) and gid.strip() else None


def _demote(cell: NotebookNode) -> None:
    """The cell becomes an ordinary one: nbgrader neither grades nor restores it."""
    cell.metadata.pop("nbgrader", None)


def _with_type(cell: NotebookNode, cell_type: str) -> NotebookNode:
    make = nbformat.v4.new_code_cell if cell_type == "code" else nbformat.v4.new_markdown_cell
    made = make(cell.source, metadata=cell.metadata)
    if "id" in cell:
        made.id = cell.id
    return made


def _restore(nb: NotebookNode, index: int, expected: ExpectedCell) -> list[str]:
    """Put back what the gradebook records of this cell; the names of the fields that differed."""
    meta = nb.cells[index].metadata["nbgrader"]
    wanted: dict = {"grade": expected.grade, "solution": expected.solution, "schema_version": SCHEMA_VERSION}
    if expected.task:
        wanted["task"] = True
    if expected.locked is not None:
        wanted["locked"] = expected.locked
    if expected.grade and expected.points is not None:
        wanted["points"] = float(expected.points)
    changed = [name for name, value in wanted.items()
               if meta.get(name) != value and not (isinstance(value, bool) and bool(meta.get(name)) == value)]
    for name, value in wanted.items():
        meta[name] = value
    if not expected.grade:
        meta.pop("points", None)
    if expected.cell_type is not None and nb.cells[index].cell_type != expected.cell_type:
        nb.cells[index] = _with_type(nb.cells[index], expected.cell_type)
        changed.append("cell type")
    return changed


def repair_cells(who: str, assignment: str, nb: NotebookNode, expected: Sequence[ExpectedCell]) -> CellRepair:
    """Make the notebook's nbgrader cells the assignment's, in place; what was refused or changed.

    `who` names the student's notebook in every sentence. A refused notebook is
    left as it was.
    """
    repair = CellRepair()
    positions: dict[str, list[int]] = {}
    nameless = []
    for index, cell in enumerate(nb.cells):
        meta = cell.get("metadata", {}).get("nbgrader")
        gid = _grade_id(meta)
        if gid is not None:
            positions.setdefault(gid, []).append(index)
        elif meta is not None and (not isinstance(meta, dict) or _claims_a_role(meta)):
            nameless.append(index)

    by_id = {c.grade_id: c for c in expected}
    answerable = [c for c in expected if c.grade or c.solution]
    unknown = sorted(set(positions) - set(by_id))
    if answerable and not any(c.grade_id in positions for c in answerable):
        elsewhere = f"; its graded cells ({_list(unknown, 5)}) are not this assignment's" if unknown else ""
        repair.problems.append(f"{who} has none of the {len(answerable)} answer and test cells of {assignment}"
                               f"{elsewhere}: it looks like another notebook saved under this name, "
                               f"so it was not graded.")
        return repair

    # nbgrader reads every marked cell's grade id (KeyError: 'grade_id' ends the notebook)
    # and keeps the last copy of a duplicate: cells it cannot place become ordinary ones.
    if nameless:
        repair.warnings.append(f"{who} has nbgrader cells without a grade id (cells {_list([str(i + 1) for i in nameless])}); "
                               f"they were graded as ordinary cells.")
    if unknown:
        repair.warnings.append(f"{who} has cells whose grade ids are not part of {assignment} ({_list(unknown, 5)}), "
                               f"probably pasted from another notebook; they were graded as ordinary cells.")
    demoted = nameless + [i for gid in unknown for i in positions[gid]]
    for gid, where in positions.items():
        if gid in by_id and len(where) > 1:
            cell = by_id[gid]
            once = ", so its points count once" if cell.grade else ""
            repair.warnings.append(
                f"{who} has the {cell.kind.value} {gid} {len(where)} times (cells {_list([str(i + 1) for i in where])}); "
                f"only the last copy was graded as {gid}{once}, and the others ran as ordinary cells.")
            demoted += where[:-1]

    # A changed `grade` or `solution` flag makes nbgrader refuse the notebook ("Inconsistent
    # checksums"), points it cannot read or a schema version it does not know end the run:
    # what the gradebook records is put back.
    for gid, where in positions.items():
        cell = by_id.get(gid)
        if cell is None:
            continue
        changed = _restore(nb, where[-1], cell)
        if changed:
            repair.warnings.append(f"{who} has the {cell.kind.value} {gid} marked otherwise in its nbgrader metadata "
                                   f"({', '.join(changed)}); it was graded as the {cell.kind.value} it is.")
    for index in demoted:
        _demote(nb.cells[index])

    # nbgrader puts a deleted grade cell back right after the cell that precedes
    # it in the assignment, which must be an answer or test cell it can find.
    placeable = {c.grade_id for c in answerable if c.grade_id in positions}
    for i, cell in enumerate(expected):
        if cell.grade_id in positions:
            continue
        if cell.grade:
            before = expected[i - 1] if i else None
            if before is not None and before.grade_id not in placeable:
                repair.problems.append(
                    f"{who} lacks the {cell.kind.value} {cell.grade_id} and the {before.kind.value} {before.grade_id} "
                    f"before it; nbgrader puts a deleted {cell.kind.value} back after the cell that preceded it and "
                    f"fails when that cell is missing too, so it was not graded: put both cells back from "
                    f"release/{assignment}/ and grade again, or grade it by hand.")
                continue
            placeable.add(cell.grade_id)
        repair.warnings.append(f"{who} lacks the {cell.kind.value} {cell.grade_id} (deleted); {_DELETED[cell.kind]}.")
    return repair


_DELETED = {
    CellKind.TEST: "nbgrader put it back from the gradebook and graded it as usual",
    CellKind.WRITTEN_ANSWER: "nbgrader put the blank cell back, so it is graded as unanswered",
    CellKind.ANSWER: ("nbgrader does not put answer cells back, so the tests that use it ran without it "
                      "(they pass only if the notebook defines the answer elsewhere)"),
    CellKind.TASK: "nbgrader put it back at the end of the notebook",
    CellKind.READ_ONLY: "nbgrader does not put it back, so the cells that depend on it may have failed",
}


def _list(items: Sequence[str], at_most: int | None = None) -> str:
    shown = list(items[:at_most]) if at_most else list(items)
    more = f" and {len(items) - len(shown)} more" if len(items) > len(shown) else ""
    return ", ".join(shown) + more


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f} MB"
