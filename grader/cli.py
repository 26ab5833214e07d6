"""The instructor's command line: `python -m grader <step> ...` (or `calc4ml <step> ...`).

Every step is nbgrader's, configured by the course's nbgrader_config.py; the
plain `nbgrader` commands do the same work one assignment at a time.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import warnings
from pathlib import Path


def _course(args):
    from traitlets.config import Config

    from grader.pipeline import Course

    overrides = Config()
    if getattr(args, "unconfined", False):
        print("warning: grading without the sandbox: student code runs with your rights", file=sys.stderr)
        overrides.ConfinedKernelManager.unconfined = True
    return Course(course_root(args.course), overrides)


def course_root(given: str | None, here: Path | None = None) -> Path:
    """The course a command works on: --course, else the current directory, as nbgrader's own commands do."""
    if given:
        return Path(given)
    here = here or Path.cwd()
    if (here / "nbgrader_config.py").is_file():
        return here
    raise SystemExit(f"{here} is not a course directory (it has no nbgrader_config.py): run the command in the "
                     "course's folder, or give it with --course PATH")


def _assignments(course, names: list[str]) -> list[str]:
    known = course.assignment_ids()
    unknown = [n for n in names if n not in known]
    if unknown:
        raise SystemExit(f"unknown assignment(s) {', '.join(unknown)}; the course has {', '.join(known)}")
    return names or known


def cmd_generate(args) -> int:
    course = _course(args)
    for assignment in _assignments(course, args.assignments):
        print(f"generated {course.generate(assignment)}")
    return 0


def cmd_release(args) -> int:
    course = _course(args)
    for assignment in _assignments(course, args.assignments):
        course.release(assignment)
        print(f"released {assignment}")
    return 0


def cmd_collect(args) -> int:
    course = _course(args)
    for assignment in _assignments(course, args.assignments):
        print(f"{assignment}: collected {len(course.collect(assignment))} submission(s)")
    return 0


def _per_student(args, step: str, **options) -> int:
    course = _course(args)
    failures = 0
    for assignment in _assignments(course, args.assignments):
        # Flushed line by line, so a run that is killed has shown how far it got.
        results = getattr(course, step)(assignment, args.student or None,
                                        progress=functools.partial(print, flush=True), **options)
        failures += sum(not r.ok for r in results)
    if failures:
        print(f"{failures} submission(s) could not be processed; the rest of the class was.", file=sys.stderr)
    return 1 if failures else 0


def cmd_autograde(args) -> int:
    from grader.progress import reporter_for

    course = _course(args)
    failures = 0
    for assignment in _assignments(course, args.assignments):
        results = course.autograde(assignment, args.student or None, force=args.force, workers=args.workers,
                                   scheduler=args.scheduler, reporter=reporter_for(sys.stdout))
        failures += sum(not r.ok for r in results)
    if failures:
        print(f"{failures} submission(s) could not be graded; the rest of the class was.", file=sys.stderr)
    return 1 if failures else 0


def cmd_feedback(args) -> int:
    return _per_student(args, "feedback")


def cmd_export(args) -> int:
    from grader.lms_export import MoodleIdentity, RosterError
    from grader.pipeline import load_rosters

    try:
        # Read first: a wrong roster stops the command before any file is written.
        rosters = load_rosters(args.canvas_roster, args.moodle_roster)
    except (RosterError, OSError, UnicodeDecodeError) as error:
        print(f"error: nothing exported, a roster could not be read: {error}", file=sys.stderr)
        return 2
    course = _course(args)
    summary, by_question = course.export(Path(args.to))
    items, plot = course.item_analysis(Path(args.to).parent)
    print(f"wrote {summary}\nwrote {by_question}\nwrote {items}\nwrote {plot}")
    written = course.lms_export(Path(args.to).parent, rosters, MoodleIdentity(args.moodle_identity),
                                args.missing_as_zero, dict(args.canvas_assignment or []))
    for path, made in written:
        print(f"wrote {path} ({made.lms}, {made.students_written} student(s))")
        for line in made.report():
            print(f"warning: {line}", file=sys.stderr)
    return 0


def _canvas_assignment(text: str) -> tuple[str, str]:
    name, _, canvas_id = text.partition("=")
    if not name or not canvas_id.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not ASSIGNMENT=CANVAS_ID (e.g. ps1_derivatives=123456)")
    return name, canvas_id


