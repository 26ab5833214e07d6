"""Grades as the LMS imports them: a Canvas gradebook CSV and a Moodle grade import CSV.

Pure: rosters as CSV text in, grades as plain data in, CSV text and a report out. Reading
the gradebook and writing files happen at the edges (`grader.nbgrader_plugins.export`,
`grader.pipeline.Course.lms_export`).

What the importers expect, and where it is written down:

Canvas (Grades > Import; https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-in-the-Gradebook/ta-p/807,
and canvas-lms' own importer, app/models/gradebook_importer.rb):
- The header must begin `Student`, `ID` (`row[0].include?("Student") && row[1].include?("ID")`);
  `SIS User ID` then `SIS Login ID` may follow, and the last student column must be `Section`.
- An assignment column is `"<title> (<canvas assignment id>)"` (`Assignment.title_and_id`,
  `/\\A(.*)\\s\\((\\d+)\\)\\z/`); a bare title matches an assignment of exactly that title, and
  an unknown one creates a new assignment.
- A row whose first cell contains `Points Possible` describes the assignments, not a student.
- A student is found by `ID` (Canvas's user id), then `SIS User ID`, then `SIS Login ID`, then
  by name; a row matching nobody makes Canvas ask the instructor to pick someone by hand.
- An empty cell (or `-`) is "no score" and changes nothing; `0` is a score. So a missing
  submission is written empty, and as 0 only when the instructor asks.
- Standard CSV quoting, UTF-8 (the SIS import format page: "Fields that contain a comma must be
  surrounded by double-quotes ... All text should be UTF-8 encoded").

Moodle (Grades > Import > CSV file; https://docs.moodle.org/en/Grade_import and
grade/import/csv/classes/load_data.php):
- Any header; on the preview page the instructor maps one column to the user (Map from
  "Email address" to "Email address", or "ID number" to "ID number") and each other column
  to a grade item or to its feedback ("Feedback: <item>").
- A row whose user cannot be found, or whose user field is empty, aborts the whole import
  (`check_user_exists`, then "usermappingerrorusernotfound"): so only students the roster
  knows are written, and the others are reported.
- "Importing feedback will also overwrite any grades that are linked to that assessment.
  Please include both feedback and grades ... If both columns are not included then all
  grades for that activity will be lost": each grade column is followed by its feedback.
- `''` and `-` are "no grade" for an existing grade item, but only `-` is skipped when the
  column becomes a new grade item (`import_new_grade_item`), so a missing submission is `-`.
- Email addresses are compared case-sensitively by the importer: the roster's spelling is
  written, not the gradebook's.
"""

from __future__ import annotations

import csv
import enum
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

CANVAS_STUDENT_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
CANVAS_POINTS_POSSIBLE = "Points Possible"
MOODLE_NO_GRADE = "-"
_CANVAS_TITLE_AND_ID = re.compile(r"\A(.*)\s\((\d+)\)\Z")  # canvas-lms Assignment.title_and_id


class MoodleIdentity(enum.Enum):
    """The user field the Moodle import maps from (its "Identify user by" choice)."""

    EMAIL = "email"
    IDNUMBER = "idnumber"

    @property
    def column(self) -> str:
        # The names Moodle's own grade export gives these columns.
        return "Email address" if self is MoodleIdentity.EMAIL else "ID number"


@dataclass(frozen=True)
class Student:
    """A student of the nbgrader gradebook."""

    id: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    lms_user_id: str = ""

    @property
    def sortable_name(self) -> str:
        # Canvas shows and exports students as "Last, First".
        return ", ".join(part for part in (self.last_name, self.first_name) if part) or self.id

    def describe(self) -> str:
        name = " ".join(part for part in (self.first_name, self.last_name) if part)
        return ", ".join(part for part in (self.id, name, self.email) if part)


@dataclass(frozen=True)
class Assignment:
    name: str
    max_score: float
    canvas_id: str = ""


@dataclass(frozen=True)
class LostPoints:
    question: str
    score: float
    max_score: float


