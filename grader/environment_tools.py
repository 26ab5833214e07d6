"""What a Jupyter server or an nbgrader command needs of this machine before the course can run in it.

nbgrader_config.py calls these, so that `jupyter lab` started without an
activated environment gives a working Formgrader, and the first release finds
an exchange with safe permissions. `python -m grader hub` and `python -m grader
student` lay out the same exchange for other accounts.
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

# The exchange's folders and their modes (nbgrader's own defaults, except that the
# root and the course folder are not world-writable and inbound is not writable
# by students: each student submits into a folder of their own, inbound/<student>/).
ROOT_MODE = 0o755
COURSE_MODE = 0o755
OUTBOUND_MODE = 0o755
# Traversable, not listable: a student reaches their own folder and sees no other.
INBOUND_MODE = 0o711
# Not listable; nbgrader names each feedback file by a hash of the submission.
FEEDBACK_MODE = 0o711
# A student's own inbound folder: the student writes it; the instructor's group reads it
# (setgid, so what the student puts there belongs to that group); nobody else enters it.
INBOX_MODE = 0o2750
# On one machine, the instructor and the students are one account.
OWN_INBOX_MODE = 0o700


def put_environment_tools_on_path(environ=os.environ) -> None:
    """Put the folder of this interpreter's commands first on PATH.

    nbgrader runs the `alembic` command when it creates or upgrades a gradebook; it
    lives beside the interpreter, which is not on PATH when `.venv/bin/jupyter lab` or
    `.venv/bin/python` is run without activating the environment.
    """
    tools = str(Path(sys.executable).parent)
    if tools not in environ.get("PATH", "").split(os.pathsep):
        environ["PATH"] = tools + os.pathsep + environ.get("PATH", "")


@dataclass(frozen=True)
class ExchangeLayout:
    root: Path
    course_id: str

    @property
    def course(self) -> Path:
        return self.root / self.course_id

    @property
    def outbound(self) -> Path:
        return self.course / "outbound"

    @property
    def inbound(self) -> Path:
        return self.course / "inbound"

    @property
    def feedback(self) -> Path:
        return self.course / "feedback"

    def inbox(self, student: str) -> Path:
        return self.inbound / student

    def folders(self) -> list[tuple[Path, int]]:
        """Every folder the instructor's account owns, with its mode (the root excepted)."""
        return [(self.course, COURSE_MODE), (self.outbound, OUTBOUND_MODE),
                (self.inbound, INBOUND_MODE), (self.feedback, FEEDBACK_MODE)]


def _make(path: Path, mode: int, uid: int = -1, gid: int = -1) -> None:
    if not path.is_dir():
        path.mkdir()
        if uid != -1 or gid != -1:
            os.chown(path, uid, gid)
        # mkdir's mode is filtered by the umask, and setgid needs chmod anyway.
        path.chmod(mode)


def prepare_exchange(layout: ExchangeLayout, uid: int = -1, gid: int = -1) -> None:
    """Create what is missing of the exchange, owned by uid:gid (default: this account).

    Folders that exist are left as they are: an exchange a hub administrator laid out
    is not this account's to change.
    """
    if not layout.root.is_dir():
        layout.root.mkdir(parents=True)
        layout.root.chmod(ROOT_MODE)
    for path, mode in layout.folders():
        _make(path, mode, uid, gid)


def prepare_exchange_quietly(layout: ExchangeLayout) -> None:
    """prepare_exchange where it can be done; nothing where it cannot (a read-only or
    foreign exchange, a grading worker): the release then says what is wrong."""
    try:
        prepare_exchange(layout)
    except OSError:
        pass


def add_inbox(layout: ExchangeLayout, student: str, uid: int = -1, gid: int = -1) -> Path:
    """The student's own folder of inbound/, where their submissions go.

    With uid (the student's) and gid (the instructor's group): INBOX_MODE; on one
    machine, one account: OWN_INBOX_MODE.
    """
    if not student or "/" in student or "+" in student or student.startswith("."):
        raise ValueError(f"{student!r} cannot be a student id: it must be a plain name without '/' or '+'")
    inbox = layout.inbox(student)
    _make(inbox, INBOX_MODE if uid != -1 else OWN_INBOX_MODE, uid, gid)
    return inbox


def world_unreadable(path: Path) -> bool:
    """Nobody but the owner and the group can list or enter path."""
    return stat.S_IMODE(path.stat().st_mode) & 0o007 == 0
