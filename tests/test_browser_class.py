"""A whole class cycle in real Chromium: on a real JupyterHub (python -m grader hub, real Unix accounts),
and on one machine's JupyterLab servers started as README says.

The instructor releases ps1; two students log in, fetch, answer (one right, one with a catalogued
mistake), run a public test and read its message, Validate and Submit; the instructor collects,
autogrades, grades a written answer by hand and releases feedback; each student reads their own
feedback and score. On the hub, a student can neither open the other's submission nor the
instructor's source/ (pages, exchange, file system) and has no Formgrader.
Screenshots of every step: test-artifacts/<test>/.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from browser_class import (
    ASSIGNMENT,
    MISTAKE,
    NOTEBOOK,
    TIMEOUT,
    Shots,
    User,
    answers_for,
    api,
    instructor_autograde,
    instructor_collect,
    instructor_feedback,
    instructor_grade_by_hand,
    instructor_release,
    menu_items,
    scores,
    student_answer,
    student_fetch,
    student_read_feedback,
    student_run_public_test,
    student_submit,
    student_validate,
    wait_for_lab,
)

from grader.environment_tools import INBOUND_MODE, ROOT_MODE

pytestmark = pytest.mark.pipeline
playwright = pytest.importorskip("playwright.sync_api")

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
SOURCE = REPO / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
TEACHER, RIGHT, WRONG = "c4mteach", "c4malice", "c4mbob"
RECOGNISED = f"Common mistake recognised ({MISTAKE.tag})"


def free_port(span: int = 1) -> int:
    """A port p with p .. p+span-1 free on 127.0.0.1."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port + span < 65000 and all(_free(port + i) for i in range(span)):
            return port
    raise RuntimeError("no free ports on 127.0.0.1")


def _free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def wait_for_http(url: str, process: subprocess.Popen, log: Path, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{process.args} exited with {process.returncode}:\n{log.read_text()[-4000:]}")
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer within {timeout} s:\n{log.read_text()[-4000:]}")


@contextmanager
def started(command: list[str], log: Path, **kwargs):
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, **kwargs)
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture
def chromium():
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT)
    return context.new_page()


def class_cycle(browser, teacher_page, teacher: User, students: dict[str, User], shots: dict[str, Shots],
                log_in) -> dict[str, str]:
    """The cycle both tests share; returns each student's feedback page text."""
    instructor_release(teacher_page, teacher, shots[teacher.name])
    pages, messages = {}, {}
    for name, student in students.items():
        page = pages[name] = new_page(browser)
        log_in(page, student)
        student_fetch(page, student, shots[name])
        student_answer(page, student, answers_for(SOURCE, mistaken=name == WRONG))
        expect = RECOGNISED if name == WRONG else "✓"
        messages[name] = student_run_public_test(page, student, shots[name], expect)
        verdict = student_validate(page, shots[name], "The following cell failed" if name == WRONG else "Success!")
        assert (MISTAKE.tag in verdict) == (name == WRONG), f"{name}'s Validate dialog: {verdict[:600]}"
        student_submit(page, student, shots[name])
    assert "✗ poly_derivative" in messages[WRONG] and MISTAKE.description in messages[WRONG], messages[WRONG]
    assert "✗" not in messages[RIGHT], messages[RIGHT]

    instructor_collect(teacher_page, teacher, shots[teacher.name], expected=len(students))
    instructor_autograde(teacher_page, teacher, shots[teacher.name], list(students))
    instructor_grade_by_hand(teacher_page, teacher, shots[teacher.name], {RIGHT: 2, WRONG: 1})
    instructor_feedback(teacher_page, teacher, shots[teacher.name])
    graded = scores(teacher_page, teacher)
    # One autograded point lost to the mistake, one to the written answer.
    assert graded[RIGHT][0] - graded[WRONG][0] == 2, graded

    feedback = {}
    for name, student in students.items():
        text = feedback[name] = student_read_feedback(pages[name], student, shots[name])
        score, max_score = graded[name]
        assert re.search(rf"Score: {score:g}(\.0+)? / {max_score:g}", text), f"{name}'s feedback: {text[:600]}"
        other = WRONG if name == RIGHT else RIGHT
        assert other not in text, f"{name}'s feedback names {other}"
        assert (MISTAKE.tag in text) == (name == WRONG), f"{name}'s feedback: {text[:1500]}"
        assert "BEGIN HIDDEN TESTS" not in text
    return feedback