@dataclass(frozen=True)
class Grade:
    """One student's graded submission of one assignment (score after any late penalty)."""

    student: str
    assignment: str
    score: float
    max_score: float
    late_penalty: float = 0.0
    awaiting_manual_grading: int = 0
    lost: tuple[LostPoints, ...] = ()


@dataclass(frozen=True)
class RosterEntry:
    """One student as the LMS lists them; a field the download does not have is empty.

    Canvas fields are copied back unchanged into the import, since Canvas finds a student by
    them; Moodle needs only the email address or ID number.
    """

    name: str = ""
    first_name: str = ""
    last_name: str = ""
    canvas_id: str = ""
    sis_user_id: str = ""
    login: str = ""
    section: str = ""
    email: str = ""
    id_number: str = ""

    def describe(self) -> str:
        name = self.name or " ".join(part for part in (self.first_name, self.last_name) if part)
        return ", ".join(part for part in (name, self.login or self.id_number, self.email) if part)


@dataclass(frozen=True)
class Ambiguity:
    """A student who matches several roster entries (or shares one with another student)."""

    student: Student
    entries: tuple[RosterEntry, ...]


@dataclass(frozen=True)
class Matching:
    """Who in the LMS roster is who in the gradebook."""

    pairs: tuple[tuple[RosterEntry, Student | None], ...]   # every roster entry, in roster order
    unmatched: tuple[Student, ...] = ()                      # submitted something, not in the roster
    ambiguous: tuple[Ambiguity, ...] = ()


@dataclass(frozen=True)
class LmsFile:
    """A CSV to import and what the instructor must know about it."""

    lms: str
    text: str
    students_written: int
    not_in_roster: tuple[Student, ...] = ()            # submitted, left out of the file
    no_submission: tuple[str, ...] = ()                # written, with nothing submitted (names)
    left_out: tuple[tuple[Student, str], ...] = ()     # left out for another reason (the reason)
    ambiguous: tuple[Ambiguity, ...] = ()
    awaiting_manual_grading: tuple[Grade, ...] = ()
    missing_canvas_ids: tuple[str, ...] = ()
    missing_as_zero: bool = False

    def report(self) -> list[str]:
        """Sentences for the instructor, one per problem; empty when there is nothing to say."""
        lines = []
        for student in self.not_in_roster:
            lines.append(f"{self.lms}: {student.describe()} submitted work but is not in the {self.lms} roster; "
                         f"left out of the file (add them in {self.lms}, or check their login and email)")
        for student, reason in self.left_out:
            lines.append(f"{self.lms}: {student.describe()} left out of the file: {reason}")
        for ambiguity in self.ambiguous:
            entries = "; ".join(entry.describe() for entry in ambiguity.entries)
            lines.append(f"{self.lms}: {ambiguity.student.describe()} matches more than one roster entry or shares "
                         f"one with another student ({entries}); left out of the file")
        if self.no_submission:
            lines.append(f"{self.lms}: {len(self.no_submission)} student(s) of the roster have no submission of some "
                         f"assignment, left {'0' if self.missing_as_zero else 'without a grade'}: "
                         f"{'; '.join(self.no_submission)}")
        pending: dict[str, list[str]] = {}
        for grade in self.awaiting_manual_grading:
            pending.setdefault(grade.assignment, []).append(grade.student)
        for assignment, names in pending.items():
            lines.append(f"{self.lms}: {assignment}: {len(names)} submission(s) have written answers not yet graded by "
                         f"hand ({', '.join(names)}); their exported scores count those answers as 0")
        for name in self.missing_canvas_ids:
            lines.append(f"{self.lms}: no Canvas id for {name}: its column is headed by the title alone, which "
                         f"Canvas matches to an assignment of exactly that title or creates as a new one")
        return lines


class RosterError(ValueError):
    """A roster file that cannot be read as the LMS's download."""


@dataclass(frozen=True)
class Rosters:
    """What the instructor downloaded from the LMS; None where nothing was given."""

    canvas: tuple[RosterEntry, ...] | None = None
    canvas_assignment_ids: dict[str, str] = field(default_factory=dict)
    moodle: tuple[RosterEntry, ...] | None = None


