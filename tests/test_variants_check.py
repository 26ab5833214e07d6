"""`python -m grader variants check` on a handful of variants of every assignment, and the check failing
where it must: a wrong solution template, a catalogued mistake that a variant's numbers hide."""

import dataclasses
import sys

import pytest
from paths import ASSIGNMENTS, REPO

from grader import catalogue
from grader.cli import main
from grader.variants.making import family_of
from grader.variants.making.trial import check_variants, try_variant

HANDFUL = 3  # variant 0 and two drawn: CI's share; an instructor runs --n 50 before release


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_a_handful_of_variants_pass(assignment):
    summary = check_variants(REPO, "calc4ml", assignment, HANDFUL, say=print)
    print("\n".join(summary.lines()))
    assert summary.passed, "\n".join(summary.lines())
    assert len({t.label for t in summary.trials}) == HANDFUL
    trial = summary.trials[1]
    assert trial.solution == trial.total > 0 and trial.blank == 0 and trial.mistakes > 0


def _varying_exercise(assignment):
    return next(iter(family_of(assignment).solutions))


@pytest.fixture
def drawn():
    family = family_of("ps1_derivatives")
    return family, family.variant(*family.derive("calc4ml", "variant-check-1"))


def test_a_solution_template_that_is_wrong_is_a_finding(drawn, monkeypatch):
    family, variant = drawn
    exercise = _varying_exercise("ps1_derivatives")
    wrong = catalogue.mistakes_for(exercise)[0].template
    module = sys.modules["grader.variants.making.ps1_derivatives"]
    monkeypatch.setattr(module, "FAMILY", dataclasses.replace(family, solutions={**family.solutions, exercise: wrong}))
    findings = try_variant(REPO, "ps1_derivatives", variant).findings
    assert any(f.startswith("the instructor's solution scores") and f"test_{exercise}" in f for f in findings)


def test_a_mistake_the_numbers_hide_is_a_finding(drawn, monkeypatch):
    family, variant = drawn
    exercise = _varying_exercise("ps1_derivatives")
    hidden = catalogue.Mistake(exercise, "no-mistake-at-all", "the solution itself", family.solutions[exercise])
    module = catalogue.load("ps1_derivatives")
    monkeypatch.setattr(module, "MISTAKES", [*module.MISTAKES, hidden])
    findings = try_variant(REPO, "ps1_derivatives", variant).findings
    assert f"mistake {exercise}/no-mistake-at-all passes" in findings


def test_the_command_prints_a_summary_and_fails_on_a_finding(capsys, monkeypatch):
    assert main(["--course", str(REPO), "variants", "check", "ps5_learning_rate", "--n", "2"]) == 0
    out = capsys.readouterr().out
    assert "ps5_learning_rate: 2 of 2 variants pass" in out
    module = catalogue.load("ps5_learning_rate")
    exercise = "steps_to_tolerance"  # (quartic_study's rules would refuse every variant with this "mistake")
    hidden = catalogue.Mistake(exercise, "no-mistake-at-all", "the solution itself",
                               family_of("ps5_learning_rate").solutions[exercise])
    monkeypatch.setattr(module, "MISTAKES", [*module.MISTAKES, hidden])
    assert main(["--course", str(REPO), "variants", "check", "ps5_learning_rate", "--n", "2"]) == 1
