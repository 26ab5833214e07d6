"""Malformed submissions through the real pipeline on ps1_derivatives, in one autograde run: each gets a
message naming the student and the problem, the honest student is graded in full, nothing in submitted/
is touched, and the gradebook holds no half-made rows."""

import copy
import hashlib
import os
import shutil
import stat

import nbformat
import pytest
from course_builder import REPO, make_course, place_submission, source_notebook
from nbgrader.api import Gradebook, MissingEntry

from grader import cli
from grader.demo import classroom

pytestmark = [pytest.mark.pipeline, pytest.mark.xdist_group("malformed")]

A = "ps1_derivatives"
NB = f"{A}.ipynb"
MB100 = 100 * 2**20


def _cell(nb, grade_id):
    return next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _without(*grade_ids):
    def edit(nb):
        nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") not in grade_ids]
    return edit


def _duplicated(grade_id):
    def edit(nb):
        i = _cell(nb, grade_id)
        twin = copy.deepcopy(nb.cells[i])
        twin.id = f"{twin.id}-copy"  # as Jupyter's copy and paste gives it: a new cell id, the same metadata
        nb.cells.insert(i + 1, twin)
    return edit


def _without_points(nb):
    del nb.cells[_cell(nb, "test_d_trig")].metadata.nbgrader["points"]


def _invented_graded_cell(nb):
    nb.cells.append(nbformat.v4.new_code_cell("print('bonus')", metadata={"nbgrader": {
        "grade": True, "locked": True, "points": 100, "grade_id": "test_bonus"}}))


def _schema_version(version):
    def edit(nb):
        nb.cells[_cell(nb, "test_d_trig")].metadata.nbgrader["schema_version"] = version
    return edit


def _linked(name, classmate):
    def make(folder):
        (folder / name).unlink(missing_ok=True)
        (folder / name).symlink_to(folder.parents[1] / classmate / A / NB)
    return make


def _pipe_and_hard_link(folder):
    """A named pipe, and a second name of the instructor's notebook (every solution) beside the student's."""
    os.mkfifo(folder / "pipe")
    os.link(folder.parents[2] / "source" / A / NB, folder / "answers.txt")


def _edited(edit):
    def make(folder):
        nb = classroom.read(folder / NB)
        edit(nb)
        nbformat.write(nb, str(folder / NB))
    return make


