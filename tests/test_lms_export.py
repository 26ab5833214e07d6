"""The Canvas and Moodle import files (grader/lms_export.py), checked against the importers' rules.

`canvas_importer_problems` and `moodle_importer_problems` restate what canvas-lms'
GradebookImporter and Moodle's gradeimport_csv require of a file (cited in grader/lms_export.py);
every file the tests make is put through them, and each rule is shown to catch a file that breaks it.
"""

import csv
import io
import re

import pytest

from grader import lms_export as L

PS1, PS2 = L.Assignment("ps1_derivatives", 20, "31001"), L.Assignment("ps2_partials", 15, "31002")

ADA = L.Student("ada", "Ada", "Lovelace", "ada@example.edu")
DARA = L.Student("dara", "Dara", "O'Neil, Jr.", "dara@example.edu")
ZOE = L.Student("zoe", "Zoë", "Ñúñez-Åström", "Zoe@Uni.Example")
WALKIN = L.Student("walkin", "Walk", "In", "walkin@example.edu")      # submitted, not in the LMS
QUIET = L.Student("quiet", "Qui", "Et", "")                           # in the gradebook only, nothing submitted
STUDENTS = [ADA, DARA, ZOE, WALKIN, QUIET]

GRADES = [
    L.Grade("ada", "ps1_derivatives", 17.5, 20, lost=(L.LostPoints("d_exp_square", 0, 2), L.LostPoints("step_errors", 0.5, 1))),
    L.Grade("dara", "ps1_derivatives", 0, 20),
    L.Grade("dara", "ps2_partials", 9, 15, late_penalty=1, awaiting_manual_grading=1),
    L.Grade("zoe", "ps2_partials", 15, 15),
    L.Grade("walkin", "ps1_derivatives", 12, 20),
]

# As Canvas downloads it (Grades > Export): a byte-order mark when Excel saved it, the indented
# Points Possible row, a read-only column; a login typed in capitals, a login that is an email.
CANVAS_ROSTER = (
    "\ufeffStudent,ID,SIS User ID,SIS Login ID,Section,ps1_derivatives (31001),Problem set 2 (31002),Current Points\r\n"
    "    Points Possible,,,,,20,15,(read only)\r\n"
    '"Lovelace, Ada",101,S001,ada,Section A,,,0\r\n'
    '"O\'Neil, Jr., Dara",102,S002,DARA,Section A,,,0\r\n'
    '"Ñúñez-Åström, Zoë",103,S003,zoe@uni.example,Sección B,,,0\r\n'
    '"Never, Submitted",104,S004,never,Sección B,,,0\r\n'
)
MOODLE_ROSTER = (
    "First name,Last name,ID number,Institution,Department,Email address\r\n"
    "Ada,Lovelace,S001,Example U,Maths,ada@example.edu\r\n"
    "Dara,\"O'Neil, Jr.\",S002,Example U,Maths,Dara@Example.edu\r\n"
    "Zoë,Ñúñez-Åström,S003,Example U,Maths,zoe@uni.example\r\n"
    "Never,Submitted,S004,Example U,Maths,never@example.edu\r\n"
)


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def by_first(text: str) -> dict[str, list[str]]:
    return {row[0]: row for row in rows(text)}


def canvas_importer_problems(text: str) -> list[str]:
    """What canvas-lms' GradebookImporter would refuse or misread in this file."""
    table = rows(text)
    header, problems = table[0], []
    if not (len(header) > 3 and "Student" in header[0] and "ID" in header[1]):
        problems.append("header must start Student, ID")
    if header[2:5] != ["SIS User ID", "SIS Login ID", "Section"]:
        problems.append("SIS User ID, SIS Login ID, Section must follow")
    for title in header[5:]:
        if not re.fullmatch(r"(.*)\s\((\d+)\)", title):
            problems.append(f"column {title!r} is not 'title (id)'")
    if len(table) < 2 or "Points Possible" not in table[1][0]:
        problems.append("second row must be Points Possible")
    for row in table[1:]:
        if len(row) != len(header):
            problems.append(f"row {row[0]!r} has {len(row)} cells for {len(header)} columns")
        for cell in row[5:]:
            if cell not in ("", "-") and not re.fullmatch(r"\d+(\.\d+)?", cell):
                problems.append(f"row {row[0]!r}: {cell!r} is not a score")
    for row in table[2:]:
        if not (row[1] or row[2] or row[3] or row[0]):
            problems.append("a student row identifies nobody")
    return problems