def assert_no_formgrader(page, student: User) -> None:
    assert "Formgrader" not in menu_items(page, "Nbgrader"), f"{student.name} has a Formgrader menu item"
    status, _ = api(page, "GET", f"{student.formgrader}/api/assignments")
    assert status in (403, 404), f"{student.name}'s server serves the Formgrader's API ({status})"


# ------------------------------------------------------------------------------------------ JupyterHub

def run_as(user: str, code: str) -> subprocess.CompletedProcess:
    return subprocess.run(["runuser", "-u", user, "--", "/usr/bin/python3", "-c", code],
                          capture_output=True, text=True)


def remove_accounts(names: list[str]) -> None:
    for name in names:
        try:
            uid = pwd.getpwnam(name).pw_uid
        except KeyError:
            continue
        # Servers and kernels the hub started for these test accounts (by their ids).
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if entry.stat().st_uid == uid:
                        os.kill(int(entry.name), signal.SIGKILL)
                except (OSError, ProcessLookupError):
                    pass
        subprocess.run(["userdel", "--remove", name], capture_output=True)
        subprocess.run(["groupdel", name], capture_output=True)


@pytest.fixture
def hub(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("python -m grader hub creates Unix accounts: run as root (CI does)")
    remove_accounts([TEACHER, RIGHT, WRONG])
    # Every account must reach the exchange and the students' settings: not under pytest's 0700 folders.
    shared = Path(tempfile.mkdtemp(prefix="calc4ml-hub-", dir="/tmp"))
    shared.chmod(0o755)
    roster = tmp_path / "roster.csv"
    roster.write_text(f"id,first_name,last_name,email\n{RIGHT},Alice,Right,a@example.org\n"
                      f"{WRONG},Bob,Wrong,b@example.org\n")
    port = free_port(3)
    log = tmp_path / "hub.log"
    command = [PYTHON, "-m", "grader", "hub", "--roster", str(roster), "--instructor", TEACHER, "--port", str(port),
               "--state-dir", str(shared / "state"), "--exchange", str(shared / "exchange"), "--dummy-auth"]
    try:
        with started(command, log, cwd=REPO) as process:
            wait_for_http(f"http://127.0.0.1:{port}/hub/api", process, log, timeout=600)
            yield f"http://127.0.0.1:{port}", shared / "exchange"
    finally:
        print(log.read_text()[-3000:])
        remove_accounts([TEACHER, RIGHT, WRONG])
        shutil.rmtree(shared, ignore_errors=True)


def hub_log_in(base: str):
    def log_in(page, user: User) -> None:
        page.goto(f"{base}/hub/login")
        page.fill("#username_input", user.name)
        page.fill("#password_input", "any")
        page.click("#login_submit")
        wait_for_lab(page)
    return log_in


def test_class_on_jupyterhub(hub, chromium):
    base, exchange = hub
    users = {name: User(name, f"{base}/user/{name}") for name in (TEACHER, RIGHT, WRONG)}
    shots = {name: Shots.for_test(f"hub/{name}") for name in users}
    log_in = hub_log_in(base)
    teacher_page = new_page(chromium)
    log_in(teacher_page, users[TEACHER])
    shots[TEACHER].take(teacher_page, "instructor-lab")

    class_cycle(chromium, teacher_page, users[TEACHER], {n: users[n] for n in (RIGHT, WRONG)}, shots, log_in)

    # What the mistaken student cannot reach. Pages: the instructor's server, the other student's.
    bob = new_page(chromium)
    log_in(bob, users[WRONG])
    assert_no_formgrader(bob, users[WRONG])
    for url in (f"{users[TEACHER].server}/files/{ASSIGNMENT}/../calc4ml/source/{ASSIGNMENT}/{ASSIGNMENT}.ipynb",
                f"{users[TEACHER].formgrader}/manage_assignments", f"{users[RIGHT].server}/api/contents/{NOTEBOOK}"):
        response = bob.goto(url)
        assert response.status in (403, 404) or "/hub/" in bob.url and users[WRONG].name not in url, \
            f"{WRONG} opened {url}: {response.status} at {bob.url}"
        assert "BEGIN SOLUTION" not in bob.content()
    shots[WRONG].take(bob, "denied")
    # The exchange and the file system, as the student's own account.
    course = exchange / "calc4ml"
    inbox = next((course / "inbound" / RIGHT).iterdir())
    attempts = {"list inbound/": f"import os; print(os.listdir({str(course / 'inbound')!r}))",
                f"list {RIGHT}'s inbound folder": f"import os; print(os.listdir({str(course / 'inbound' / RIGHT)!r}))",
                f"read {RIGHT}'s submission": f"print(open({str(inbox / NOTEBOOK.split('/')[1])!r}).read()[:80])",
                "read the instructor's source/": f"print(open('/home/{TEACHER}/calc4ml/source/{NOTEBOOK}').read()[:80])",
                "read the gradebook": f"print(open('/home/{TEACHER}/calc4ml/gradebook.db', 'rb').read()[:16])",
                "write the exchange's root": f"open({str(exchange / 'x')!r}, 'w')"}
    for what, code in attempts.items():
        done = run_as(WRONG, code)
        assert done.returncode != 0 and "PermissionError" in done.stderr, f"{WRONG} could {what}: {done.stdout}"
    # ... while the student's own submission and the released assignment are theirs to reach.
    assert run_as(WRONG, f"import os; print(os.listdir({str(course / 'inbound' / WRONG)!r}))").returncode == 0
    assert run_as(WRONG, f"print(open({str(course / 'outbound' / NOTEBOOK)!r}).read()[:10])").returncode == 0
    home = Path(f"/home/{TEACHER}")
    assert stat.S_IMODE(home.stat().st_mode) & 0o077 == 0, oct(home.stat().st_mode)


# ------------------------------------------------------------------------------------------ one machine

def test_class_on_one_machine(tmp_path, chromium):
    from grader.demo.run import make_throwaway_course

    course = make_throwaway_course(REPO, tmp_path / "work", [ASSIGNMENT])
    assert not (course / "exchange").exists()
    token = "calc4ml-browser-test"
    # As README says: JupyterLab from the course folder, the environment not activated (its bin/ not on PATH).
    bare = {"HOME": str(tmp_path), "PATH": "/usr/local/bin:/usr/bin:/bin", "JUPYTER_TOKEN": token,
            "LANG": "C.UTF-8"}
    ports = {name: free_port() for name in (TEACHER, RIGHT, WRONG)}
    lab = [str(REPO / ".venv" / "bin" / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1",
           f"--port={ports[TEACHER]}"] + (["--allow-root"] if os.geteuid() == 0 else [])
    student = [PYTHON, "-m", "grader", "--course", str(course), "student"]
    root_flag = ["--allow-root"] if os.geteuid() == 0 else []
    with started(lab, tmp_path / "lab.log", cwd=course, env=bare) as teacher_lab, \
            started(student + [RIGHT, "--workspace", str(tmp_path / RIGHT), "--lab", "--port", str(ports[RIGHT])]
                    + root_flag, tmp_path / f"{RIGHT}.log", cwd=REPO, env=bare) as right_lab, \
            started(student + [WRONG, "--workspace", str(tmp_path / WRONG), "--lab", "--port", str(ports[WRONG])]
                    + root_flag, tmp_path / f"{WRONG}.log", cwd=REPO, env=bare) as wrong_lab:
        for name, process in ((TEACHER, teacher_lab), (RIGHT, right_lab), (WRONG, wrong_lab)):
            wait_for_http(f"http://127.0.0.1:{ports[name]}/api", process, tmp_path / ("lab.log" if name == TEACHER
                                                                                      else f"{name}.log"))
        users = {name: User(name, f"http://127.0.0.1:{port}") for name, port in ports.items()}
        shots = {name: Shots.for_test(f"one-machine/{name}") for name in users}

        def log_in(page, user: User) -> None:
            page.goto(f"{user.lab}?token={token}")
            wait_for_lab(page)

        teacher_page = new_page(chromium)
        log_in(teacher_page, users[TEACHER])
        # The exchange was laid out when the Jupyter server read the course's configuration.
        exchange = course / "exchange"
        assert stat.S_IMODE(exchange.stat().st_mode) == ROOT_MODE
        assert stat.S_IMODE((exchange / "calc4ml" / "inbound").stat().st_mode) == INBOUND_MODE
        class_cycle(chromium, teacher_page, users[TEACHER], {n: users[n] for n in (RIGHT, WRONG)}, shots, log_in)
        page = new_page(chromium)
        log_in(page, users[WRONG])
        assert_no_formgrader(page, users[WRONG])
    assert "FileNotFoundError" not in (tmp_path / "lab.log").read_text(), "the Formgrader could not run alembic"
