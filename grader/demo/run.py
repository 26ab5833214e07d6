"""The demo: a whole course cycle on a throwaway copy of the course.

Release every assignment to a private exchange; a simulated class fetches it,
works it (the instructor's solution, a blank notebook, realistic students with
catalogued mistakes, one answering in unexpected but correct forms) and
submits; the instructor collects, autogrades, generates feedback and exports.
It ends with the gradebook as a table and the paths of what it wrote.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

import nbformat

from grader.demo import classroom, copying, lms_rosters, student_side
from grader.gradebook_table import render_question_table, render_score_table
from grader.pipeline import Course, load_rosters
from grader.similarity import similarity_report
from grader.variants import has_variants, records
from grader.variants.variant import Variant


def make_throwaway_course(repo: Path, workdir: Path, assignments: list[str] | None = None) -> Path:
    """A copy of the course's configuration and source notebooks (all, or the given ones)."""
    course = workdir / "course"
    (course / "source").mkdir(parents=True)
    shutil.copy2(repo / "nbgrader_config.py", course)
    for assignment in assignments or [p.name for p in (repo / "source").iterdir() if p.is_dir()]:
        shutil.copytree(repo / "source" / assignment, course / "source" / assignment,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return course


def with_variants(course_root: Path) -> None:
    """Turn per-student variants on in a throwaway course's configuration."""
    with open(course_root / "nbgrader_config.py", "a") as config:
        config.write("\n# The demo with variants: each student their own numbers (grader/variants/).\n"
                     "c.CourseVariants.enabled = True\n")


def run_demo(repo: Path, workdir: Path | None = None, assignments: list[str] | None = None,
             students=classroom.CLASS, say=print, variants: bool = False) -> dict:
    started = time.monotonic()
    workdir = Path(workdir or tempfile.mkdtemp(prefix="calc4ml-demo-")).resolve()
    say(f"== Demo course in {workdir}" + (" (each student their own numbers)" if variants else ""))
    root = make_throwaway_course(repo, workdir, assignments)
    if variants:
        with_variants(root)
        students = (*students, classroom.NUMBERS_COPYING)
    course = Course(root)
    assignments = course.assignment_ids()
    for student in students:  # the roster first: with variants on, releasing records and publishes theirs
        course.add_student(student.id, student.first_name, student.last_name, f"{student.id}@example.edu")

    say(f"== Releasing {len(assignments)} assignment(s) to the exchange")
    for assignment in assignments:
        course.release(assignment)
        say(f"  released {assignment}")

    say(f"== {len(students)} students fetch, work and submit")
    plans, planted = _class_works(course, workdir, assignments, students, variants, say)

    for assignment in assignments:
        say(f"== {assignment}: collect, autograde, feedback")
        collected = course.collect(assignment)
        say(f"  collected {len(collected)} submissions")
        course.autograde(assignment, collected, progress=say)
        course.feedback(assignment, collected, progress=say)

    summary, by_question = course.export(workdir / "exports" / "grades.csv")
    items, plot = course.item_analysis(workdir / "exports", assignments)
    # The rosters an instructor would download from Canvas and Moodle for this class.
    maximum = {a: max(row[a][1] for row in course.scores().values() if a in row) for a in assignments}
    canvas_roster, moodle_roster = lms_rosters.write_rosters(workdir / "lms", maximum)
    (canvas, canvas_file), (moodle, moodle_file) = course.lms_export(
        workdir / "exports", load_rosters(canvas_roster, moodle_roster))
    reports = {assignment: similarity_report(course.root, assignment, workdir / "similarity" / assignment)
               for assignment in assignments}
    say("")
    say(render_score_table(course.scores(), assignments))
    for assignment in assignments:
        say("")
        say(render_question_table(assignment, course.question_scores(assignment)))
    say("")
    say(f"Grades (nbgrader's CSV): {summary}")
    say(f"Grades by question:      {by_question}")
    say(f"Item analysis:           {items}")
    say(f"Item analysis plot:      {plot}")
    say(f"Canvas gradebook import: {canvas}  (from the example roster {canvas_roster})")
    say(f"Moodle grade import:     {moodle}  (from the example roster {moodle_roster})")
    for line in canvas_file.report() + moodle_file.report():
        say(f"  {line}")
    say(f"Feedback:                {course.root / 'feedback'}/<student>/<assignment>/<assignment>.html")
    for assignment, exercise in planted.items():
        pair = next((p for c in reports[assignment].comparisons for p in c.pairs if p.exercise == exercise
                     and {p.first.student, p.second.student} == {copying.AUTHOR, copying.COPIER}), None)
        score = f"score {pair.score:.2f}" if pair else "not compared"
        say(f"Similarity report:       {reports[assignment].html} ({copying.COPIER} copied {copying.AUTHOR}'s "
            f"{exercise}: {score})")
    if variants:
        for line in _variant_lines(course, assignments, [s.id for s in students]):
            say(line)
    say(f"Finished in {time.monotonic() - started:.0f} s")
    return {"course": course, "plans": plans, "summary": summary, "by_question": by_question,
            "item_analysis": items, "item_plot": plot, "canvas": canvas, "moodle": moodle,
            "canvas_file": canvas_file, "moodle_file": moodle_file, "similarity": reports, "planted": planted}


def _planted_copy(plan: classroom.Plan, author: classroom.Plan, assignment: str, planted: dict) -> classroom.Plan:
    """The copier's plan with one of the author's answers copied in, local names changed (for the similarity report)."""
    exercise = copying.exercise_to_copy(author.answers)
    if exercise is None:
        return plan
    planted[assignment] = exercise
    mistakes = {k: v for k, v in plan.mistakes.items() if k != exercise}
    if exercise in author.mistakes:
        mistakes[exercise] = author.mistakes[exercise]  # a copied mistake is the copier's too
    answer = copying.disguised(author.answers[exercise], parameters=False, reorder=False)
    return classroom.Plan({**plan.answers, exercise: answer}, mistakes)


def _class_works(course: Course, workdir: Path, assignments: list[str], students, variants: bool, say):
    """Each simulated student fetches, answers and submits every assignment: (their plans, the planted copies)."""
    plans: dict[tuple[str, str], classroom.Plan] = {}  # (student, assignment) -> what they answer
    planted: dict[str, str] = {}
    for student in students:
        home = workdir / "students" / student.id
        for assignment in assignments:
            folder = student_side.fetch(course.config, home, student.id, assignment)
            notebook_path = folder / f"{assignment}.ipynb"
            source_nb = classroom.read(course.root / "source" / assignment / f"{assignment}.ipynb")
            numbers = _numbers_of(course, assignment, student.id) if variants and has_variants(assignment) else None
            plan = classroom.plan_for(student, assignment, source_nb, numbers)
            if student.id == copying.COPIER and (copying.AUTHOR, assignment) in plans:
                plan = _planted_copy(plan, plans[(copying.AUTHOR, assignment)], assignment, planted)
            nbformat.write(classroom.with_answers(classroom.read(notebook_path), plan.answers), str(notebook_path))
            student_side.submit(course.config, home, student.id, assignment)
            plans[(student.id, assignment)] = plan
        say(f"  {student.id}: submitted {len(assignments)}")
    return plans, planted


def _numbers_of(course: Course, assignment: str, student: str) -> Variant:
    """The numbers a simulated student works with: their recorded variant (the numbers copier: ada's)."""
    recorded = records.recorded(course.db_url, assignment)
    return recorded[copying.AUTHOR if student == copying.NUMBERS_COPIER else student].variant()


def _variant_lines(course: Course, assignments: list[str], students: list[str]) -> list[str]:
    """Each student's variant and score: the solution student full marks on numbers of their own."""
    scores = course.scores()
    lines = ["", f"Variants (the numbers each student was graded on; {copying.NUMBERS_COPIER} submitted the model "
                 f"solution worked with {copying.AUTHOR}'s numbers):"]
    for assignment in filter(has_variants, assignments):
        recorded = records.recorded(course.db_url, assignment)
        lines.append(f"  {assignment}")
        for student in students:
            score, maximum = scores.get(student, {}).get(assignment, (0.0, 0.0))
            lines.append(f"    {student:8} variant {recorded[student].label:8} {score:5.1f}/{maximum:g}  "
                         f"{json.dumps(dict(recorded[student].parameters), sort_keys=True)}")
    return lines
