"""The variants framework: the documented hash, the records, who sees which variant, the analysis."""

import dataclasses
import hashlib
import json
import os
import stat
import subprocess
import sys

import pytest
from paths import ASSIGNMENTS, REPO

from grader import grading_process
from grader.variants import has_variants, in_notebook, publishing, records, variant_0
from grader.variants.analysis import StudentRow, gaps
from grader.variants.making import MAX_DRAWS, Chooser, Family, family_of, seed_of
from grader.variants.variant import Variant

FAMILIES = [a for a in ASSIGNMENTS if has_variants(a)]


def test_every_assignment_has_a_family():
    assert FAMILIES == list(ASSIGNMENTS)


# -- the documented hash ---------------------------------------------------------------------------

def test_the_seed_is_sha256_of_the_documented_text():
    text = "calc4ml-variant\0calc4ml\0ps1_derivatives\0ada\0" + "2"
    assert seed_of("calc4ml", "ps1_derivatives", "ada", 2) == hashlib.sha256(text.encode()).digest()


def test_the_stream_is_sha256_in_counter_mode():
    seed = seed_of("c", "a", "s")
    chooser = Chooser(seed)
    drawn = [chooser.integer(0, 2**64 - 1) for _ in range(3)]
    assert drawn == [int.from_bytes(hashlib.sha256(seed + k.to_bytes(4, "big")).digest()[:8], "big") for k in range(3)]


def test_integers_stay_in_their_range_and_cover_it():
    chooser = Chooser(seed_of("c", "a", "s"))
    seen = {chooser.integer(-2, 2) for _ in range(200)}
    assert seen == {-2, -1, 0, 1, 2}
    assert 0 not in {chooser.nonzero(-3, 3) for _ in range(100)}
    with pytest.raises(ValueError):
        chooser.integer(3, 2)


@pytest.mark.parametrize("assignment", FAMILIES)
def test_a_variant_is_the_same_every_time_and_differs_between_students(assignment):
    family = family_of(assignment)
    ada = family.derive("calc4ml", "ada")
    assert family.derive("calc4ml", "ada") == ada
    others = {json.dumps(family.derive("calc4ml", f"student{i}")[0], sort_keys=True) for i in range(12)}
    assert len(others) >= 6, f"{assignment}: 12 students share {len(others)} variants"
    assert family.derive("calc4ml", "ada", draw=1) != ada
    assert family.derive("another-course", "ada") != ada


@pytest.mark.parametrize("assignment", FAMILIES)
def test_variant_0_passes_its_rules_and_drawn_variants_do_too(assignment):
    family = family_of(assignment)
    assert family.degenerate(family.variant_0) == []
    for i in range(10):
        assert family.degenerate(family.derive("calc4ml", f"s{i}")[0]) == []


@dataclasses.dataclass(frozen=True)
class _Plain(Variant):
    def statement(self, part):
        return f"k = {self.parameters['k']}"


def test_derive_redraws_until_the_rules_accept():
    family = Family("ps1_derivatives", _Plain, {"k": 3}, lambda choose: {"k": choose.integer(0, 9)},
                    lambda p: [] if p["k"] == 3 else ["k must be 3"], ("k is 3",))
    assert family.derive("c", "s")[0] == {"k": 3}
    hopeless = dataclasses.replace(family, degenerate=lambda p: ["never"])
    with pytest.raises(RuntimeError, match=f"{MAX_DRAWS} times"):
        hopeless.derive("c", "s")


# -- the records -----------------------------------------------------------------------------------

@pytest.fixture
def db_url(tmp_path, gradebook_server):
    if gradebook_server is None:
        return f"sqlite:///{tmp_path / 'gradebook.db'}"
    return gradebook_server.create_database(f"variants_{os.getpid()}_{tmp_path.name}".lower()[:60])


ASSIGNMENT = FAMILIES[0]


def test_a_variant_is_recorded_once_and_read_back(db_url):
    made = records.record(db_url, "calc4ml", ASSIGNMENT, ["ada", "ben"])
    assert made["ada"] == records.made_now("calc4ml", ASSIGNMENT, "ada")
    assert made["ada"].parameters != made["ben"].parameters
    assert records.recorded(db_url, ASSIGNMENT) == made
    assert records.record(db_url, "calc4ml", ASSIGNMENT, ["ada"]) == {"ada": made["ada"]}


