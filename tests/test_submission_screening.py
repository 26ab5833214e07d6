"""`screen` and `repair_cells` on submissions written to a temporary folder: each malformed case gets the
verdict the module docstring promises, and its message names the student, the file and the problem."""

import os
import socket
import tracemalloc

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from grader.submission_screening import (
    EntryKind,
    ExpectedCell,
    NotRegularFile,
    list_files,
    read_regular,
    repair_cells,
    safe_path,
    screen,
)

STUDENT, ASSIGNMENT = "dana", "ps1"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
WHO = f"dana's ps1/{NOTEBOOK}"
EXPECTED = [
    ExpectedCell(ASSIGNMENT, "setup", cell_type="code", locked=True),
    ExpectedCell(ASSIGNMENT, "square", solution=True, cell_type="code", locked=False),
    ExpectedCell(ASSIGNMENT, "test_square", grade=True, cell_type="code", locked=True, points=1.0),
    ExpectedCell(ASSIGNMENT, "explain", grade=True, solution=True, cell_type="markdown", locked=False, points=1.0),
    ExpectedCell(ASSIGNMENT, "cube", solution=True, cell_type="code", locked=False),
    ExpectedCell(ASSIGNMENT, "test_cube", grade=True, cell_type="code", locked=True, points=1.0),
]
ALL_IDS = [c.grade_id for c in EXPECTED]
KINDS = {c.grade_id: c for c in EXPECTED}


def notebook(grade_ids=ALL_IDS):
    """A notebook whose nbgrader cells have these grade ids, in this order (ids not in EXPECTED make test cells)."""
    cells = [new_markdown_cell("# Problem set 1")]
    for gid in grade_ids:
        cell = KINDS.get(gid, ExpectedCell(ASSIGNMENT, gid, grade=True))
        meta = {"grade_id": gid, "grade": cell.grade, "solution": cell.solution, "locked": not cell.solution,
                "schema_version": 3, **({"points": 1.0} if cell.grade else {})}
        make = new_markdown_cell if gid == "explain" else new_code_cell
        cells.append(make(f"# {gid}", metadata={"nbgrader": meta}))
    return new_notebook(cells=cells)


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "submitted" / STUDENT / ASSIGNMENT
    folder.mkdir(parents=True)
    (folder / "timestamp.txt").write_text("2026-11-23 12:00:00.000000 UTC")
    return folder


def write(folder, nb, name=NOTEBOOK, version=4):
    nbformat.write(nb, str(folder / name), version=version)


def run(folder):
    return screen(folder, ASSIGNMENT, [ASSIGNMENT], EXPECTED)


def repaired(nb):
    """The notebook as autograde's first step leaves it, and that step's warnings."""
    repair = repair_cells(WHO, ASSIGNMENT, nb, EXPECTED)
    assert not repair.problems
    return nb, repair.warnings


def cell_of(nb, gid):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == gid)


def only_problem(screening, *phrases):
    assert not screening.gradable
    (problem,) = screening.problems
    for phrase in (STUDENT, NOTEBOOK, "not graded", *phrases):
        assert phrase in problem, (phrase, problem)
    return problem


def only_warning(screening, *phrases):
    assert screening.gradable and not screening.problems
    (warning,) = screening.warnings
    for phrase in (STUDENT, *phrases):
        assert phrase in warning, (phrase, warning)
    return warning


def sparse_file(path, size=100 * 2**20):
    with open(path, "wb") as file:
        file.truncate(size)


def test_a_complete_submission_passes_untouched(folder):
    write(folder, notebook())
    screening = run(folder)
    assert screening.gradable and screening.warnings == () and screening.dropped == ()
    assert screening.files == (NOTEBOOK, "timestamp.txt")
    nb = notebook()
    before = [dict(c.metadata) for c in nb.cells]
    nb, warnings = repaired(nb)
    assert warnings == [] and [dict(c.metadata) for c in nb.cells] == before


def test_no_submission_folder(tmp_path):
    screening = run(tmp_path / "submitted" / STUDENT / ASSIGNMENT)
    assert not screening.gradable and "dana has no submission of ps1" in screening.problems[0]


def test_a_folder_with_only_the_timestamp(folder):
    only_problem(run(folder), "has no ps1.ipynb", "holds only timestamp.txt")