def read_rosters(canvas_text: str | None = None, moodle_text: str | None = None) -> Rosters:
    canvas, ids = parse_canvas_roster(canvas_text) if canvas_text is not None else (None, {})
    moodle = parse_moodle_roster(moodle_text) if moodle_text is not None else None
    return Rosters(None if canvas is None else tuple(canvas), ids, None if moodle is None else tuple(moodle))


def points(value: float) -> str:
    """A score as the importers read it: plain decimal, at most two places (Canvas rounds to two)."""
    text = f"{round(float(value), 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _normalise(header: str) -> str:
    return re.sub(r"[\s_]+", " ", header.strip().lstrip("\ufeff")).lower()


def _read_rows(text: str, what: str) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows:
        raise RosterError(f"the {what} is empty")
    return rows[0], rows[1:]


def canvas_assignment_ids(header: Sequence[str]) -> dict[str, str]:
    """Assignment title -> Canvas id, from the headers of a Canvas gradebook download."""
    found = {}
    for cell in header:
        match = _CANVAS_TITLE_AND_ID.match(cell.strip())
        if match:
            found[match.group(1)] = match.group(2)
    return found


def parse_canvas_roster(text: str) -> tuple[list[RosterEntry], dict[str, str]]:
    """Canvas's gradebook download (Grades > Export): its students, and assignment title -> id.

    Rows that are not students, as Canvas's importer skips them, are skipped here too: the
    `Points Possible` row and the muted / manual-posting row.
    """
    header, rows = _read_rows(text, "Canvas roster")
    columns = {_normalise(name): index for index, name in enumerate(header)}
    if "student" not in columns or not ({"sis login id", "id", "email"} & set(columns)):
        raise RosterError("the Canvas roster must be the gradebook download of Canvas (Grades > Export): "
                          f"its header has {', '.join(header)}, with no Student and SIS Login ID / ID columns")

    def cell(row, name):
        index = columns.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    entries = []
    for row in rows:
        first = cell(row, "student")
        if not any(c.strip() for c in row) or CANVAS_POINTS_POSSIBLE in first:
            continue
        if all(re.fullmatch(r"\s*(Muted|Manual Posting.*)?\s*", c or "", re.I) for c in row):
            continue
        entries.append(RosterEntry(
            name=first, canvas_id=cell(row, "id"), sis_user_id=cell(row, "sis user id"),
            login=cell(row, "sis login id"), section=cell(row, "section"),
            email=cell(row, "email") or cell(row, "email address")))
    return entries, canvas_assignment_ids(header)


def parse_moodle_roster(text: str) -> list[RosterEntry]:
    """Moodle's grade export (Grades > Export > Plain text file) or participants download."""
    header, rows = _read_rows(text, "Moodle roster")
    columns = {_normalise(name): index for index, name in enumerate(header)}
    aliases = {"email": ("email address", "email"), "id_number": ("id number", "idnumber"),
               "first_name": ("first name", "firstname"), "last_name": ("last name", "surname", "lastname"),
               "login": ("username",)}
    found = {key: next((columns[n] for n in names if n in columns), None) for key, names in aliases.items()}
    if found["email"] is None and found["id_number"] is None:
        raise RosterError("the Moodle roster needs an 'Email address' or an 'ID number' column (Moodle's grade "
                          f"export has both); its header has {', '.join(header)}")
    entries = []
    for row in rows:
        if not any(c.strip() for c in row):
            continue
        values = {key: row[index].strip() if index is not None and index < len(row) else ""
                  for key, index in found.items()}
        entries.append(RosterEntry(**values))
    return entries


def _keys(student: Student) -> list[tuple[str, str]]:
    keys = [("login", student.id.casefold())]
    if student.email:
        keys += [("email", student.email.casefold()), ("login", student.email.casefold())]
    if student.lms_user_id:
        keys += [("canvas_id", student.lms_user_id), ("id_number", student.lms_user_id)]
    keys.append(("id_number", student.id.casefold()))
    return keys


