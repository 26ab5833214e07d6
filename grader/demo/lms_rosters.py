"""The demo class as Canvas and Moodle list it: the roster files an instructor downloads from each LMS.

Like a real class, the LMS knows one student who never submitted (Zoë), and not the two
accounts the instructor made for testing (`solution`, `blank`), who did submit: the
export must leave those two out and say so.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from grader.demo.classroom import CLASS, SimulatedStudent
from grader.lms_export import CANVAS_POINTS_POSSIBLE, points

TEST_ACCOUNTS = ("solution", "blank")
NEVER_SUBMITTED = SimulatedStudent("zoe", "Zoë", "Ñúñez-Åström", "absent")
SECTION = "Calc4ML 2026 — Section A"


def lms_students() -> list[SimulatedStudent]:
    return [s for s in CLASS if s.id not in TEST_ACCOUNTS] + [NEVER_SUBMITTED]


def canvas_id(student: SimulatedStudent) -> str:
    return str(80001 + [s.id for s in lms_students()].index(student.id))


def sis_id(student: SimulatedStudent) -> str:
    return f"S{canvas_id(student)[1:]}"


def email(student: SimulatedStudent) -> str:
    # The demo's gradebook has "<id>@example.edu"; one LMS spells it with capitals, as people do.
    return f"{student.id.capitalize()}@Example.edu" if student.id == "fatima" else f"{student.id}@example.edu"


def canvas_assignment_id(position: int) -> str:
    return str(31001 + position)


def _csv(rows) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def canvas_roster(points_possible: dict[str, float]) -> str:
    """Canvas's gradebook download (Grades > Export) before any grade was imported: assignment -> points."""
    header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    header += [f"{name} ({canvas_assignment_id(i)})" for i, name in enumerate(points_possible)]
    header += ["Current Points", "Final Points"]
    rows = [header, ["    " + CANVAS_POINTS_POSSIBLE, "", "", "", ""] + [points(p) for p in points_possible.values()]
            + ["(read only)"] * 2]
    for student in lms_students():
        rows.append([f"{student.last_name}, {student.first_name}", canvas_id(student), sis_id(student), student.id,
                     SECTION] + [""] * len(points_possible) + ["0", "0"])
    return _csv(rows)


def moodle_roster() -> str:
    """Moodle's grade export (Grades > Export > Plain text file), before any grade was imported."""
    rows = [["First name", "Last name", "ID number", "Institution", "Department", "Email address"]]
    for student in lms_students():
        rows.append([student.first_name, student.last_name, sis_id(student), "Example University", "Mathematics",
                     email(student)])
    return _csv(rows)


def write_rosters(folder: Path, points_possible: dict[str, float]) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    canvas, moodle = folder / "canvas_roster.csv", folder / "moodle_roster.csv"
    canvas.write_text(canvas_roster(points_possible), encoding="utf-8", newline="")
    moodle.write_text(moodle_roster(), encoding="utf-8", newline="")
    return canvas, moodle
