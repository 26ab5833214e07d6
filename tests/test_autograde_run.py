"""The coordinating process's pure decisions: what it saves with, when a run lost everything to the grader,
what the summary says, and the command line's worker count."""

import os

import pytest
from traitlets.config import Config

from grader import cli
from grader.assignment_bundle import portable_config
from grader.autograde_run import SAVING_STEPS_FROM, common_fault, lost_to_the_grader, saving_config
from grader.flags import Flag
from grader.grading_pool import configured_workers
from grader.grading_task import GradedSubmission
from grader.progress import LineReporter, StepResult, summary

NO_GRADER = "no evidence came back (the test cell failed in the kernel: ModuleNotFoundError: No module named 'grader')"


def _graded(scores, flags):
    return GradedSubmission("ps1", "ada", graded=True, scores=scores, flags=flags)


def test_a_submission_that_lost_every_test_without_evidence_lost_it_to_the_grader():
    result = _graded({"test_a": 0.0, "test_b": 0.0, "written": None},
                     [Flag("test_a", NO_GRADER), Flag("test_b", NO_GRADER)])
    assert lost_to_the_grader(result) == frozenset({NO_GRADER})


def test_one_point_anywhere_means_the_grader_worked():
    result = _graded({"test_a": 1.0, "test_b": 0.0}, [Flag("test_b", NO_GRADER)])
    assert lost_to_the_grader(result) is None


def test_wrong_answers_without_flags_are_the_students():
    assert lost_to_the_grader(_graded({"test_a": 0.0, "test_b": 0.0}, [])) is None


def test_a_test_lost_without_a_flag_is_not_the_graders():
    result = _graded({"test_a": 0.0, "test_b": 0.0}, [Flag("test_a", NO_GRADER)])
    assert lost_to_the_grader(result) is None


def test_the_same_fault_in_every_submission_stops_the_run():
    fault = frozenset({NO_GRADER})
    assert common_fault({"ada": fault, "bob": fault}) == fault


def test_one_submission_alone_is_not_enough_to_blame_the_grader():
    assert common_fault({"ada": frozenset({NO_GRADER})}) is None


def test_one_honest_result_or_another_reason_clears_the_grader():
    fault = frozenset({NO_GRADER})
    assert common_fault({"ada": fault, "bob": None}) is None
    assert common_fault({"ada": fault, "bob": frozenset({"evidence altered: not an object"})}) is None


def test_saving_runs_only_nbgraders_last_steps_of_the_course():
    config = Config()
    config.Autograde.autograde_preprocessors = ["course.Pose", "course.Execute", SAVING_STEPS_FROM, "nbgrader.Late"]
    saving = saving_config(config)
    assert saving.Autograde.autograde_preprocessors == [SAVING_STEPS_FROM, "nbgrader.Late"]
    assert saving.Autograde.sanitize_preprocessors == []
    assert config.Autograde.autograde_preprocessors[0] == "course.Pose"  # the course's own is untouched


def test_a_portable_configuration_names_no_place_of_this_machine():
    config = Config()
    config.CourseDirectory.root = "/srv/course"
    config.CourseDirectory.db_url = "postgresql://grader@db/calc4ml"
    config.CourseDirectory.course_id = "calc4ml"
    config.Exchange.root = "/srv/exchange"
    config.Execute.timeout = 20
    portable = portable_config(config)
    assert dict(portable.CourseDirectory) == {"course_id": "calc4ml"}
    assert "root" not in portable.Exchange and portable.Execute.timeout == 20
    assert config.CourseDirectory.root == "/srv/course"


def test_the_summary_counts_graded_skipped_refused_and_flagged():
    results = [StepResult("ada", True), StepResult("bob", True, "Flagged in bob's ps1: test_a: evidence altered",
                          flags=(Flag("test_a", "evidence altered"),)),
               StepResult("cy", True, "skipped", skipped=True), StepResult("dee", False, "dee's ps1.ipynb is empty")]
    lines = summary("ps1", results, 30.0, "on 2 worker process(es) of this machine")
    assert lines[0] == ("ps1: 2 graded, 1 unchanged and skipped, 1 refused, 1 flagged; 30.0 s on 2 worker "
                        "process(es) of this machine (4.0 submissions per minute)")
    assert "  refused dee: dee's ps1.ipynb is empty" in lines
    assert "  flagged bob: see its lines above" in lines


def test_plain_lines_number_each_submission():
    said = []
    reporter = LineReporter(said.append)
    reporter.start("ps1", 2)
    reporter.done(StepResult("ada", True))
    reporter.done(StepResult("bob", False, "why"))
    assert said == ["  [1/2] autograde ps1 ada: ok", "  [2/2] autograde ps1 bob: FAILED", "      why"]


@pytest.mark.parametrize("text", ["0", "-1", "two", "1.5"])
def test_a_worker_count_must_be_a_whole_number_of_at_least_one(text, capsys):
    with pytest.raises(SystemExit):
        cli.parser().parse_args(["autograde", "ps1", "--workers", text])
    assert "whole number of workers" in capsys.readouterr().err


def test_the_default_is_one_worker_per_core_unless_the_environment_says(monkeypatch):
    """The same default for the command line and for Course.autograde called from Python."""
    monkeypatch.delenv("CALC4ML_WORKERS", raising=False)
    assert cli.parser().parse_args(["autograde", "ps1"]).workers == os.cpu_count()
    monkeypatch.setenv("CALC4ML_WORKERS", "3")
    assert cli.parser().parse_args(["autograde", "ps1"]).workers == 3 == configured_workers()


def test_the_command_line_works_on_the_course_in_the_current_directory(tmp_path):
    (tmp_path / "nbgrader_config.py").write_text("")
    assert cli.course_root(None, here=tmp_path) == tmp_path
    assert cli.course_root(str(tmp_path / "elsewhere"), here=tmp_path) == tmp_path / "elsewhere"


def test_outside_a_course_the_command_line_says_what_to_do(tmp_path):
    with pytest.raises(SystemExit, match="not a course directory.*--course PATH"):
        cli.course_root(None, here=tmp_path)
