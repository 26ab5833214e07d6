"""Links and special files in the submission folder: a classmate's notebook, the gradebook, the source, devices.

nbgrader's own copy follows a symbolic link with the grader's rights, so each of
these would put in the kernel's folder, as a regular file, what the student must
not read (or fill the disk, or hang the copy). The answer cell looks for what the
link leads to and prints BREACH if it finds it; the rest of the submission must
be graded as usual, and a submission whose notebook is a link is not graded.
"""

from __future__ import annotations

import os
from pathlib import Path

from attacks.support import ASSIGNMENT, EXEC_SOLUTIONS, Attack, code

NOTEBOOK = f"{ASSIGNMENT}.ipynb"

# Reads every file of the kernel's folder: notebooks are exec'd for their answers, databases queried.
LOOK_AROUND = code(EXEC_SOLUTIONS) + code('''
    import json, os, sqlite3
    for _root, _dirs, _names in os.walk(".", followlinks=True):
        for _name in _names:
            _path = os.path.join(_root, _name)
            if _name.endswith((".ipynb",)) and os.path.normpath(_path) == "ps1_derivatives.ipynb":
                continue
            if os.path.normpath(_path) == "timestamp.txt":  # the submission's own, as nbgrader collects it
                continue
            try:
                with open(_path, "rb") as _file:
                    _head = _file.read(1 << 16)
            except Exception as _error:
                print("could not read", _path, type(_error).__name__)
                continue
            print("BREACH a file the student did not write is readable:", _path, len(_head), "bytes")
            try:
                _taken = _take_answers(json.loads(_head.decode()))
                print("BREACH took", _taken, "from", _path)
            except Exception:
                pass
            try:
                _rows = sqlite3.connect(f"file:{_path}?mode=ro", uri=True).execute("SELECT count(*) FROM grade").fetchone()
                print("BREACH read the gradebook through", _path, _rows)
            except Exception:
                pass
    ''')


def _symlink(name: str, target) -> callable:
    def prepare(folder: Path) -> None:
        (folder / name).unlink(missing_ok=True)
        (folder / name).symlink_to(target(folder) if callable(target) else target)
    return prepare


def _course(folder: Path) -> Path:
    return folder.parents[2]  # <course>/submitted/<student>/<assignment>


def _fifo(folder: Path) -> None:
    os.mkfifo(folder / "pipe")


def _hard_link_to_source(folder: Path) -> None:
    os.link(_course(folder) / "source" / ASSIGNMENT / NOTEBOOK, folder / "answers.txt")


def attacks(course: str, bystander: str) -> list[Attack]:
    classmate = lambda folder: _course(folder) / "submitted" / bystander / ASSIGNMENT / NOTEBOOK  # noqa: E731
    reading = {"poly_derivative": LOOK_AROUND + "def poly_derivative(x):\n    return 0 * x\n"}
    return [
        Attack("link_to_classmate", "friend.txt is a symbolic link to a classmate's submitted notebook", reading,
               honest=frozenset({"d_product"}), prepare=_symlink("friend.txt", classmate)),
        Attack("link_to_gradebook", "grades.db is a symbolic link to the course's gradebook", reading,
               honest=frozenset({"d_product"}), prepare=_symlink("grades.db", lambda f: _course(f) / "gradebook.db")),
        Attack("link_to_source_folder", "src is a symbolic link to the course's source/ folder", reading,
               honest=frozenset({"d_product"}), prepare=_symlink("src", lambda f: _course(f) / "source")),
        Attack("link_to_devices", "zeros and environ link to /dev/zero and /proc/self/environ (the grader's)", reading,
               honest=frozenset({"d_product"}),
               prepare=lambda f: (_symlink("zeros", "/dev/zero")(f), _symlink("environ", "/proc/self/environ")(f))),
        Attack("named_pipe", "a named pipe beside the notebook (a copy would wait on it for ever)", reading,
               honest=frozenset({"d_product", "sigmoid_prime"}), prepare=_fifo),
        Attack("hard_link_to_source", "answers.txt is a hard link to the instructor's source notebook", reading,
               honest=frozenset({"d_product"}), prepare=_hard_link_to_source),
        Attack("notebook_is_a_link", "the notebook itself is a symbolic link to a classmate's", {},
               prepare=_symlink(NOTEBOOK, classmate), refused=True),
    ]
