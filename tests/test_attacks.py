"""The attack corpus (tests/attacks/, the families graded in process) graded by the real pipeline, beside an honest student.

One throwaway course: the honest bystander is graded first, then every file of
the course is fingerprinted and the bystander's gradebook rows are kept; then all
attackers are graded in one `autograde` call. For each attack: it was graded (or
refused with a message naming the student), it scores exactly the points of the
exercises it answered honestly, nothing it printed says a forbidden thing worked
(`BREACH`), and nothing outside the attackers' own folders changed. Afterwards the
bystander still has full marks, an honest student graded after all the attackers
gets full marks too, and no attacker process is still running.

The slowest honest cell (the setup cell's imports) takes about a second, so a 5 s
timeout is enough and keeps the infinite loops cheap.

To grade only some attacks while working on them: CALC4ML_ATTACKS=network,fork_bomb.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from attacks import GRADED_IN_PROCESS, corpus
from attacks.support import ASSIGNMENT, Attack
from class_records import (
    attacker_owned,
    cell_outputs,
    fingerprint,
    flags,
    gradebook_rows,
    live_processes_under,
    place,
    points_of_tests,
)
from course_builder import make_course, source_notebook
from traitlets.config import Config

from grader.demo import classroom
from grader.judging.verdict import Status
from grader.pipeline import Course, StepResult

pytestmark = [pytest.mark.pipeline, pytest.mark.xdist_group("attacks")]

BYSTANDER = "bystander"
ATTACK_IDS = [attack.id for attack in corpus(GRADED_IN_PROCESS, Path("/course"), BYSTANDER)]
LATECOMER = "latecomer"  # honest too, graded after every attacker in the same grader process
TIMEOUT = 5  # seconds per cell (nbgrader's Execute.timeout; ConfinedExecute inherits the trait)


def sandbox_unavailable(course: Course) -> str | None:
    """Why attacks that must stay confined cannot run here, or None."""
    steps = " ".join(course.config.Autograde.get("autograde_preprocessors", []))
    if "ConfinedExecute" not in steps:
        return "nbgrader_config.py does not run kernels with ConfinedExecute yet"
    try:
        from grader.sandbox import sandbox_available
    except ImportError:
        return "grader.sandbox does not exist yet"
    return sandbox_available()


# -- the one grading run ---------------------------------------------------------------------

@dataclass
class Graded:
    course: Course
    attacks: dict[str, Attack]
    skipped: dict[str, str]  # attack id -> why it was not run
    results: dict[str, StepResult]  # student -> outcome
    seconds: dict[str, float]  # student -> wall time of its grading
    points: dict[str, float]
    before: dict[str, str]
    after: dict[str, str]
    bystander_before: dict
    bystander_after: dict | None
    lingering: list[str]
    total_seconds: float


def _say(request, text: str) -> None:
    """A line on the terminal even while pytest captures output (as with -q)."""
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
    if reporter is None or capture is None:
        print(text)
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line(text)


@pytest.fixture(scope="module")
def graded(request, tmp_path_factory, gradebooks) -> Graded:
    started = time.monotonic()
    # The kernels run in the grading tasks' scratch courses: in a folder of this fixture's own, so that
    # what is left running there afterwards is this run's (the other test process grades too).
    scratch = Path(tempfile.mkdtemp(prefix="calc4ml-attack-scratch-"))
    scratch.chmod(0o755)
    patch = pytest.MonkeyPatch()
    request.addfinalizer(patch.undo)  # should the fixture fail before grading ends
    patch.setattr(tempfile, "tempdir", str(scratch))
    patch.setenv("TMPDIR", str(scratch))  # for worker processes (CALC4ML_WORKERS)
    built = make_course(tmp_path_factory.mktemp("attacks"), [ASSIGNMENT], gradebooks)
    overrides = Config()
    overrides.Execute.timeout = TIMEOUT
    overrides.Exchange.root = str(built.root / "exchange")
    course = Course(built.root, overrides)
    released = course.api.release_assignment(ASSIGNMENT)  # something in the exchange that must stay untouched
    assert released.get("success"), released
    solution = classroom.instructor_answers(source_notebook(course, ASSIGNMENT))

    place(course, ASSIGNMENT, BYSTANDER, solution)
    [bystander] = course.autograde(ASSIGNMENT, [BYSTANDER])
    assert bystander.ok, bystander.detail
    before = fingerprint(course.root)
    bystander_before = gradebook_rows(course, ASSIGNMENT, BYSTANDER)

    why_not = sandbox_unavailable(course)
    attacks = {a.id: a for a in corpus(GRADED_IN_PROCESS, course.root, BYSTANDER)}
    skipped = {a.id: f"must run confined, and {why_not}" for a in attacks.values() if a.needs_sandbox and why_not}
    only = os.environ.get("CALC4ML_ATTACKS")  # e.g. "fork_bomb,network": grade only these (debugging)
    if only:
        skipped.update({i: "not in CALC4ML_ATTACKS" for i in attacks if i not in only.split(",")})
    runnable = [a for a in attacks.values() if a.id not in skipped]
    for attack in runnable:
        place(course, ASSIGNMENT, attack.student, attack.submission(solution), attack.mutate)
    place(course, ASSIGNMENT, LATECOMER, solution)

    seconds, last = {}, [time.monotonic()]

    def progress(line: str) -> None:
        match = re.match(r"\s*\[\d+/\d+\] autograde \S+ (\S+):", line)
        if match:
            now = time.monotonic()
            seconds[match.group(1)] = now - last[0]
            last[0] = now

    graded_at = time.monotonic()
    students = [a.student for a in runnable] + [LATECOMER]
    results = {r.student: r for r in course.autograde(ASSIGNMENT, students, progress=progress)}
    grading = time.monotonic() - graded_at
    patch.undo()
    assert list(scratch.glob(f"calc4ml-grading-{ASSIGNMENT}-*")), "the attackers were not graded in the scratch folder"
    lingering = live_processes_under(course.root) + live_processes_under(scratch)
    shutil.rmtree(scratch, ignore_errors=True)
    after = fingerprint(course.root)
    total = time.monotonic() - started

    _say(request, f"\nattack corpus: {len(runnable)} attackers graded in {grading:.0f} s "
                  f"(fixture {total:.0f} s, Execute.timeout {TIMEOUT} s); skipped: {sorted(skipped) or 'none'}")
    for label, student in [(a.id, a.student) for a in runnable] + [(LATECOMER, LATECOMER)]:
        result = results.get(student)
        outcome = "ok" if result and result.ok else f"FAILED: {result.detail.splitlines()[0] if result else '?'}"
        _say(request, f"  {label:32} {seconds.get(student, float('nan')):5.1f} s  {outcome}")
    return Graded(course, attacks, skipped, results, seconds, points_of_tests(course, ASSIGNMENT), before, after,
                  bystander_before, gradebook_rows(course, ASSIGNMENT, BYSTANDER), lingering, total)


def _attack(graded: Graded, attack_id: str) -> Attack:
    if attack_id in graded.skipped:
        reason = graded.skipped[attack_id]
        (pytest.skip if reason.startswith("not in CALC4ML_ATTACKS") else pytest.xfail)(reason)
    return graded.attacks[attack_id]


def _evidence(graded: Graded, attack: Attack, cells: list[str] | None = None) -> str:
    outputs = cell_outputs(graded.course, ASSIGNMENT, attack.student)
    shown = {k: v for k, v in outputs.items() if cells is None or k in cells}
    lines = [f"flags: {flags(graded.course, ASSIGNMENT, attack.student)}"]
    for key, text in shown.items():
        if text.strip():
            lines.append(f"--- {key}:\n{textwrap.shorten(text, 700, placeholder=' ...')}")
    return "\n".join(lines)


# -- per attack ----------------------------------------------------------------------------

@pytest.mark.parametrize("attack_id", ATTACK_IDS)
def test_attack_is_graded_or_refused_by_name(graded, attack_id):
    attack = _attack(graded, attack_id)
    result = graded.results.get(attack.student)
    assert result is not None, f"no result for {attack.student}"
    assert result.ok or attack.student in result.detail, result.detail


@pytest.mark.parametrize("attack_id", ATTACK_IDS)
def test_attack_scores_exactly_its_honest_points(graded, attack_id):
    attack = _attack(graded, attack_id)
    rows = gradebook_rows(graded.course, ASSIGNMENT, attack.student)
    expected = {cell: (points if cell.removeprefix("test_") in attack.honest else 0.0)
                for cell, points in graded.points.items()}
    if rows is None:  # refused or discarded: it holds no points at all
        assert not graded.results[attack.student].ok
        assert sum(expected.values()) == 0, graded.results[attack.student].detail
        return
    got = {cell: rows["grades"][cell][4] for cell in expected}
    wrong = sorted(cell for cell in expected if got[cell] != expected[cell])
    assert not wrong, (f"{attack.id}: scores {({c: got[c] for c in wrong})}, expected "
                       f"{({c: expected[c] for c in wrong})}\n{_evidence(graded, attack, wrong)}")
    manual = {cell: row[1:3] for cell, row in rows["grades"].items() if row[1] is not None or row[2]}
    assert not manual, f"manual scores or extra credit appeared: {manual}"


@pytest.mark.parametrize("attack_id", ATTACK_IDS)
def test_attack_reports_no_breach(graded, attack_id):
    """Attack code prints BREACH when something forbidden worked (a read, a write, a connection, a reference)."""
    attack = _attack(graded, attack_id)
    printed = cell_outputs(graded.course, ASSIGNMENT, attack.student, streams_only=True)
    breaches = {key: text for key, text in printed.items() if re.search(r"^BREACH", text, re.M)}
    assert not breaches, _evidence(graded, attack, list(breaches))


@pytest.mark.parametrize("attack_id", ATTACK_IDS)
def test_attack_harms_nothing_else(graded, attack_id):
    """Every file of the course outside the attackers' own folders is as it was, and so is the bystander."""
    _attack(graded, attack_id)
    attackers = {a.student for a in graded.attacks.values()} | {LATECOMER}
    changed = sorted(p for p in graded.before if graded.after.get(p) != graded.before[p])
    appeared = sorted(p for p in graded.after if p not in graded.before and not attacker_owned(p, attackers))
    assert not changed and not appeared, f"changed: {changed}\nappeared: {appeared}"
    assert graded.bystander_after == graded.bystander_before
    protected = [p for p in graded.before if p.split("/")[0] in ("exchange", "source", "release")]
    assert any(p.startswith("exchange/") and not p.endswith("/") for p in protected), "nothing was released"


