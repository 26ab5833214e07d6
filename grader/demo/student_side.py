"""What a student's JupyterLab does through nbgrader's exchange: fetch and submit.

Run in-process with the exchange classes the course configures (nbgrader's, with
a private inbound folder per student), one simulated home folder per student, so a
class of students costs no extra `nbgrader` processes.
"""

from __future__ import annotations

import copy
from pathlib import Path

from nbgrader.auth import Authenticator
from nbgrader.coursedir import CourseDirectory
from nbgrader.exchange import ExchangeError, ExchangeFactory
from traitlets.config import Config

from grader.pipeline import PipelineError


def _run(step: str, config: Config, home: Path, student: str, assignment: str) -> None:
    config = copy.deepcopy(config)  # Config(config) would share its sections: the student would leak back
    config.merge(Config({
        "Exchange": {"assignment_dir": str(home), "cache": str(home / ".nbgrader_cache")},
        "CourseDirectory": {"assignment_id": assignment, "student_id": student},
    }))
    coursedir = CourseDirectory(config=config)
    exchange = getattr(ExchangeFactory(config=config), step)(coursedir=coursedir, config=config,
                                                             authenticator=Authenticator(config=config))
    try:
        exchange.start()
    except ExchangeError as error:
        raise PipelineError(f"{step} for {student}, {assignment}: {error}") from error


def fetch(config: Config, home: Path, student: str, assignment: str) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    _run("FetchAssignment", config, home, student, assignment)
    return home / assignment


def submit(config: Config, home: Path, student: str, assignment: str) -> None:
    _run("Submit", config, home, student, assignment)