def test_a_changed_generator_does_not_move_a_recorded_variant(db_url, monkeypatch):
    before = records.record(db_url, "calc4ml", ASSIGNMENT, ["ada"])["ada"]
    module = sys.modules[f"grader.variants.making.{ASSIGNMENT}"]
    changed = dataclasses.replace(module.FAMILY, draw=lambda choose: dict(module.FAMILY.variant_0))
    monkeypatch.setattr(module, "FAMILY", changed)
    assert records.made_now("calc4ml", ASSIGNMENT, "ada").parameters != before.parameters
    assert records.record(db_url, "calc4ml", ASSIGNMENT, ["ada", "new"])["ada"] == before


def test_grading_records_variant_0_for_a_student_nobody_published_a_variant_for(db_url):
    records.record(db_url, "calc4ml", ASSIGNMENT, ["ada"])
    graded = records.for_grading(db_url, ASSIGNMENT, ["ada", "zoe"])
    assert graded["ada"] == records.made_now("calc4ml", ASSIGNMENT, "ada")
    assert (graded["zoe"].label, graded["zoe"].parameters) == ("0", dict(variant_0(ASSIGNMENT).parameters))
    assert records.recorded(db_url, ASSIGNMENT)["zoe"] == graded["zoe"]


def test_a_reset_draws_again(db_url):
    before = records.record(db_url, "calc4ml", ASSIGNMENT, ["ada"])["ada"]
    after = records.redraw(db_url, "calc4ml", ASSIGNMENT, "ada")
    assert (after.draw, before.draw) == (1, 0)
    assert after.parameters != before.parameters
    assert records.recorded(db_url, ASSIGNMENT)["ada"] == after


# -- which variant a notebook is about -------------------------------------------------------------

@pytest.fixture
def clean_pins():
    yield
    in_notebook._pinned.clear()
    grading_process.current().variant = None


def test_the_planned_variant_wins_over_a_pinned_one(clean_pins):
    family = family_of(ASSIGNMENT)
    theirs = family.variant(*family.derive("c", "theirs"))
    mine = family.variant(*family.derive("c", "mine"))
    exec(in_notebook.pin_line(ASSIGNMENT, theirs), {})  # as the grading kernel's setup cell does
    assert in_notebook.current(ASSIGNMENT) == theirs
    with in_notebook.planning(ASSIGNMENT, mine):
        assert in_notebook.current(ASSIGNMENT) == mine
        assert in_notebook.planned_key() is not None
    assert in_notebook.current(ASSIGNMENT) == theirs


def _student_server(home, exchange, student_id=None):
    """A student's Jupyter configuration folder (as `python -m grader student` writes one)."""
    folder = home / "jupyter-config"
    folder.mkdir(parents=True)
    lines = ["c = get_config()", "c.CourseDirectory.course_id = 'calc4ml'", f"c.Exchange.root = {str(exchange)!r}"]
    if student_id:
        lines.append(f"c.CourseDirectory.student_id = {student_id!r}")
    (folder / "nbgrader_config.py").write_text("\n".join(lines) + "\n")
    return folder


def _shown(assignment, config_dir, cwd, **env):
    """What `course_variant` gives in a fresh kernel-like process with this Jupyter configuration."""
    code = (f"from grader.variants import course_variant; import json; v = course_variant({assignment!r}); "
            "print(json.dumps([v.label, dict(v.parameters)]))")
    environment = {k: v for k, v in os.environ.items() if k not in ("JUPYTERHUB_USER", "JUPYTER_CONFIG_DIR")}
    environment.update(JUPYTER_CONFIG_PATH=str(config_dir), PYTHONPATH=str(REPO), **env)
    done = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=environment, capture_output=True, text=True,
                          check=True)
    label, parameters = json.loads(done.stdout)
    return label, parameters, done.stderr


