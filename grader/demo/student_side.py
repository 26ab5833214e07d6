"""What a student's JupyterLab does through nbgrader's exchange: fetch and submit.

Run in-process with nbgrader's own exchange classes, one simulated home folder
per student, so a class of students costs no extra `nbgrader` processes.
"""

from __future__ import annotations

from pathlib import Path

from nbgrader.auth import Authenticator
from nbgrader.coursedir import CourseDirectory
from nbgrader.exchange import ExchangeError
from nbgrader.exchange.default import ExchangeFetchAssignment, ExchangeSubmit
from traitlets.config import Config

from grader.pipeline import PipelineError


def _run(exchange_class, config: Config, home: Path, student: str, assignment: str) -> None:
    config = Config(config)
    config.merge(Config({
        "Exchange": {"assignment_dir": str(home), "cache": str(home / ".nbgrader_cache")},
        "CourseDirectory": {"assignment_id": assignment, "student_id": student},
    }))
    coursedir = CourseDirectory(config=config)
    step = exchange_class(coursedir=coursedir, authenticator=Authenticator(config=config), config=config)
    try:
        step.start()
    except ExchangeError as error:
        raise PipelineError(f"{exchange_class.__name__} for {student}, {assignment}: {error}") from error


def fetch(config: Config, home: Path, student: str, assignment: str) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    _run(ExchangeFetchAssignment, config, home, student, assignment)
    return home / assignment


def submit(config: Config, home: Path, student: str, assignment: str) -> None:
    _run(ExchangeSubmit, config, home, student, assignment)