def test_a_wrongly_named_notebook_is_named_with_the_fix(folder):
    write(folder, notebook(), name="ps1 (1).ipynb")
    only_problem(run(folder), "has no ps1.ipynb", "ps1 (1).ipynb", "rename it to ps1.ipynb")


def test_extra_notebooks_are_ignored_unread_and_named(folder):
    write(folder, notebook())
    (folder / "scratch.ipynb").write_bytes(b"\xff not even a notebook")
    write(folder, notebook(), name="ps1-Copy1.ipynb")
    screening = run(folder)
    only_warning(screening, "ps1-Copy1.ipynb, scratch.ipynb", "only ps1.ipynb is graded")
    assert screening.files == (NOTEBOOK, "timestamp.txt")


def test_an_empty_notebook(folder):
    (folder / NOTEBOOK).write_bytes(b"")
    only_problem(run(folder), "is empty (0 bytes)")


def test_invalid_json_says_where(folder):
    write(folder, notebook())
    (folder / NOTEBOOK).write_text((folder / NOTEBOOK).read_text()[:300])
    only_problem(run(folder), "is not valid JSON", "line ", "cut short")


def test_json_that_is_not_a_notebook(folder):
    (folder / NOTEBOOK).write_text('["cells"]')
    only_problem(run(folder), "is JSON but not a notebook")


def test_non_utf8_bytes_say_which_byte_and_where(folder):
    write(folder, notebook())
    text = (folder / NOTEBOOK).read_bytes()
    (folder / NOTEBOOK).write_bytes(text.replace(b"# square", "# carr\u00e9".encode("latin-1"), 1))
    line = text[:text.index(b"# square")].count(b"\n") + 1
    only_problem(run(folder), "is not UTF-8", "byte 0xe9", f"line {line}")


def test_an_nbformat_3_notebook_is_converted_and_graded(folder):
    write(folder, nbformat.convert(notebook(), 3), version=3)
    screening = run(folder)
    only_warning(screening, NOTEBOOK, "format 3", "converted to format 4")


def test_a_notebook_over_the_limit_is_refused_without_being_read(folder):
    sparse_file(folder / NOTEBOOK)  # NUL bytes: reading it would give a JSON error, not this one
    tracemalloc.start()
    try:
        screening = run(folder)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    only_problem(screening, "is 100.0 MB, over the 20.0 MB limit", "not opened")
    assert peak < 5 * 2**20


def test_a_large_file_beside_the_notebook_is_left_out(folder):
    write(folder, notebook())
    sparse_file(folder / "data.bin")
    screening = run(folder)
    only_warning(screening, "data.bin (100.0 MB)", "left out of grading")
    assert "data.bin" not in screening.files


@pytest.mark.parametrize("grade_ids, foreign", [(["df_dx", "test_df_dx"], "df_dx, test_df_dx"), ([], None)])
def test_another_notebook_under_this_name(folder, grade_ids, foreign):
    write(folder, notebook(grade_ids))
    problem = only_problem(run(folder), "none of the 5 answer and test cells of ps1", "another notebook")
    assert (foreign in problem) if foreign else "not this assignment's" not in problem


def test_a_deleted_test_cell_is_put_back_by_nbgrader(folder):
    write(folder, notebook([gid for gid in ALL_IDS if gid != "test_square"]))
    only_warning(run(folder), WHO, "lacks the test cell test_square", "put it back")


def test_a_deleted_answer_cell_is_not_put_back(folder):
    write(folder, notebook([gid for gid in ALL_IDS if gid != "square"]))
    only_warning(run(folder), WHO, "lacks the answer cell square", "does not put answer cells back")


def test_a_deleted_written_answer_comes_back_blank(folder):
    write(folder, notebook([gid for gid in ALL_IDS if gid != "explain"]))
    only_warning(run(folder), WHO, "manually graded answer cell explain", "graded as unanswered")


def test_a_deleted_test_with_its_answer_cannot_be_put_back(folder):
    write(folder, notebook([gid for gid in ALL_IDS if gid not in ("cube", "test_cube")]))
    screening = run(folder)
    assert not screening.gradable
    (problem,) = screening.problems
    assert all(p in problem for p in (WHO, "test_cube", "answer cell cube", "not graded"))


