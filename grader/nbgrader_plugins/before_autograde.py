"""nbgrader's `Autograde.pre_convert_hook`: what must hold before nbgrader touches a submission.

It is the only step of plain `nbgrader autograde` (and of the Formgrader's
Autograde button) that runs before nbgrader copies the submission's files, and
nbgrader copies by following links: a symbolic link to a classmate's notebook
or to the gradebook becomes, in autograded/, a regular file with their content
in the kernel's reach, and a link to /dev/zero fills the disk. So, per submission:

1. the preflight (`grader.preflight`): the first call runs one kernel as grading
   does, the others reuse its verdict; a failure ends the run before anyone is graded;
2. the log shows what an instructor reads, at the level its handlers show
   (`show_the_level_handlers_show`), not every kernel message;
3. every entry of the submission folder that is not a regular file of its own
   (`grader.submission_screening.list_files`: symbolic links, hard links, named
   pipes, sockets, devices) is moved, as it is, into `.<assignment>.set-aside/`
   beside the folder, where nbgrader never looks, and named in the log. Nothing is
   followed or deleted. A notebook set aside is not graded.

`python -m grader autograde` screens submissions itself and sends its grading
tasks regular files only, so there the second step finds nothing to do.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from traitlets.log import get_logger

from grader.preflight import require_working_environment
from grader.submission_screening import list_files


def set_aside_folder(folder: Path) -> Path:
    return folder.parent / f".{folder.name}.set-aside"


def set_aside_unsafe_entries(folder: Path) -> list[str]:
    """Move what is not a regular file out of `folder`; a sentence for each entry moved."""
    student, assignment = folder.parent.name, folder.name
    _, dropped = list_files(folder, notebooks=[f"{assignment}.ipynb"])
    moved = []
    for entry in dropped:
        destination = set_aside_folder(folder) / entry.path
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(folder / entry.path, destination)  # moves the link or pipe itself, never what it points to
        moved.append(entry.sentence(student, assignment).replace("left out of grading",
                                                                 f"set aside in {destination.parent}"))
    return moved


def show_the_level_handlers_show(log: logging.Logger) -> None:
    """Sets `log` to the lowest level any of its handlers shows, when it is lower.

    Jupyter applications keep their logger at DEBUG and filter in their handlers (INFO, or DEBUG
    when started with --debug). nbgrader's capture of an autograde's log for the Formgrader's
    dialog is a handler with no level, so it showed every kernel message (each cell's code, outputs
    with base64 images: some 750 lines a submission). The Formgrader sets the logger's level again
    for its next request.
    """
    shown = [handler.level for handler in log.handlers if handler.level > logging.NOTSET]
    if shown and log.level < min(shown):
        log.setLevel(min(shown))


def _course_config():
    from traitlets.config import Application

    if not Application.initialized():
        return None
    app = Application.instance()
    while getattr(app, "subapp", None) is not None:
        app = app.subapp
    return app.config


def before_each_submission(assignment: str, student: str, notebooks: list[str], **_more) -> None:
    log = get_logger()
    if isinstance(log, logging.Logger):  # traitlets gives the application's logger, or an adapter of it
        show_the_level_handlers_show(log)
    config = _course_config()
    if config is not None:
        require_working_environment(config)
    if not notebooks:
        return
    folder = Path(notebooks[0]).parent
    for sentence in set_aside_unsafe_entries(folder):
        log.warning(sentence)
    # nbgrader's list of the notebooks to grade is this very list: one set aside is not graded.
    notebooks[:] = [path for path in notebooks if Path(path).is_file() and not Path(path).is_symlink()]