def moodle_importer_problems(text: str, identity: str = "Email address") -> list[str]:
    """What Moodle's CSV grade import would abort on, or lose grades over, in this file."""
    table = rows(text)
    header, problems = table[0], []
    if identity not in header:
        problems.append(f"no {identity} column")
        return problems
    key = header.index(identity)
    grade_columns = [i for i, name in enumerate(header) if i > key and not name.startswith("Feedback: ")]
    for i in grade_columns:
        if i + 1 >= len(header) or header[i + 1] != f"Feedback: {header[i]}":
            problems.append(f"grade column {header[i]!r} is not followed by its feedback")
    for row in table[1:]:
        if len(row) != len(header):
            problems.append(f"row {row!r} has {len(row)} cells for {len(header)} columns")
            continue
        if not row[key].strip():
            problems.append(f"a row has an empty {identity} (Moodle aborts the whole import)")
        for i in grade_columns:
            if row[i] != "-" and not re.fullmatch(r"\d+(\.\d+)?", row[i]):
                problems.append(f"{row[key]}: {row[i]!r} is not a grade")
    return problems


def canvas_file(**options) -> L.LmsFile:
    entries, _ = L.parse_canvas_roster(CANVAS_ROSTER)
    return L.canvas_csv(STUDENTS, [PS1, PS2], GRADES, options.pop("roster", entries), **options)


def moodle_file(**options) -> L.LmsFile:
    return L.moodle_csv(STUDENTS, [PS1, PS2], GRADES, options.pop("roster", L.parse_moodle_roster(MOODLE_ROSTER)),
                        **options)


# The importers' rules, each caught when broken

def test_the_rule_checks_catch_files_that_break_them():
    good = canvas_file().text
    assert canvas_importer_problems(good) == []
    assert canvas_importer_problems(good.replace("Student,ID,", "Name,ID,", 1)) == ["header must start Student, ID"]
    assert canvas_importer_problems(good.replace("ps2_partials (31002)", "ps2_partials", 1)) == [
        "column 'ps2_partials' is not 'title (id)'"]
    assert canvas_importer_problems(good.replace("Points Possible", "Points", 1)) == ["second row must be Points Possible"]
    assert canvas_importer_problems(good.replace(",17.5,", ",17,5,", 1)) == [
        "row 'Lovelace, Ada' has 8 cells for 7 columns"]
    good = moodle_file().text
    assert moodle_importer_problems(good) == []
    assert moodle_importer_problems(good.replace("ada@example.edu", "", 1)) == [
        "a row has an empty Email address (Moodle aborts the whole import)"]
    assert moodle_importer_problems(good.replace(",17.5,", ",n/a,", 1)) == ["ada@example.edu: 'n/a' is not a grade"]
    assert moodle_importer_problems(good.replace("Feedback: ps2_partials", "Notes", 1))[:2] == [
        "grade column 'ps2_partials' is not followed by its feedback", "grade column 'Notes' is not followed by its feedback"]


@pytest.mark.parametrize("options", [{}, {"missing_as_zero": True}, {"roster": None}, {"roster": None, "missing_as_zero": True}])
def test_every_canvas_file_follows_the_importer_rules(options):
    assert canvas_importer_problems(canvas_file(**options).text) == []


@pytest.mark.parametrize("options", [{}, {"missing_as_zero": True}, {"roster": None},
                                     {"identity": L.MoodleIdentity.IDNUMBER}, {"roster": None, "identity": L.MoodleIdentity.IDNUMBER}])