def _bloated(folder):
    """The notebook padded to 100 MB exactly with JSON whitespace: still a valid notebook."""
    text = (folder / NB).read_bytes()
    padding = 100 * 2**20 - len(text)
    with open(folder / NB, "wb") as file:
        file.write(b"{")
        for _ in range(padding // 2**20):
            file.write(b" " * 2**20)
        file.write(b" " * (padding % 2**20))
        file.write(text[1:])


def _huge_extra_file(folder):
    with open(folder / "data.bin", "wb") as file:
        file.truncate(MB100)  # sparse: 100 MB to any reader, no disk used


def _non_utf8(folder):
    text = (folder / NB).read_bytes()
    (folder / NB).write_bytes(text.replace(b"# YOUR CODE HERE", "# \u00e0 faire".encode("latin-1"), 1))


def _nbformat3(folder):
    nbformat.write(nbformat.convert(classroom.read(folder / NB), 3), str(folder / NB), version=3)


def _other_assignment(folder):
    shutil.copy(REPO / "release" / "ps2_partials" / "ps2_partials.ipynb", folder / NB)


def _extra_notebooks(folder):
    shutil.copy(folder / NB, folder / "scratch.ipynb")
    (folder / "ps1_derivatives-Copy1.ipynb").write_text("{}")


# student -> (how their folder is spoilt after the solution is placed, graded?, phrases their message holds)
CASES = {
    "invalid_json": (lambda f: (f / NB).write_text((f / NB).read_text()[:4000]), False,
                     ["is not valid JSON", "line ", "not graded"]),
    "empty_file": (lambda f: (f / NB).write_bytes(b""), False, ["is empty (0 bytes)", "not graded"]),
    "nbformat3": (_nbformat3, True, ["old notebook format 3", "converted to format 4"]),
    "only_timestamp": (lambda f: (f / NB).unlink(), False, [f"has no {NB}", "only timestamp.txt", "not graded"]),
    "wrong_name": (lambda f: (f / NB).rename(f / "ps1 derivatives.ipynb"), False,
                   [f"has no {NB}", "ps1 derivatives.ipynb", f"rename it to {NB}", "not graded"]),
    "extra_notebooks": (_extra_notebooks, True,
                        ["ps1_derivatives-Copy1.ipynb, scratch.ipynb", f"only {NB} is graded"]),
    "other_assignment": (_other_assignment, False,
                         ["none of the", "answer and test cells of ps1_derivatives", "another notebook",
                          "not graded"]),
    "deleted_answer": (_edited(_without("poly_derivative")), True,
                       ["lacks the answer cell poly_derivative", "does not put answer cells back"]),
    "deleted_test": (_edited(_without("test_d_product")), True,
                     ["lacks the test cell test_d_product", "put it back"]),
    "duplicated_test": (_edited(_duplicated("test_d_trig")), True,
                        ["test cell test_d_trig 2 times", "points count once"]),
    "duplicated_answer": (_edited(_duplicated("d_quotient")), True,
                          ["answer cell d_quotient 2 times", "only the last copy"]),
    "non_utf8": (_non_utf8, False, ["is not UTF-8", "byte 0xe0", "not graded"]),
    "bloated_notebook": (_bloated, False, ["is 100.0 MB, over the 20.0 MB limit", "not graded"]),
    "huge_extra_file": (_huge_extra_file, True, ["data.bin (100.0 MB)", "left out of grading"]),
    "broken_metadata": (_edited(_without_points), True, ["test cell test_d_trig", "(points)",
                                                          "graded as the test cell it is"]),
    "invented_graded_cell": (_edited(_invented_graded_cell), True, ["not part of ps1_derivatives (test_bonus)",
                                                                    "ordinary cells"]),
    "unknown_schema": (_edited(_schema_version(99)), True, ["(schema_version)", "graded as the test cell it is"]),
    "linked_classmate": (_linked("friend.txt", "honest"), True, ["friend.txt", "symbolic link", "left out"]),
    "linked_notebook": (_linked(NB, "honest"), False, [f"no {NB} of its own", "symbolic link", "not graded"]),
    "pipe_and_hard_link": (_pipe_and_hard_link, True, ["named pipe", "hard link", "left out"]),
}
UNCHANGED_SCORES = ["nbformat3", "extra_notebooks", "deleted_test", "duplicated_test", "duplicated_answer",
                    "huge_extra_file", "broken_metadata", "invented_graded_cell", "unknown_schema",
                    "linked_classmate", "pipe_and_hard_link"]


def _snapshot(root):
    """Every file under root and a digest of its content."""
    digests = {}
    for path in sorted(root.rglob("*")):
        mode = path.lstat().st_mode
        if stat.S_ISREG(mode):
            with open(path, "rb") as file:
                digests[str(path.relative_to(root))] = hashlib.file_digest(file, "sha256").hexdigest()
        elif not stat.S_ISDIR(mode):
            digests[str(path.relative_to(root))] = os.readlink(path) if path.is_symlink() else stat.filemode(mode)
    return digests


def _has_row(gradebook, student):
    try:
        gradebook.find_submission(A, student)
    except MissingEntry:
        return False
    return True


@pytest.fixture(scope="module")
def graded(tmp_path_factory, gradebooks):
    tmp = tmp_path_factory.mktemp("malformed")
    course = make_course(tmp, [A], gradebooks)
    solution = classroom.instructor_answers(source_notebook(course, A))
    for student in ["honest", "graded_by_hand", *CASES]:
        place_submission(course, A, student, solution)
    for student, (spoil, _, _) in CASES.items():
        spoil(course.root / "submitted" / student / A)
    # Rows an earlier run left: a half-made one (it was killed) for a submission now refused, and
    # one with manual grading for a student whose notebook has since been replaced by an empty file.
    (course.root / "submitted" / "graded_by_hand" / A / NB).write_bytes(b"")
    with Gradebook(course.db_url) as gradebook:
        for student in ("empty_file", "graded_by_hand"):
            gradebook.update_or_create_student(student)
            gradebook.add_submission(A, student)
        gradebook.find_grade("central_vs_forward", A, A, "graded_by_hand").manual_score = 2.0
        gradebook.db.commit()
    before = _snapshot(course.root / "submitted")
    results = {r.student: r for r in course.autograde(A)}
    return course, results, before


@pytest.mark.parametrize("student", sorted(CASES))
def test_each_case_gets_a_message_naming_the_student_and_the_problem(graded, student):
    _, results, _ = graded
    _, gradable, phrases = CASES[student]
    assert results[student].ok == gradable
    for phrase in (student, *phrases):
        assert phrase in results[student].detail, (phrase, results[student].detail)


def test_the_honest_student_gets_full_automatic_marks(graded):
    course, results, _ = graded
    assert results["honest"].ok and results["honest"].detail == ""
    scores = course.question_scores(A)["honest"]
    for cell in source_notebook(course, A).cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            assert scores[meta["grade_id"]] == meta["points"], meta["grade_id"]


def test_graded_cases_score_as_their_messages_say(graded):
    course, _, _ = graded
    by_question, totals = course.question_scores(A), course.scores()
    for student in UNCHANGED_SCORES:
        assert by_question[student] == by_question["honest"], student
        assert totals[student][A] == totals["honest"][A], student  # a duplicated test cell counts once
    lost = {cell for cell, score in by_question["deleted_answer"].items() if score != by_question["honest"][cell]}
    assert lost == {"test_poly_derivative"}
    assert not (course.root / "autograded" / "huge_extra_file" / A / "data.bin").exists()


def test_what_cannot_be_graded_leaves_no_row_or_autograded_copy_but_manual_grading_stays(graded):
    course, results, _ = graded
    failed = {student for student, result in results.items() if not result.ok}
    assert failed == {student for student, (_, ok, _) in CASES.items() if not ok} | {"graded_by_hand"}
    with Gradebook(course.db_url) as gradebook:
        assert {student for student in failed if _has_row(gradebook, student)} == {"graded_by_hand"}
    assert [s for s in failed if (course.root / "autograded" / s / A).exists()] == []
    assert "The gradebook keeps graded_by_hand's earlier grades" in results["graded_by_hand"].detail


def test_nothing_is_lost_from_submitted(graded):
    course, _, before = graded
    assert _snapshot(course.root / "submitted") == before


def test_the_command_line_prints_the_messages_and_fails_after_grading_the_rest(graded, capsys):
    course, results, _ = graded
    assert cli.main(["autograde", A, "--course", str(course.root)]) == 1
    out = capsys.readouterr().out
    for student, result in results.items():
        if result.ok:
            assert f"{student}'s {A} was graded before and has not changed since, so it was skipped" in out
        else:
            assert result.detail.splitlines()[0] in out, student
