"""What a graded class left behind, read back for the security tests: files, gradebook rows, outputs, flags.

Nothing here follows a link: submissions under test hold links to the gradebook,
to /dev/zero and to other students' files.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

import nbformat
from course_builder import released_notebook, source_notebook
from nbgrader.api import Gradebook, MissingEntry

from grader.demo import classroom
from grader.flags import SUFFIX, read_flags
from grader.pipeline import Course

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def fingerprint(root: Path) -> dict[str, str]:
    """Every entry under the course (sha256 of a file's bytes, a link's target), except the gradebook."""
    found = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            path = Path(folder) / name
            found[str(path.relative_to(root)) + "/"] = f"-> {os.readlink(path)}" if path.is_symlink() else "folder"
        for name in files:
            path = Path(folder) / name
            relative = str(path.relative_to(root))
            if relative.startswith("gradebook.db"):
                continue
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                found[relative] = f"-> {os.readlink(path)}"
            elif stat.S_ISREG(mode):
                found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                found[relative] = stat.filemode(mode)
    return found


def attacker_owned(relative: str, attackers: set[str]) -> bool:
    """Paths an attacker's grading legitimately creates: its submission (and what was set aside of it), its
    autograded copy, the pipeline's record of it (and the pipeline's empty bookkeeping folders)."""
    parts = Path(relative.rstrip("/")).parts
    if len(parts) >= 2 and parts[0] in ("submitted", "autograded") and parts[1] in attackers:
        return True
    if parts[:2] == ("autograded", ".pipeline"):
        return any(part in attackers for part in parts[2:]) or relative.endswith("/")
    return False


def gradebook_rows(course: Course, assignment: str, student: str) -> dict | None:
    """Everything the gradebook holds about a student's submission, or None if it has none."""
    with Gradebook(course.db_url) as gradebook:
        try:
            submission = gradebook.find_submission(assignment, student)
        except MissingEntry:
            return None
        return {
            "timestamp": str(submission.timestamp),
            "score": submission.score,
            "max_score": submission.max_score,
            "grades": {g.name: (g.auto_score, g.manual_score, g.extra_credit, g.needs_manual_grade, g.score)
                       for notebook in submission.notebooks for g in notebook.grades},
            "comments": {c.name: (c.auto_comment, c.manual_comment)
                         for notebook in submission.notebooks for c in notebook.comments},
        }


def points_of_tests(course: Course, assignment: str) -> dict[str, float]:
    """Test cell grade id -> its points, from the instructor's notebook."""
    points = {}
    for cell in source_notebook(course, assignment).cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            points[meta["grade_id"]] = float(meta["points"])
    return points


def autograded_path(course: Course, assignment: str, student: str) -> Path:
    return course.root / "autograded" / student / assignment / f"{assignment}.ipynb"


def output_text(output) -> str:
    if output.get("output_type") == "stream":
        return output.get("text", "")
    if output.get("output_type") == "error":
        return "\n".join([f"{output.get('ename')}: {output.get('evalue')}", *output.get("traceback", [])[:4]])
    data = output.get("data", {})
    return str(data.get("text/plain", sorted(data)))


def cell_outputs(course: Course, assignment: str, student: str, streams_only: bool = False) -> dict[str, str]:
    """grade id (or "cell <n>") -> the text of that cell's outputs in the student's autograded notebook."""
    path = autograded_path(course, assignment, student)
    if not path.exists():
        return {}
    nb = nbformat.read(str(path), as_version=4)
    texts = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        key = cell.metadata.get("nbgrader", {}).get("grade_id") or f"cell {index}"
        outputs = [o for o in cell.get("outputs", []) if o.get("output_type") == "stream" or not streams_only]
        texts[key] = ANSI.sub("", "\n".join(output_text(o) for o in outputs))
    return texts


def flags(course: Course, assignment: str, student: str) -> list[str]:
    """The student's flags, each as the instructor reads it (`test_x: why`)."""
    return [str(flag) for flag in read_flags(autograded_path(course, assignment, student).with_suffix(SUFFIX))]


def live_processes_under(root: Path) -> list[str]:
    """Processes whose working folder is inside `root` (a kernel or anything it forked)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cwd = os.readlink(entry / "cwd")
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")[:120]
        except OSError:
            continue
        if cwd.startswith(str(root)):
            found.append(f"pid {entry.name} in {cwd}: {cmdline}")
    return found


def place(course: Course, assignment: str, student: str, answers: dict[str, str], mutate=None, prepare=None) -> Path:
    """A submission in submitted/: the release with these answers, the notebook changed by `mutate`, the folder by
    `prepare`."""
    folder = course.root / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    nb = classroom.with_answers(released_notebook(course, assignment), answers)
    if mutate is not None:
        mutate(nb)
    nbformat.write(nb, str(folder / f"{assignment}.ipynb"))
    (folder / "timestamp.txt").write_text("2026-11-23 12:00:00.000000 UTC")
    if prepare is not None:
        prepare(folder)
    return folder