def test_every_moodle_file_follows_the_importer_rules(options):
    identity = options.get("identity", L.MoodleIdentity.EMAIL).column
    assert moodle_importer_problems(moodle_file(**options).text, identity) == []


# Canvas

def test_rosters_are_read_only_when_given():
    assert L.read_rosters() == L.Rosters()
    rosters = L.read_rosters(CANVAS_ROSTER, MOODLE_ROSTER)
    assert (len(rosters.canvas), len(rosters.moodle)) == (4, 4)
    assert rosters.canvas_assignment_ids == {"ps1_derivatives": "31001", "Problem set 2": "31002"}


def test_canvas_roster_is_read_as_canvas_downloads_it():
    entries, ids = L.parse_canvas_roster(CANVAS_ROSTER)
    assert [e.name for e in entries] == ["Lovelace, Ada", "O'Neil, Jr., Dara", "Ñúñez-Åström, Zoë", "Never, Submitted"]
    assert entries[2] == L.RosterEntry(name="Ñúñez-Åström, Zoë", canvas_id="103", sis_user_id="S003",
                                       login="zoe@uni.example", section="Sección B")
    assert ids == {"ps1_derivatives": "31001", "Problem set 2": "31002"}


def test_canvas_roster_skips_the_muted_row_and_refuses_a_file_that_is_not_a_canvas_download():
    muted = CANVAS_ROSTER.replace("    Points Possible,,,,,20,15,(read only)\r\n", "    Points Possible,,,,,20,15,(read only)\r\n,,,,,Muted,,\r\n")
    assert len(L.parse_canvas_roster(muted)[0]) == 4
    with pytest.raises(L.RosterError, match="Canvas roster must be the gradebook download"):
        L.parse_canvas_roster("Name,Score\r\nAda,3\r\n")


def test_canvas_header_and_points_possible_row():
    table = rows(canvas_file().text)
    assert table[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "ps1_derivatives (31001)",
                        "ps2_partials (31002)"]
    assert table[1] == ["Points Possible", "", "", "", "", "20", "15"]


def test_canvas_rows_copy_the_roster_and_follow_its_order():
    table = rows(canvas_file().text)
    assert table[2:] == [
        ["Lovelace, Ada", "101", "S001", "ada", "Section A", "17.5", ""],
        ["O'Neil, Jr., Dara", "102", "S002", "DARA", "Section A", "0", "9"],
        ["Ñúñez-Åström, Zoë", "103", "S003", "zoe@uni.example", "Sección B", "", "15"],
        ["Never, Submitted", "104", "S004", "never", "Sección B", "", ""],
    ]


def test_canvas_missing_submission_is_blank_but_a_score_of_zero_is_zero():
    row = by_first(canvas_file().text)
    assert row["Never, Submitted"][5:] == ["", ""]          # in Canvas, nothing submitted
    assert row["Lovelace, Ada"][6] == ""                    # submitted ps1, not ps2
    assert row["O'Neil, Jr., Dara"][5] == "0"               # submitted and scored 0


def test_canvas_missing_as_zero_when_the_instructor_asks():
    row = by_first(canvas_file(missing_as_zero=True).text)
    assert row["Never, Submitted"][5:] == ["0", "0"]
    assert row["Lovelace, Ada"][5:] == ["17.5", "0"]
    assert "left 0" in " ".join(canvas_file(missing_as_zero=True).report())


def test_canvas_matches_by_login_ignoring_case_and_by_email():
    made = canvas_file()
    assert by_first(made.text)["O'Neil, Jr., Dara"][5:] == ["0", "9"]            # SIS Login ID DARA = dara
    assert by_first(made.text)["Ñúñez-Åström, Zoë"][5:] == ["", "15"]            # login zoe@uni.example = Zoe@Uni.Example
    assert made.students_written == 4