def test_a_student_sees_the_variant_published_for_them(tmp_path, db_url):
    exchange = tmp_path / "exchange"
    made = records.record(db_url, "calc4ml", ASSIGNMENT, ["ada", "ben"])
    path = publishing.publish(exchange, "calc4ml", ASSIGNMENT, {s: v.variant() for s, v in made.items()})
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    config = _student_server(tmp_path / "ada", exchange, "ada")
    assert _shown(ASSIGNMENT, config, tmp_path)[:2] == (made["ada"].label, made["ada"].parameters)
    # On a hub the hub's user name says who it is.
    assert _shown(ASSIGNMENT, config, tmp_path, JUPYTERHUB_USER="ben")[:2] == (made["ben"].label,
                                                                                made["ben"].parameters)
    # A student who joined after the release sees variant 0, what they will be graded on, and is told.
    label, parameters, said = _shown(ASSIGNMENT, config, tmp_path, JUPYTERHUB_USER="zoe")
    assert (label, parameters) == ("0", dict(variant_0(ASSIGNMENT).parameters))
    assert "no variant of" in said and "zoe" in said


def test_without_published_variants_or_identity_a_student_sees_variant_0(tmp_path, db_url):
    exchange = tmp_path / "exchange"
    zero = dict(variant_0(ASSIGNMENT).parameters)
    assert _shown(ASSIGNMENT, _student_server(tmp_path / "ada", exchange, "ada"), tmp_path)[:2] == ("0", zero)
    publishing.publish(exchange, "calc4ml", ASSIGNMENT, {"ada": records.made_now("calc4ml", ASSIGNMENT, "ada").variant()})
    label, parameters, said = _shown(ASSIGNMENT, _student_server(tmp_path / "nobody", exchange), tmp_path)
    assert (label, parameters) == ("0", zero)
    assert "do not say who you are" in said


# -- item analysis per variant ---------------------------------------------------------------------

def _rows(scores_by_k):
    return [StudentRow(f"s{i}", str(i), {"k": k, "same": 1}, {"test_a": score})
            for i, (k, score) in enumerate(scores_by_k)]


def test_a_harder_number_is_flagged():
    rows = _rows([(5, 0.0)] * 4 + [(1, 2.0), (2, 2.0), (3, 1.9), (4, 2.0), (6, 2.0)])
    flagged = [g for g in gaps(rows, {"test_a": 2.0}) if g.flagged]
    assert [(g.parameter, g.value, g.students) for g in flagged] == [("k", "5", 4)]


def test_equal_groups_and_small_groups_are_not_flagged():
    even = _rows([(5, 2.0), (5, 0.0), (5, 2.0), (5, 0.0), (1, 2.0), (2, 0.0), (3, 2.0), (4, 0.0)])
    assert not any(g.flagged for g in gaps(even, {"test_a": 2.0}))
    small = _rows([(5, 0.0)] * 2 + [(1, 2.0)] * 3 + [(2, 2.0)] * 3)
    assert [g.value for g in gaps(small, {"test_a": 2.0}) if g.parameter == "k"] == ["1", "2"]
    # A parameter everyone shares has no "rest" to compare with.
    assert not [g for g in gaps(small, {"test_a": 2.0}) if g.parameter == "same"]


@pytest.mark.parametrize("assignment", FAMILIES)
def test_a_students_kernel_has_its_variant_without_the_instructors_side(assignment, tmp_path):
    """As a student image has it: grader.variants.making (solutions, draws) is not installed."""
    drawn = family_of(assignment).variant(*family_of(assignment).derive("c", "ada"))
    assert _parts(assignment), f"{assignment} shows no variant"
    code = ("import sys; sys.modules['grader.variants.making'] = None\n"
            "from grader.variants.in_notebook import pin, current\n"
            f"pin({assignment!r}, {dict(drawn.parameters)!r}, {drawn.label!r}, {dict(drawn.public)!r})\n"
            f"v = current({assignment!r}); print(v.label); v.substitutions()\n"
            f"for part in {_parts(assignment)!r}: v.statement(part)\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == drawn.label


def _parts(assignment):
    """The parts a notebook shows (`variant.show("<part>")` in its locked cells)."""
    import re

    text = (REPO / "source" / assignment / f"{assignment}.ipynb").read_text()
    return sorted(set(re.findall(r'variant\.show\(\\"([a-z_]+)\\"\)', text)))