def cmd_gradebook(args) -> int:
    from grader.gradebook_table import render_question_table, render_score_table

    course = _course(args)
    assignments = _assignments(course, args.assignments)
    print(render_score_table(course.scores(), assignments))
    for assignment in assignments:
        print()
        print(render_question_table(assignment, course.question_scores(assignment)))
    return 0


def cmd_similarity(args) -> int:
    from grader.similarity import similarity_report

    course = _course(args)
    (assignment,) = _assignments(course, [args.assignment])
    folder = Path(args.out) if args.out else course.root / "similarity" / assignment
    found = similarity_report(course.root, assignment, folder, args.threshold)
    for problem in found.problems:
        print(f"warning: {problem}", file=sys.stderr)
    for comparison in found.comparisons:
        for pair in comparison.flagged(args.threshold):
            print(f"{pair.exercise}: {pair.first.student} and {pair.second.student} score {pair.score:.2f}")
    flagged = sum(len(c.flagged(args.threshold)) for c in found.comparisons)
    print(f"{flagged} pair(s) at or above {args.threshold:.2f}; report in {found.folder}")
    print(f"wrote {found.html}\nwrote {found.csv}")
    return 0


def cmd_variants(args) -> int:
    from grader.variants import controls, has_variants
    from grader.variants.settings import variants_enabled

    course = _course(args)
    (assignment,) = _assignments(course, [args.assignment])
    if not has_variants(assignment):
        raise SystemExit(f"{assignment} has no variants (no grader/variants/{assignment}.py)")
    if args.action == "check":
        from grader.variants.making.trial import check_variants

        summary = check_variants(course.root, course.places.coursedir.course_id, assignment, args.n)
        print("\n".join(summary.lines()))
        return 0 if summary.passed else 1
    if not variants_enabled(course.config) and args.action in ("reset", "publish"):
        raise SystemExit("error: variants are off in this course: every student has variant 0 "
                         "(c.CourseVariants.enabled = True in nbgrader_config.py turns them on)")
    if args.action == "list":
        for row in controls.student_rows(course.places, assignment):
            score = sum(v for v in row.scores.values() if v is not None) if row.scores else None
            print(f"{row.student}\tvariant {row.label}\t{json.dumps(row.parameters, sort_keys=True)}\t"
                  f"{'not graded' if score is None else f'{score:g}'}")
        return 0
    if args.action == "reset":
        try:
            new = controls.reset_variant(course.places, assignment, args.student, args.force)
        except controls.ResetRefused as refused:
            raise SystemExit(f"error: {refused}") from None
        print(f"{args.student}'s {assignment} is now variant {new.label} (draw {new.draw}): "
              f"{json.dumps(dict(new.parameters), sort_keys=True)}; published")
        return 0
    if args.action == "publish":
        print(f"published {controls.publish_variants(course.places, assignment)}")
        return 0
    path, found = controls.write_analysis(course.places, assignment, Path(args.out))
    for gap in (g for g in found if g.flagged):
        print(f"{gap.exercise}: the {gap.students} students with {gap.parameter} = {gap.value} average "
              f"{gap.mean:.2f}/{gap.max_points:g}, the others {gap.others:.2f}")
    print(f"{sum(g.flagged for g in found)} flagged of {len(found)} groups compared; wrote {path}")
    return 0