def test_canvas_student_not_in_the_roster_is_reported_not_written():
    made = canvas_file()
    assert made.not_in_roster == (WALKIN,)
    assert "walkin" not in made.text
    assert made.report()[0] == ("Canvas: walkin, Walk In, walkin@example.edu submitted work but is not in the Canvas "
                                "roster; left out of the file (add them in Canvas, or check their login and email)")
    assert not any("quiet" in line for line in made.report())   # nothing submitted: nothing to lose


def test_canvas_report_names_roster_students_without_submission_and_pending_manual_grading():
    report = canvas_file().report()
    assert ("Canvas: 3 student(s) of the roster have no submission of some assignment, left without a grade: "
            "Lovelace, Ada, ada; Ñúñez-Åström, Zoë, zoe@uni.example; Never, Submitted, never") in report
    assert ("Canvas: ps2_partials: 1 submission(s) have written answers not yet graded by hand (dara); their "
            "exported scores count those answers as 0") in report


def test_canvas_without_roster_is_still_importable_by_sis_login_id():
    student = L.Student("ben", "Ben", "Okafor", "ben@example.edu", lms_user_id="555")
    made = L.canvas_csv([ADA, student], [PS1], [GRADES[0]])
    assert rows(made.text)[2:] == [["Lovelace, Ada", "", "", "ada", "", "17.5"], ["Okafor, Ben", "555", "", "ben", "", ""]]
    assert made.not_in_roster == () and made.no_submission == ()


def test_canvas_column_without_an_id_is_the_title_alone_and_reported():
    made = L.canvas_csv([ADA], [L.Assignment("ps1_derivatives", 20)], [GRADES[0]])
    assert rows(made.text)[0][5:] == ["ps1_derivatives"]
    assert made.report() == ["Canvas: no Canvas id for ps1_derivatives: its column is headed by the title alone, "
                             "which Canvas matches to an assignment of exactly that title or creates as a new one"]


def test_ambiguous_student_is_not_guessed():
    entries = [L.RosterEntry(name="Ada One", login="ada"), L.RosterEntry(name="Ada Two", login="other", email="ada@example.edu")]
    made = L.canvas_csv([ADA], [PS1], [GRADES[0]], entries)
    assert [row[5] for row in rows(made.text)[2:]] == ["", ""]
    assert made.ambiguous == (L.Ambiguity(ADA, tuple(entries)),)
    assert "matches more than one roster entry" in made.report()[0]
    shared = L.match_roster([L.RosterEntry(name="Shared", email="same@example.edu")],
                            [L.Student("a", email="same@example.edu"), L.Student("b", email="SAME@example.edu")], {"a", "b"})
    assert shared.pairs == ((L.RosterEntry(name="Shared", email="same@example.edu"), None),)
    assert [a.student.id for a in shared.ambiguous] == ["a", "b"]


def test_commas_quotes_and_non_ascii_round_trip():
    odd = L.Student("q", "Chloé \"Clo\"", "D'Arcy, Ñ", "q@example.edu")
    made = L.canvas_csv([odd], [PS1], [L.Grade("q", "ps1_derivatives", 1, 20)])
    assert rows(made.text)[2][0] == "D'Arcy, Ñ, Chloé \"Clo\""
    assert '"D\'Arcy, Ñ, Chloé ""Clo"""' in made.text                 # quoted, inner quotes doubled
    assert not made.text.startswith("\ufeff") and "\\u" not in made.text       # plain UTF-8 text, nothing escaped
    moodle = L.moodle_csv([odd], [PS1], [L.Grade("q", "ps1_derivatives", 1, 20)])
    assert rows(moodle.text)[1][:3] == ["Chloé \"Clo\"", "D'Arcy, Ñ", "q@example.edu"]


# Moodle

def test_moodle_roster_is_read_and_refused_without_an_identity_column():
    entries = L.parse_moodle_roster(MOODLE_ROSTER)
    assert entries[1] == L.RosterEntry(first_name="Dara", last_name="O'Neil, Jr.", email="Dara@Example.edu", id_number="S002")
    with pytest.raises(L.RosterError, match="'Email address' or an 'ID number' column"):
        L.parse_moodle_roster("First name,Last name\r\nAda,Lovelace\r\n")