def _entry_keys(entry: RosterEntry) -> list[tuple[str, str]]:
    keys = []
    for kind, value in (("login", entry.login), ("email", entry.email), ("canvas_id", entry.canvas_id),
                        ("id_number", entry.id_number)):
        if value:
            keys.append((kind, value if kind == "canvas_id" else value.casefold()))
    # Where the institution's logins are email addresses, a login is matched against emails too.
    if "@" in entry.login:
        keys.append(("email", entry.login.casefold()))
    return keys


def match_roster(roster: Sequence[RosterEntry], students: Iterable[Student], submitted: set[str]) -> Matching:
    """Pair roster entries with gradebook students by login (= nbgrader id), email, ID number or LMS id.

    Case is ignored: logins and emails are not case-sensitive to the people who type them. A
    student matching several entries, or an entry claimed by several students, is not guessed at.
    """
    index: dict[tuple[str, str], set[int]] = {}
    for position, entry in enumerate(roster):
        for key in _entry_keys(entry):
            index.setdefault(key, set()).add(position)
    claims: dict[int, list[Student]] = {}
    ambiguous, unmatched = [], []
    for student in students:
        positions = set().union(*(index.get(key, set()) for key in _keys(student)))
        if len(positions) == 1:
            claims.setdefault(positions.pop(), []).append(student)
        elif positions:
            ambiguous.append(Ambiguity(student, tuple(roster[p] for p in sorted(positions))))
        elif student.id in submitted:
            unmatched.append(student)
    owner: dict[int, Student] = {}
    for position, claimants in claims.items():
        if len(claimants) == 1:
            owner[position] = claimants[0]
        else:
            ambiguous += [Ambiguity(s, (roster[position],)) for s in claimants]
    pairs = tuple((entry, owner.get(position)) for position, entry in enumerate(roster))
    return Matching(pairs, tuple(unmatched), tuple(ambiguous))


def _without_roster(students: Sequence[Student]) -> Matching:
    """Every gradebook student, described from the gradebook alone."""
    # Canvas then finds each student by the SIS Login ID (their nbgrader id, the login of a class on a
    # JupyterHub) or by Canvas's user id where nbgrader's lms_user_id holds it; Moodle by email or ID number.
    return Matching(tuple((RosterEntry(name=s.sortable_name, first_name=s.first_name, last_name=s.last_name,
                                       canvas_id=s.lms_user_id, login=s.id, email=s.email, id_number=s.id), s)
                          for s in students))


def _csv(rows: Iterable[Sequence[str]]) -> str:
    out = io.StringIO()
    # QUOTE_MINIMAL quotes exactly the cells with a comma, quote or line break, as both importers expect;
    # "\r\n" is RFC 4180's line end, which both read.
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


@dataclass(frozen=True)
class _Cells:
    """What one student gets in one assignment's column(s)."""

    score: str
    feedback: str


def _cells(grade: Grade | None, missing_as_zero: bool, no_grade: str) -> _Cells:
    if grade is None:
        return _Cells("0" if missing_as_zero else no_grade, "No submission" if missing_as_zero else "")
    return _Cells(points(grade.score), feedback_text(grade))


def feedback_text(grade: Grade) -> str:
    """A line of feedback for the LMS: the score, where points were lost, what is still to come."""
    parts = [f"{points(grade.score)}/{points(grade.max_score)} points"]
    if grade.lost:
        parts.append("points lost in " + ", ".join(
            f"{lost.question} ({points(lost.score)}/{points(lost.max_score)})" for lost in grade.lost))
    if grade.late_penalty:
        parts.append(f"late penalty {points(grade.late_penalty)}")
    if grade.awaiting_manual_grading:
        parts.append(f"{grade.awaiting_manual_grading} written answer(s) not yet graded")
    return "; ".join(parts) + ". Detailed feedback: the Assignments tab of JupyterLab."


def _grades_by_key(grades: Iterable[Grade]) -> dict[tuple[str, str], Grade]:
    return {(g.student, g.assignment): g for g in grades}