def _score(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a score between 0 and 1")
    return value


def cmd_demo(args) -> int:
    try:
        from grader.demo.run import run_demo
    except ImportError:
        raise SystemExit("the demo runs from a clone of the course repository (it is not part of a built wheel)") from None

    # Flushed line by line, so progress shows even when the output goes to a file or a CI log.
    run_demo(course_root(args.course), Path(args.workdir) if args.workdir else None, args.assignments or None,
             say=functools.partial(print, flush=True), variants=args.variants)
    return 0


def cmd_student(args) -> int:
    from grader.student_config import student_workspace

    workspace, command, env = student_workspace(course_root(args.course), args.student_id,
                                                Path(args.workspace) if args.workspace else None,
                                                allow_root=args.allow_root, ip=args.ip, port=args.port)
    print(f"wrote {workspace / '.jupyter' / 'nbgrader_config.py'} (and the student's JupyterLab settings beside it)")
    if not args.lab:
        print(f"start {args.student_id}'s JupyterLab with:\n  cd {workspace} && JUPYTER_CONFIG_DIR={workspace / '.jupyter'} "
              + " ".join(command))
        return 0
    if os.geteuid() == 0 and not args.allow_root:
        raise SystemExit("error: JupyterLab refuses to run as root without --allow-root (better: run this as the student's own account)")
    sys.stdout.flush()
    os.chdir(workspace)
    os.execve(command[0], command, env)


def cmd_hub(args) -> int:
    from grader.hub_setup import HubError, run_hub

    try:
        return run_hub(course_root(args.course), Path(args.roster), args.instructor, ip=args.ip, port=args.port,
                       state_dir=Path(args.state_dir), exchange=Path(args.exchange), install_dir=Path(args.install_dir),
                       dummy_auth=args.dummy_auth,
                       setup_only=args.setup_only)
    except HubError as error:
        raise SystemExit(f"error: {error}") from None


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of workers of at least 1")
    return int(text)


def _similarity_parser(step) -> None:
    from grader.similarity.scoring import THRESHOLD

    similarity = step("similarity", cmd_similarity, "compare every pair of students' answers, exercise by exercise, "
                      "and write an HTML report of the similar pairs and a CSV of all", assignments=False)
    similarity.add_argument("assignment", help="assignment id")
    similarity.add_argument("--threshold", type=_score, default=THRESHOLD,
                            help=f"report pairs from this score up (default {THRESHOLD}, see grader/similarity/scoring.py)")
    similarity.add_argument("--out", help="the report's folder (default: similarity/<assignment> in the course)")


def _variants_parser(step) -> None:
    variants = step("variants", cmd_variants, "per-student variants (c.CourseVariants.enabled): try them, list them, "
                    "reset one student's, publish them to students, compare scores per variant", assignments=False)
    variants.add_argument("action", choices=["check", "list", "reset", "publish", "analysis"],
                          help="check: grade the solution, the blank release and every catalogued mistake in N "
                          "variants; list: each student's variant and score; reset: a new variant for STUDENT; "
                          "publish: record the roster's variants and write them where students' notebooks read "
                          "them; analysis: mean score per exercise for the students sharing each number")
    variants.add_argument("assignment", help="assignment id")
    variants.add_argument("student", nargs="?", help="the student to reset")
    variants.add_argument("--n", type=_positive, default=50, help="check: how many variants, variant 0 included")
    variants.add_argument("--force", action="store_true", help="reset: even after the student submitted")
    variants.add_argument("--out", default="exports", help="analysis: the folder of variants_<assignment>.csv")


def parser() -> argparse.ArgumentParser:
    from grader.grading_pool import configured_workers
    from grader.lms_export import MoodleIdentity

    top = argparse.ArgumentParser(prog="python -m grader", description=__doc__.splitlines()[0])
    top.add_argument("--course", help="the course directory (default: the current directory)")
    steps = top.add_subparsers(dest="step", required=True)

    def step(name, fn, help_text, assignments=True, students=False):
        sub = steps.add_parser(name, help=help_text, description=help_text)
        # Also accepted after the step (`autograde ps1 --course C`); SUPPRESS keeps the top-level value otherwise.
        sub.add_argument("--course", default=argparse.SUPPRESS, help="the course directory")
        if assignments:
            sub.add_argument("assignments", nargs="*", help="assignment ids (default: all)")
        if students:
            sub.add_argument("--student", action="append", help="only this student (repeatable)")
        sub.set_defaults(run=fn)
        return sub

    step("generate", cmd_generate, "make release/ from source/ (solutions and hidden tests removed)")
    step("release", cmd_release, "generate and release assignments to the exchange")
    step("collect", cmd_collect, "collect submissions from the exchange into submitted/")
    autograde = step("autograde", cmd_autograde, "autograde collected submissions (those already graded and "
                     "unchanged are skipped, so a killed run can simply be started again)", students=True)
    autograde.add_argument("--force", action="store_true", help="grade again submissions already graded")
    autograde.add_argument("--unconfined", action="store_true",
                           help="run student kernels without the sandbox (when bubblewrap cannot run)")
    autograde.add_argument("--workers", type=_positive, default=configured_workers(),
                           help="grade on this many worker processes of this machine (default: CALC4ML_WORKERS "
                                f"or its cores, here {configured_workers()}); 1 grades in this process")
    autograde.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                           help="grade on the workers of this Dask scheduler instead (see README, Grading on a cluster)")
    step("feedback", cmd_feedback, "generate feedback HTML and release it to students", students=True)
    export = step("export", cmd_export, "write grades.csv, grades_by_question.csv, the item analysis (CSV and PNG) "
                  "and the Canvas and Moodle import files (canvas_grades.csv, moodle_grades.csv) beside them",
                  assignments=False)
    export.add_argument("--to", default="exports/grades.csv", help="path of the summary CSV")
    export.add_argument("--canvas-roster", metavar="FILE", type=Path,
                        help="Canvas's gradebook download (Grades > Export): canvas_grades.csv gets its students "
                             "(matched by SIS Login ID or email) and its assignment ids")
    export.add_argument("--canvas-assignment", metavar="ASSIGNMENT=CANVAS_ID", type=_canvas_assignment, action="append",
                        help="the Canvas id of an assignment (repeatable; wins over the roster's)")
    export.add_argument("--moodle-roster", metavar="FILE", type=Path,
                        help="Moodle's grade export or participants download: moodle_grades.csv gets its students")
    export.add_argument("--moodle-identity", choices=[i.value for i in MoodleIdentity], default="email",
                        help="how Moodle identifies a student in moodle_grades.csv (default: email)")
    export.add_argument("--missing-as-zero", action="store_true",
                        help="write 0 for a missing submission (default: blank in Canvas, '-' in Moodle: no grade)")
    step("gradebook", cmd_gradebook, "print the gradebook as tables")
    _similarity_parser(step)
    _variants_parser(step)
    demo = step("demo", cmd_demo, "play a whole course cycle with a simulated class on a throwaway copy")
    demo.add_argument("--workdir", help="where to put the throwaway course (default: a new temporary folder)")
    demo.add_argument("--variants", action="store_true",
                      help="turn per-student variants on: each simulated student works with numbers of their own")
    student = step("student", cmd_student, "give a student on this machine their nbgrader settings (exchange, "
                   "course, student id) in a folder of their own, and start their JupyterLab with --lab",
                   assignments=False)
    student.add_argument("student_id", help="the student's id (as in the gradebook)")
    student.add_argument("--workspace", help="the student's folder (default: ~/<course id>-<student id>)")
    student.add_argument("--lab", action="store_true", help="start the student's JupyterLab there")
    student.add_argument("--allow-root", action="store_true", help="pass --allow-root to JupyterLab (when run as root)")
    student.add_argument("--ip", default="127.0.0.1", help="JupyterLab's address (default 127.0.0.1)")
    student.add_argument("--port", type=int, default=8889, help="JupyterLab's port (default 8889)")
    hub = step("hub", cmd_hub, "a class on this machine's JupyterHub: Unix accounts for the instructor and the "
               "roster's students, the course in the instructor's closed home, the exchange, nbgrader's "
               "JupyterHub settings; then runs JupyterHub (as root)", assignments=False)
    hub.add_argument("--roster", required=True, help="CSV with an id column (nbgrader db student import's format)")
    hub.add_argument("--instructor", required=True, help="the instructor's account name")
    hub.add_argument("--ip", default="127.0.0.1", help="the hub's address (default 127.0.0.1; 0.0.0.0 for a class)")
    hub.add_argument("--port", type=int, default=8000, help="the hub's port (default 8000)")
    hub.add_argument("--state-dir", default="/srv/calc4ml", help="the hub's configuration, database and secrets")
    hub.add_argument("--exchange", default="/srv/nbgrader/exchange", help="the exchange's root folder")
    hub.add_argument("--install-dir", default="/opt/calc4ml",
                     help="where the course's Python environment is installed for every account (default /opt/calc4ml)")
    hub.add_argument("--dummy-auth", action="store_true",
                     help="TESTS ONLY: any password logs in (JupyterHub's DummyAuthenticator) instead of PAM")
    hub.add_argument("--setup-only", action="store_true", help="set everything up, print the command, do not start")
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from sqlalchemy.exc import SAWarning

    from grader.pipeline import PipelineError
    from grader.preflight import EnvironmentFault

    # nbgrader's gradebook code trips SQLAlchemy 2's session warnings on every
    # submission; they say nothing to an instructor.
    warnings.filterwarnings("ignore", category=SAWarning)

    try:
        return args.run(args)
    except PipelineError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except EnvironmentFault as fault:
        print(f"error: {fault}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