def test_moodle_columns_grade_then_its_feedback():
    assert rows(moodle_file().text)[0] == ["First name", "Last name", "Email address", "ps1_derivatives",
                                           "Feedback: ps1_derivatives", "ps2_partials", "Feedback: ps2_partials"]
    assert rows(moodle_file(identity=L.MoodleIdentity.IDNUMBER).text)[0][2] == "ID number"


def test_moodle_rows_by_email_as_the_roster_spells_it():
    table = rows(moodle_file().text)
    assert [row[2] for row in table[1:]] == ["ada@example.edu", "Dara@Example.edu", "zoe@uni.example", "never@example.edu"]
    dara = table[2]
    assert dara[3:] == ["0", "0/20 points. Detailed feedback: the Assignments tab of JupyterLab.",
                        "9", "9/15 points; late penalty 1; 1 written answer(s) not yet graded. "
                             "Detailed feedback: the Assignments tab of JupyterLab."]


def test_moodle_rows_by_id_number():
    table = rows(moodle_file(identity=L.MoodleIdentity.IDNUMBER).text)
    assert [row[2] for row in table[1:]] == ["S001", "S002", "S003", "S004"]


def test_moodle_missing_submission_is_no_grade_and_zero_only_when_asked():
    assert by_first(moodle_file().text)["Never"][3:] == ["-", "", "-", ""]
    assert by_first(moodle_file(missing_as_zero=True).text)["Never"][3:] == ["0", "No submission", "0", "No submission"]


def test_moodle_student_not_in_the_roster_is_reported_not_written():
    made = moodle_file()
    assert made.not_in_roster == (WALKIN,) and "walkin" not in made.text
    assert made.report()[0].startswith("Moodle: walkin, Walk In, walkin@example.edu submitted work but is not in the Moodle roster")


def test_moodle_without_roster_leaves_out_and_reports_a_student_without_email():
    made = L.moodle_csv([ADA, QUIET], [PS1], [GRADES[0], L.Grade("quiet", "ps1_derivatives", 3, 20)])
    assert [row[2] for row in rows(made.text)[1:]] == ["ada@example.edu"]
    assert made.report() == ["Moodle: quiet, Qui Et left out of the file: no email address to identify them in Moodle"]
    by_id = L.moodle_csv([ADA, QUIET], [PS1], [GRADES[0]], identity=L.MoodleIdentity.IDNUMBER)
    assert [row[2] for row in rows(by_id.text)[1:]] == ["ada", "quiet"]


# Small pieces

@pytest.mark.parametrize("value, text", [(17.5, "17.5"), (20.0, "20"), (1 / 3, "0.33"), (0.0, "0"), (-0.0, "0"), (2.005, "2"), (100.25, "100.25")])
def test_points_are_plain_decimals(value, text):
    assert L.points(value) == text


def test_feedback_names_lost_points():
    assert L.feedback_text(GRADES[0]) == ("17.5/20 points; points lost in d_exp_square (0/2), step_errors (0.5/1). "
                                          "Detailed feedback: the Assignments tab of JupyterLab.")


def test_only_graded_assignments_get_a_column():
    ps3 = L.Assignment("ps3_chain_rule", 10)
    assert L.graded_assignments([PS1, ps3, PS2], GRADES) == [PS1, PS2]


def test_export_command_refuses_a_roster_that_is_not_one_before_writing_anything(tmp_path, capsys):
    from grader.cli import main

    wrong = tmp_path / "roster.csv"
    wrong.write_text("Name,Score\nAda,3\n")
    assert main(["export", "--to", str(tmp_path / "out" / "grades.csv"), "--canvas-roster", str(wrong)]) == 2
    assert ("error: nothing exported, a roster could not be read: the Canvas roster must be the gradebook"
            in capsys.readouterr().err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["roster.csv"]