# -- the class as a whole -------------------------------------------------------------------

def test_bystander_keeps_full_automatic_marks(graded):
    rows = graded.bystander_after
    assert rows is not None
    assert {cell: rows["grades"][cell][4] for cell in graded.points} == graded.points


def test_honest_student_graded_after_the_attackers_gets_full_marks(graded):
    """Nothing an attacker did lingers in the grader's process (or the sandbox) to cost a later student."""
    assert graded.results[LATECOMER].ok, graded.results[LATECOMER].detail
    rows = gradebook_rows(graded.course, ASSIGNMENT, LATECOMER)
    assert {cell: rows["grades"][cell][4] for cell in graded.points} == graded.points
    assert flags(graded.course, ASSIGNMENT, LATECOMER) == []


def test_hidden_probe_points_recorded_while_graded_do_not_reach_the_feedback(graded):
    attack = _attack(graded, "exfiltrate_hidden_probes")
    assert "LEAK hidden probe points" in cell_outputs(graded.course, ASSIGNMENT, attack.student, streams_only=True)["d_product"]
    [result] = graded.course.feedback(ASSIGNMENT, [attack.student])
    assert result.ok, result.detail
    html = (graded.course.root / "feedback" / attack.student / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()
    assert "LEAK hidden probe points: [" not in html and "1234.5" not in html  # the source may show, not the output
    assert "✗ poly_derivative: incorrect" in html  # the grader's own verdicts are still there


def test_no_attacker_process_outlives_grading(graded):
    assert graded.lingering == []


def test_every_attack_in_the_corpus_was_placed_or_skipped_for_a_reason(graded):
    assert set(graded.results) | {graded.attacks[i].student for i in graded.skipped} == \
        {a.student for a in graded.attacks.values()} | {LATECOMER}


# -- the judging, outside the kernel ------------------------------------------------------------

# A d_product answer whose evaluation is one huge integer power, built so that no
# single exponent exceeds the decoder's limit. The grader evaluates it at every
# sample point in its own process (lambdify), where neither the sandbox nor the
# judge's time limit (an exception raised between bytecodes: it cannot interrupt a C-level big-integer
# operation) applies.
_HOSTILE = {
    "nested_power": "sp.Pow(sp.Pow(sp.Integer(7), sp.Integer(10000), evaluate=False), sp.Integer(300), evaluate=False)",
    "product_exponent": "sp.Pow(sp.Integer(7), sp.Mul(sp.Integer(10000), sp.Integer(300), evaluate=False), evaluate=False)",
}

_JUDGE_ONE = """
import sys, time
import sympy as sp
from pathlib import Path
from grader.demo import classroom
from grader.evidence import Evidence
from grader.evidence_codec import decode_evidence, encode_evidence, MalformedEvidence
from grader.grading_plan import plan_notebook

source = classroom.read(Path(sys.argv[1]))
cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source for c in source.cells}
plans = plan_notebook([("setup", "setup", cells["setup"]), ("test", "test_d_product", cells["test_d_product"])],
                      ["d_product"])
x = sp.Symbol("x", real=True)
answer = sp.Add(x**2 * sp.exp(x), sp.Mod(%s, 1, evaluate=False), evaluate=False)
started = time.monotonic()
for check in plans["test_d_product"].checks:
    try:
        evidence = decode_evidence(encode_evidence(Evidence(True, "Add", False, expression=answer)),
                                   check.request.probes, check.request.kind)
    except MalformedEvidence as refused:
        print("refused:", refused)
        continue
    print(check.judge(evidence, check.namespace).status.value)
print(f"judged in {time.monotonic() - started:.1f} s")
"""


@pytest.mark.parametrize("form", sorted(_HOSTILE))
def test_judging_a_hostile_expression_is_refused_or_failed_not_computed(form, capsys):
    """The grader's own process must not be held by one student's SymPy answer: the answer is
    refused by the decoder or judged wrong without evaluating the huge power. How long it took is
    printed (a figure, not an assertion); a run that never ends is stopped and fails."""
    source = Path(__file__).resolve().parents[1] / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    started = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-c", _JUDGE_ONE % _HOSTILE[form], str(source)],
                              capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        pytest.fail(f"judging one d_product answer ({form}) never finished", pytrace=False)
    with capsys.disabled():
        print(f"\n  hostile {form}: judged in {time.monotonic() - started:.1f} s")
    assert done.returncode == 0, done.stderr[-2000:]
    verdicts = [line for line in done.stdout.splitlines() if not line.startswith("judged in")]
    assert verdicts, done.stdout
    assert all(v.startswith("refused:") or v != Status.CORRECT.value for v in verdicts), done.stdout
