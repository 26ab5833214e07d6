"""What the similarity report compares, read from the course directory: the release's stubs and
every student's answer cells (from submitted/, or autograded/ for a student with nothing there).

Only regular files are read (a link in a student's folder is someone else's file), and a
notebook that cannot be read is named, not fatal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import nbformat


@dataclass
class ClassAnswers:
    stubs: dict[str, str]  # exercise -> the release's answer cell
    answers: dict[str, dict[str, str]]  # exercise -> student -> the student's answer cell
    problems: list[str] = field(default_factory=list)  # what could not be read, naming the student


def _answer_cells(nb) -> dict[str, str]:
    """Code answer cells by grade id; written (markdown) answers are not code and are not compared."""
    cells: dict[str, str] = {}
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") == "code" and meta.get("solution") and isinstance(meta.get("grade_id"), str):
            cells.setdefault(meta["grade_id"], cell.get("source", ""))
    return cells


def _regular(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


def read_class(root: Path, assignment: str) -> ClassAnswers:
    release = root / "release" / assignment
    notebooks = sorted(p.name for p in release.glob("*.ipynb") if _regular(p))
    stubs = {}
    for name in notebooks:
        stubs.update(_answer_cells(nbformat.read(str(release / name), as_version=4)))
    found = ClassAnswers(stubs, {exercise: {} for exercise in stubs})
    folders = {}
    for kind in ("autograded", "submitted"):  # submitted/ last: the student's own file wins
        for folder in sorted((root / kind).glob(f"*/{assignment}")):
            if folder.is_dir() and not folder.is_symlink() and not folder.parent.is_symlink():
                folders[folder.parent.name] = folder
    for student, folder in sorted(folders.items()):
        for name in notebooks:
            path = folder / name
            if not _regular(path):
                continue
            try:
                cells = _answer_cells(nbformat.read(str(path), as_version=4))
            except Exception as exc:  # a damaged notebook: the screening names it at grading too
                found.problems.append(f"{student}'s {name} could not be read ({type(exc).__name__}); left out")
                continue
            for exercise, source in cells.items():
                if exercise in found.answers and isinstance(source, str):
                    found.answers[exercise][student] = source
    return found
