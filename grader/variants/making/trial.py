"""`python -m grader variants check`: every variant tried before a student sees it.

For each variant (variant 0, then the variants of made-up students `variant-check-1`,
`variant-check-2`, ...), in this process and without nbgrader (`grader.in_process_grading`,
which plans and judges exactly as autograde does):

- the instructor's solution, with the family's solution for each exercise whose answer
  depends on the numbers, must get every point;
- the released notebook, blank, must get none;
- every catalogued mistake, made with the variant's numbers, must fail its own test cell,
  be named by its tag, and keep exactly the catalogue's share of the points;
- the variant must break none of the family's rules against degenerate variants (drawn
  variants are redrawn until they do not; variant 0 must pass them as it stands).

Anything else is a finding, and the command fails: a variant that grades wrongly is a
course bug, found before release rather than in a student's grade.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from grader import catalogue, in_process_grading
from grader.demo import classroom
from grader.variants.making import family_of
from grader.variants.variant import Variant

CHECK_STUDENT = "variant-check-{}"  # the made-up students whose variants are tried


@dataclass(frozen=True)
class VariantTrial:
    label: str
    parameters: dict
    total: float  # the points of the assignment's test cells
    solution: float  # what the instructor's solution scored
    blank: float  # what the blank release scored
    mistakes: int  # catalogued mistakes tried
    findings: tuple[str, ...] = ()
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return not self.findings


@dataclass
class TrialSummary:
    assignment: str
    trials: list[VariantTrial] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(t.passed for t in self.trials)

    def lines(self) -> list[str]:
        n, good = len(self.trials), sum(t.passed for t in self.trials)
        full = sum(t.solution == t.total for t in self.trials)
        zero = sum(t.blank == 0 for t in self.trials)
        mistakes = self.trials[0].mistakes if self.trials else 0
        seconds = [t.seconds for t in self.trials]
        lines = [f"{self.assignment}: {good} of {n} variants pass (variant 0 and {n - 1} drawn)",
                 f"  instructor's solution full marks in {full} of {n}; blank release 0 in {zero} of {n}; "
                 f"{mistakes} catalogued mistakes tried per variant",
                 f"  {sum(seconds) / max(n, 1):.1f} s per variant on average, {max(seconds, default=0):.1f} s at most"]
        for trial in self.trials:
            lines += [f"  variant {trial.label} {trial.parameters}: {finding}" for finding in trial.findings]
        return lines


def released_answers(course: Path, assignment: str) -> dict[str, str]:
    """The answer cells as the student receives them (the blank submission)."""
    released = classroom.read(course / "release" / assignment / f"{assignment}.ipynb")
    return {gid: cell.source for gid, cell in classroom.answer_cells(released).items()
            if cell.cell_type == "code"}


def try_variant(course: Path, assignment: str, variant: Variant) -> VariantTrial:
    started = time.perf_counter()
    chosen = family_of(assignment)
    book = in_process_grading.notebook(course, assignment)
    findings = [f"breaks a rule: {broken}" for broken in chosen.degenerate(variant.parameters)]
    solution = {**book.solution, **{ex: variant.render(t) for ex, t in chosen.solutions.items()}}

    def scores(answers: dict[str, str], **options) -> dict[str, float]:
        verdicts = in_process_grading.grade(course, assignment, answers, variant=variant, **options)
        return {gid: in_process_grading.cell_score(gid, book.points[gid], vs) for gid, vs in verdicts.items()}

    solved = scores(solution)
    findings += [f"the instructor's solution scores {score:g} of {book.points[gid]:g} in {gid}"
                 for gid, score in solved.items() if score != book.points[gid]]
    blank = scores(released_answers(course, assignment))
    findings += [f"the blank release scores {score:g} in {gid}" for gid, score in blank.items() if score]
    tried = 0
    for mistake in _mistakes(assignment, book):
        tried += 1
        cell = f"test_{mistake.exercise}"
        verdicts = in_process_grading.grade(course, assignment, {**solution, mistake.exercise:
                                                                  mistake.source_for(variant)},
                                            only=cell, variant=variant)[cell]
        failed = next((v for v in verdicts if not v.passed), None)
        expected = book.points[cell] * mistake.credit
        if failed is None:
            findings.append(f"mistake {mistake.exercise}/{mistake.tag} passes")
        elif failed.tag != mistake.tag:
            findings.append(f"mistake {mistake.exercise}/{mistake.tag} is named {failed.tag or 'nothing'}")
        elif (got := in_process_grading.cell_score(cell, book.points[cell], verdicts)) != expected:
            findings.append(f"mistake {mistake.exercise}/{mistake.tag} scores {got:g}, not {expected:g}")
    return VariantTrial(variant.label, dict(variant.parameters), sum(book.points.values()), sum(solved.values()),
                        sum(blank.values()), tried, tuple(findings), time.perf_counter() - started)


def _mistakes(assignment: str, book: in_process_grading.Notebook) -> list[catalogue.Mistake]:
    if not catalogue.has_catalogue(assignment):
        return []
    return [m for m in catalogue.load(assignment).MISTAKES if f"test_{m.exercise}" in book.points]


def check_variants(course: Path, course_id: str, assignment: str, n: int, say=print) -> TrialSummary:
    """Variant 0 and n - 1 drawn variants, each tried (`try_variant`), reported as they finish."""
    chosen = family_of(assignment)
    summary = TrialSummary(assignment)
    variants = [chosen.variant(chosen.variant_0)]
    for i in range(1, n):
        parameters, label = chosen.derive(course_id, CHECK_STUDENT.format(i), 0)
        variants.append(chosen.variant(parameters, label))
    for variant in variants:
        trial = try_variant(course, assignment, variant)
        summary.trials.append(trial)
        say(f"variant {trial.label}: solution {trial.solution:g}/{trial.total:g}, blank {trial.blank:g}, "
            f"{trial.mistakes} mistakes, {'ok' if trial.passed else f'{len(trial.findings)} finding(s)'} "
            f"({trial.seconds:.1f} s)")
    return summary