def test_a_duplicated_test_cell_is_graded_once(folder):
    write(folder, notebook(ALL_IDS + ["test_square"]))
    screening = run(folder)
    only_warning(screening, WHO, "test cell test_square 2 times (cells 4, 8)", "points count once")
    cells = repaired(notebook(ALL_IDS + ["test_square"]))[0].cells
    assert [i for i, c in enumerate(cells) if c.metadata.get("nbgrader", {}).get("grade_id") == "test_square"] == [7]
    assert "nbgrader" not in cells[3].metadata and cells[3].source == "# test_square"


def test_a_duplicated_answer_cell_keeps_the_last_copy(folder):
    write(folder, notebook(["setup", "square", "square", "test_square", "explain", "cube", "test_cube"]))
    screening = run(folder)
    only_warning(screening, WHO, "answer cell square 2 times (cells 3, 4)", "only the last copy")
    cells = repaired(notebook(["setup", "square", "square", "test_square", "explain", "cube", "test_cube"]))[0].cells
    assert "nbgrader" not in cells[2].metadata and cells[3].metadata.nbgrader.grade_id == "square"


def test_a_pasted_cell_of_another_assignment_becomes_ordinary(folder):
    write(folder, notebook(ALL_IDS + ["test_df_dx"]))
    screening = run(folder)
    only_warning(screening, WHO, "not part of ps1 (test_df_dx)", "ordinary cells")
    assert "nbgrader" not in repaired(notebook(ALL_IDS + ["test_df_dx"]))[0].cells[-1].metadata


@pytest.mark.parametrize("flags", [{"grade": False}, {"solution": True}, {"grade": False, "solution": True}])
def test_a_test_cell_marked_otherwise_is_graded_as_a_test(folder, flags):
    nb = notebook()
    test = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "test_square")
    test.metadata["nbgrader"].update(flags)
    write(folder, nb)
    screening = run(folder)
    assert screening.gradable
    (warning,) = screening.warnings
    assert STUDENT in warning and "test_square" in warning and "graded as the test cell" in warning
    restored = cell_of(repaired(nb)[0], "test_square")
    assert restored.metadata["nbgrader"]["grade"] is True and restored.metadata["nbgrader"]["solution"] is False


# -- metadata a student can change, repaired rather than fatal ----------------------------------

@pytest.mark.parametrize("meta", [
    {"grade": True, "locked": True, "points": 100},                  # no grade id at all
    {"grade": True, "solution": False, "grade_id": "", "points": 5},  # an empty one
    {"grade_id": None, "solution": True},
    "not a dict",
])
def test_a_marked_cell_without_a_grade_id_becomes_ordinary(meta):
    nb = notebook()
    nb.cells.append(new_code_cell("print('bonus')", metadata={"nbgrader": meta}))
    nb, warnings = repaired(nb)
    assert "nbgrader" not in nb.cells[-1].metadata
    (warning,) = warnings
    assert WHO in warning and "without a grade id (cells 8)" in warning and "ordinary cells" in warning


def test_an_invented_graded_cell_worth_100_points_becomes_ordinary():
    nb = notebook()
    nb.cells.append(new_code_cell("print('bonus')", metadata={"nbgrader": {
        "grade": True, "locked": True, "points": 100, "grade_id": "test_bonus"}}))
    nb, warnings = repaired(nb)
    assert "nbgrader" not in nb.cells[-1].metadata
    assert any("test_bonus" in w and "ordinary cells" in w for w in warnings)


@pytest.mark.parametrize("change, named", [
    ({"points": 100.0}, "points"), ({"points": "lots"}, "points"), ({"locked": False}, "locked"),
    ({"schema_version": 99}, "schema_version"), ({"schema_version": 1}, "schema_version"),
])
def test_a_known_cell_gets_the_gradebooks_points_lock_and_schema_back(change, named):
    nb = notebook()
    cell_of(nb, "test_square").metadata["nbgrader"].update(change)
    nb, warnings = repaired(nb)
    meta = cell_of(nb, "test_square").metadata["nbgrader"]
    assert (meta["points"], meta["locked"], meta["schema_version"]) == (1.0, True, 3)
    (warning,) = warnings
    assert WHO in warning and f"({named})" in warning and "graded as the test cell it is" in warning