def _no_submission(pairs, assignments, grades) -> tuple[str, ...]:
    return tuple(entry.describe() for entry, student in pairs
                 if any((student.id if student else None, a.name) not in grades for a in assignments))


def _pending(grades: dict[tuple[str, str], Grade], written: set[str]) -> tuple[Grade, ...]:
    return tuple(g for (student, _), g in sorted(grades.items()) if student in written and g.awaiting_manual_grading)


def canvas_csv(students: Sequence[Student], assignments: Sequence[Assignment], grades: Iterable[Grade],
               roster: Sequence[RosterEntry] | None = None, missing_as_zero: bool = False) -> LmsFile:
    """The Canvas gradebook import: one row per roster student (or per gradebook student without a roster)."""
    by_key = _grades_by_key(grades)
    submitted = {student for student, _ in by_key}
    matching = _without_roster(students) if roster is None else match_roster(roster, students, submitted)
    header = list(CANVAS_STUDENT_COLUMNS) + [f"{a.name} ({a.canvas_id})" if a.canvas_id else a.name for a in assignments]
    rows = [header, [CANVAS_POINTS_POSSIBLE, "", "", "", ""] + [points(a.max_score) for a in assignments]]
    for entry, student in matching.pairs:
        cells = [_cells(by_key.get((student.id, a.name)) if student else None, missing_as_zero, "")
                 for a in assignments]
        rows.append([entry.name, entry.canvas_id, entry.sis_user_id, entry.login, entry.section]
                    + [c.score for c in cells])
    written = {student.id for _, student in matching.pairs if student}
    return LmsFile("Canvas", _csv(rows), len(matching.pairs), matching.unmatched,
                   _no_submission(matching.pairs, assignments, by_key) if roster is not None else (),
                   ambiguous=matching.ambiguous, awaiting_manual_grading=_pending(by_key, written),
                   missing_canvas_ids=tuple(a.name for a in assignments if not a.canvas_id),
                   missing_as_zero=missing_as_zero)


def moodle_csv(students: Sequence[Student], assignments: Sequence[Assignment], grades: Iterable[Grade],
               roster: Sequence[RosterEntry] | None = None, identity: MoodleIdentity = MoodleIdentity.EMAIL,
               missing_as_zero: bool = False) -> LmsFile:
    """The Moodle grade import: names, the identity column, then a grade and a feedback column per assignment."""
    by_key = _grades_by_key(grades)
    submitted = {student for student, _ in by_key}
    matching = _without_roster(students) if roster is None else match_roster(roster, students, submitted)
    header = ["First name", "Last name", identity.column]
    for a in assignments:
        header += [a.name, f"Feedback: {a.name}"]
    rows, left_out, kept = [header], [], []
    for entry, student in matching.pairs:
        key = entry.email if identity is MoodleIdentity.EMAIL else entry.id_number
        if not key:
            # An empty user field aborts Moodle's whole import: the row cannot be written.
            if student is not None and (roster is None or student.id in submitted):
                left_out.append((student, f"no {identity.column.lower()} to identify them in Moodle"))
            continue
        kept.append((entry, student))
        row = [entry.first_name, entry.last_name, key]
        for a in assignments:
            cells = _cells(by_key.get((student.id, a.name)) if student else None, missing_as_zero, MOODLE_NO_GRADE)
            row += [cells.score, cells.feedback]
        rows.append(row)
    written = {student.id for _, student in kept if student}
    return LmsFile("Moodle", _csv(rows), len(kept), matching.unmatched,
                   _no_submission(kept, assignments, by_key) if roster is not None else (),
                   tuple(left_out), matching.ambiguous, _pending(by_key, written), missing_as_zero=missing_as_zero)


def graded_assignments(assignments: Sequence[Assignment], grades: Iterable[Grade]) -> list[Assignment]:
    """The assignments someone was graded in. An all-blank column of an assignment Canvas does not know
    would still make Canvas create that assignment, so assignments not yet graded are left out."""
    graded = {g.assignment for g in grades}
    return [a for a in assignments if a.name in graded]
