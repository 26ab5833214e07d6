"""Where a course is, and nbgrader set up on it.

The one place the course's configuration is read and an `NbGraderAPI` is made
from it: the instructor's pipeline, the coordinator of an autograde run and a
grading task's scratch course all go through `nbgrader_api`. `CoursePlaces` is
what the coordinator needs of a course (where it is, its gradebook, its
configuration and nbgrader's idea of its folders), as a value: the coordinator
does not need the pipeline that made it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader


def load_config(course_root: Path, overrides: Config | None = None) -> Config:
    """The course's nbgrader_config.py, with `overrides` merged over it."""
    config = PyFileConfigLoader("nbgrader_config.py", path=str(course_root)).load_config()
    if overrides is not None:
        config.merge(overrides)
    return config


def nbgrader_api(config: Config) -> NbGraderAPI:
    api = NbGraderAPI(config=config)
    # nbgrader logs every step at INFO and its converters' chatter at WARNING; the course
    # reports per student itself, and nbgrader's own errors come back in each result.
    api.log.setLevel(logging.ERROR)
    return api


@dataclass(frozen=True)
class CoursePlaces:
    root: Path
    config: Config
    coursedir: CourseDirectory

    @property
    def db_url(self) -> str:
        return self.coursedir.db_url

    def folder(self, step: str, student: str, assignment: str) -> Path:
        """nbgrader's folder of one student's assignment at a step (`submitted`, `autograded`, ...)."""
        return Path(self.coursedir.format_path(step, student, assignment))