def test_a_test_cell_turned_into_markdown_is_code_again():
    nb = notebook()
    index = nb.cells.index(cell_of(nb, "test_square"))
    nb.cells[index] = new_markdown_cell("print('ok')", metadata=nb.cells[index].metadata)
    nb, warnings = repaired(nb)
    assert nb.cells[index].cell_type == "code" and "cell type" in warnings[0]


# -- what is not a regular file is never followed ---------------------------------------------

@pytest.fixture
def elsewhere(tmp_path):
    secret = tmp_path / "classmate.ipynb"
    write(secret.parent, notebook(), name=secret.name)
    return secret


def dropped_kinds(screening):
    return {d.path: d.kind for d in screening.dropped}


def test_a_link_to_a_classmates_notebook_is_dropped_and_named(folder, elsewhere):
    write(folder, notebook())
    (folder / "friend.txt").symlink_to(elsewhere)
    screening = run(folder)
    assert dropped_kinds(screening) == {"friend.txt": EntryKind.SYMLINK}
    assert "friend.txt" not in screening.files
    only_warning(screening, "friend.txt", "symbolic link", str(elsewhere), "left out of grading")


def test_the_notebook_itself_a_link_is_refused_as_missing(folder, elsewhere):
    (folder / NOTEBOOK).symlink_to(elsewhere)
    only_problem(run(folder), "no ps1.ipynb of its own", "symbolic link", str(elsewhere))


def test_links_to_a_folder_to_devices_and_to_proc_are_dropped(folder):
    write(folder, notebook())
    (folder / "course").symlink_to(folder.parents[2])
    (folder / "zeros").symlink_to("/dev/zero")
    (folder / "environ").symlink_to("/proc/self/environ")
    assert dropped_kinds(run(folder)) == {"course": EntryKind.SYMLINK, "environ": EntryKind.SYMLINK,
                                          "zeros": EntryKind.SYMLINK}


def test_pipes_sockets_and_hard_links_are_dropped(folder, elsewhere):
    write(folder, notebook())
    os.mkfifo(folder / "pipe")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(folder / "sock"))
        os.link(elsewhere, folder / "hard.ipynb.txt")
        os.makedirs(folder / "sub")
        os.link(elsewhere, folder / "sub" / "again.txt")
        screening = run(folder)
    assert dropped_kinds(screening) == {"pipe": EntryKind.FIFO, "sock": EntryKind.SOCKET,
                                        "hard.ipynb.txt": EntryKind.HARD_LINK, "sub/again.txt": EntryKind.HARD_LINK}
    assert screening.files == (NOTEBOOK, "timestamp.txt")
    assert len(screening.warnings) == 4 and all(STUDENT in w for w in screening.warnings)


def test_a_notebook_with_another_name_elsewhere_is_graded_and_named(folder, tmp_path):
    """A classmate's hard link to this notebook gives it a second name: who made it cannot be told."""
    write(folder, notebook())
    os.link(folder / NOTEBOOK, tmp_path / "theirs.ipynb")
    screening = run(folder)
    assert screening.files == (NOTEBOOK, "timestamp.txt")
    only_warning(screening, NOTEBOOK, "2 names (a hard link)", "compare the two")


def test_a_file_of_another_owner_is_dropped_where_the_owner_is_known(folder):
    write(folder, notebook())
    files, dropped = list_files(folder, owner=os.getuid() + 1)
    assert files == () and {d.kind for d in dropped} == {EntryKind.FOREIGN_OWNER}
    assert list_files(folder, owner=os.getuid())[0] == (NOTEBOOK, "timestamp.txt")


def test_reading_never_follows_a_link_nor_waits_on_a_pipe(folder, elsewhere):
    (folder / "link").symlink_to(elsewhere)
    os.mkfifo(folder / "pipe")
    for name in ("link", "pipe"):
        with pytest.raises(OSError):
            read_regular(folder / name)
    with pytest.raises(NotRegularFile):
        read_regular(folder / "timestamp.txt", size_limit=3)
    assert read_regular(folder / "timestamp.txt").startswith(b"2026")


@pytest.mark.parametrize("name", ["/etc/passwd", "../../gradebook.db", "a/../../b", "", "a/../b"])
def test_a_name_that_leaves_its_folder_is_refused(tmp_path, name):
    assert safe_path(tmp_path, name) is None


def test_a_plain_relative_name_stays_inside(tmp_path):
    assert safe_path(tmp_path, "data/points.csv") == tmp_path / "data" / "points.csv"
