"""A class cycle driven in real Chromium (Playwright, Debian's /usr/bin/chromium): what the instructor and
the students of the browser tests do, on a JupyterHub or on one machine's JupyterLab servers.

The key steps go through the pages a person uses (the Formgrader's buttons and grading page, the
Assignments tab's Fetch, Submit and Fetch Feedback, the notebook's Run All and Validate); typing a
whole notebook into CodeMirror is not one of them: answers are saved through the user's own server
(the Jupyter contents API, with the user's cookies), as a save from the editor would.
Every step leaves a screenshot in test-artifacts/<test>/.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from grader.catalogue import load as load_catalogue
from grader.demo import classroom

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
ASSIGNMENT = "ps1_derivatives"
NOTEBOOK = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
# The mistaken student's one catalogued mistake, and the written answer graded by hand.
MISTAKE = next(m for m in load_catalogue(ASSIGNMENT).MISTAKES if m.tag == "dropped-linear-term")
WRITTEN = "central_vs_forward"
TIMEOUT = 120_000  # ms: a JupyterLab's first start on a busy two-core machine

# fetch() from inside the user's page: the user's cookies, and the server's XSRF token as its own pages send it.
_API = """async ([method, url, body]) => {
  const xsrf = decodeURIComponent((document.cookie.match(/(?:^|;\\s*)_xsrf=([^;]*)/) || [])[1] || "");
  const response = await fetch(url, {method, credentials: "same-origin",
      headers: {"X-XSRFToken": xsrf, "Content-Type": "application/json"},
      body: body === null ? undefined : JSON.stringify(body)});
  return {status: response.status, text: await response.text()};
}"""


@dataclass
class Shots:
    folder: Path
    count: int = 0

    @classmethod
    def for_test(cls, name: str) -> Shots:
        folder = ARTIFACTS / name
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.png"):
            old.unlink()
        return cls(folder)

    def take(self, page, what: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{what}.png"
        page.screenshot(path=str(path), full_page=False)
        return path


def api(page, method: str, url: str, body=None) -> tuple[int, str]:
    result = page.evaluate(_API, [method, url, body])
    return result["status"], result["text"]


def api_json(page, method: str, url: str, body=None):
    status, text = api(page, method, url, body)
    assert status < 300, f"{method} {url} answered {status}: {text[:500]}"
    return json.loads(text) if text else None


@dataclass(frozen=True)
class User:
    name: str
    server: str  # the user's server URL, e.g. http://127.0.0.1:8000/user/alice (no trailing slash)

    @property
    def lab(self) -> str:
        return f"{self.server}/lab"

    @property
    def formgrader(self) -> str:
        return f"{self.server}/formgrader"


def answers_for(source_notebook: Path, mistaken: bool) -> dict[str, str]:
    answers = classroom.instructor_answers(classroom.read(source_notebook))
    if mistaken:
        answers[MISTAKE.exercise] = MISTAKE.source
    return answers


# ---------------------------------------------------------------- JupyterLab (both)

def wait_for_lab(page) -> None:
    page.wait_for_selector("#jp-main-dock-panel", timeout=TIMEOUT)
    page.wait_for_selector("text=Nbgrader", timeout=TIMEOUT)


def open_menu_item(page, menu: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{menu}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{item}$")).first.click()


def menu_items(page, menu: str) -> list[str]:
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{menu}$")).click()
    items = page.locator(".lm-Menu-itemLabel").all_inner_texts()
    page.keyboard.press("Escape")
    return [i.strip() for i in items]


def open_assignments(page):
    open_menu_item(page, "Nbgrader", "Assignment List")
    panel = page.locator("#assignment-list, .nbgrader-AssignmentList, [id*=assignment]").first
    page.wait_for_selector("text=Released assignments", timeout=TIMEOUT)
    return panel


# ---------------------------------------------------------------- instructor

def formgrader_row_button(page, icon: str):
    return page.locator(f"tr:has-text('{ASSIGNMENT}') .glyphicon-{icon}").first


def close_modal(page, expect: str) -> str:
    modal = page.locator(".modal.in, .modal.show").first
    modal.wait_for(timeout=TIMEOUT)
    text = modal.inner_text()
    assert expect in text, f"the Formgrader's dialog says {text[:800]!r}, not {expect!r}"
    modal.locator("button", has_text=re.compile("Close|OK", re.I)).first.click()
    page.wait_for_selector(".modal.in, .modal.show", state="detached", timeout=TIMEOUT)
    return text


def instructor_release(page, teacher: User, shots: Shots) -> None:
    page.goto(teacher.formgrader)
    formgrader_row_button(page, "education").wait_for(timeout=TIMEOUT)
    shots.take(page, "formgrader-before-release")
    # Generate puts the assignment's cells in the gradebook (autograde needs them) and rewrites release/.
    formgrader_row_button(page, "education").click()
    close_modal(page, "Successfully created the student version")
    formgrader_row_button(page, "cloud-upload").wait_for(timeout=TIMEOUT)
    formgrader_row_button(page, "cloud-upload").click()
    close_modal(page, "Successfully released")
    page.wait_for_selector(f"tr:has-text('{ASSIGNMENT}') .label:has-text('released')", timeout=TIMEOUT)
    shots.take(page, "formgrader-released")


def instructor_collect(page, teacher: User, shots: Shots, expected: int) -> None:
    page.goto(teacher.formgrader)
    formgrader_row_button(page, "cloud-download").click()
    close_modal(page, "Successfully collected")
    collected = api_json(page, "GET", f"{teacher.formgrader}/api/assignment/{ASSIGNMENT}")["num_submissions"]
    assert collected == expected, f"the Formgrader collected {collected} submissions, not {expected}"
    page.reload()
    page.wait_for_selector(f"tr:has-text('{ASSIGNMENT}') .glyphicon-comment", timeout=TIMEOUT)
    shots.take(page, "formgrader-collected")


def instructor_autograde(page, teacher: User, shots: Shots, students: list[str]) -> None:
    page.goto(f"{teacher.formgrader}/manage_submissions/{ASSIGNMENT}")
    page.wait_for_selector(f"text={students[0]}", timeout=TIMEOUT)
    for student in students:
        # The page's own autograde button posts here; the answer carries nbgrader's log.
        result = api_json(page, "POST", f"{teacher.formgrader}/api/submission/{ASSIGNMENT}/{student}/autograde")
        assert result["success"], f"autograding {student} failed: {result.get('error')}\n{result.get('log')}"
    page.reload()
    page.wait_for_selector("text=needs manual grading", timeout=TIMEOUT)  # the written answers
    shots.take(page, "formgrader-autograded")


def poll(check, page, tries: int = 120) -> bool:
    """check() until it holds, a bounded number of times (half a second apart)."""
    for _ in range(tries):
        if check():
            return True
        page.wait_for_timeout(500)
    return False


def submission_ids(page, teacher: User) -> dict[str, str]:
    rows = api_json(page, "GET", f"{teacher.formgrader}/api/submitted_notebooks/{ASSIGNMENT}/{ASSIGNMENT}")
    return {row["student"]: row["id"] for row in rows}


def instructor_grade_by_hand(page, teacher: User, shots: Shots, scores: dict[str, int]) -> None:
    ids = submission_ids(page, teacher)
    for student, score in scores.items():
        page.goto(f"{teacher.formgrader}/submissions/{ids[student]}/")
        box = page.locator(f"input.score#{WRITTEN}")
        box.wait_for(timeout=TIMEOUT)
        page.wait_for_load_state("networkidle")  # the page fills its inputs from the gradebook once loaded
        box.fill(str(score))
        box.press("Tab")  # the page saves a score when its input changes
        saved = poll(lambda score=score, student=student: any(
            g["name"] == WRITTEN and g["manual_score"] == score
            for g in api_json(page, "GET", f"{teacher.formgrader}/api/grades?submission_id={ids[student]}")), page)
        assert saved, f"the score {score} typed for {student}'s {WRITTEN} was not saved"
        box.scroll_into_view_if_needed()
        shots.take(page, f"formgrader-hand-graded-{student}")


def instructor_feedback(page, teacher: User, shots: Shots) -> None:
    page.goto(teacher.formgrader)
    formgrader_row_button(page, "comment").click()
    close_modal(page, "Successfully generated feedback")
    formgrader_row_button(page, "envelope").click()
    close_modal(page, "Successfully released feedback")
    shots.take(page, "formgrader-feedback-released")


def scores(page, teacher: User) -> dict[str, tuple[float, float]]:
    rows = api_json(page, "GET", f"{teacher.formgrader}/api/submissions/{ASSIGNMENT}")
    return {row["student"]: (row["score"], row["max_score"]) for row in rows}


# ---------------------------------------------------------------- student

def student_fetch(page, student: User, shots: Shots) -> None:
    page.goto(student.lab)
    wait_for_lab(page)
    open_assignments(page)
    fetch = page.locator(f"li:has-text('{ASSIGNMENT}') button:has-text('Fetch'), "
                         f".list_item:has-text('{ASSIGNMENT}') button:has-text('Fetch')").first
    fetch.wait_for(timeout=TIMEOUT)
    shots.take(page, "assignments-released")
    fetch.click()
    page.locator(f".list_item:has-text('{ASSIGNMENT}') button:has-text('Submit')").first.wait_for(timeout=TIMEOUT)
    shots.take(page, "assignments-fetched")


def student_answer(page, student: User, answers: dict[str, str]) -> None:
    model = api_json(page, "GET", f"{student.server}/api/contents/{NOTEBOOK}?content=1")
    nb = classroom.with_answers(nbformat.from_dict(model["content"]), answers)
    api_json(page, "PUT", f"{student.server}/api/contents/{NOTEBOOK}",
             {"type": "notebook", "format": "json", "content": nb})


def render_every_cell(page, student: User) -> None:
    """JupyterLab renders only the cells in view; a person scrolls, the test reads the whole notebook."""
    api_json(page, "PUT", f"{student.server}/lab/api/settings/@jupyterlab/notebook-extension:tracker",
             {"raw": json.dumps({"windowingMode": "none"})})


def student_run_public_test(page, student: User, shots: Shots, expect: str) -> str:
    render_every_cell(page, student)
    page.goto(f"{student.lab}/tree/{NOTEBOOK}")
    wait_for_lab(page)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=TIMEOUT)
    # Run once the kernel is up; a notebook opened before asks first which kernel to start again.
    select = page.locator(".jp-Dialog button:has-text('Select')")
    idle = page.locator(".jp-StatusBar-Item", has_text=re.compile(r"\|\s*Idle"))

    def kernel_ready() -> bool:
        if select.count():
            select.first.click()
        return idle.count() > 0 and not select.count()
    assert poll(kernel_ready, page), f"{student.name}'s kernel did not start"
    open_menu_item(page, "Run", "Run All Cells")
    test_cell = page.locator(".jp-CodeCell", has_text="# Tests poly_derivative")
    output = test_cell.locator(".jp-OutputArea-output")
    output.first.wait_for(timeout=TIMEOUT)
    page.wait_for_function("""(expect) => [...document.querySelectorAll('.jp-CodeCell')].some(
        c => c.innerText.includes('# Tests poly_derivative') && c.innerText.includes(expect))""",
                           arg=expect, timeout=TIMEOUT)
    test_cell.scroll_into_view_if_needed()
    shots.take(page, "public-test-message")
    message = output.first.inner_text()
    # Saved once the run is over (Run All stops at a failing test), as a student does before Validate,
    # which reads the file.
    page.wait_for_function("""() => ![...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
        .some(p => p.innerText.includes('*'))""", timeout=TIMEOUT)
    page.keyboard.press("Control+s")
    page.wait_for_selector(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty", state="detached", timeout=TIMEOUT)
    return message


def student_validate(page, shots: Shots, expect: str) -> str:
    page.locator(".jp-NotebookPanel-toolbar").get_by_text("Validate", exact=True).click()
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for(timeout=TIMEOUT)
    page.wait_for_function("""(expect) => {
        const d = document.querySelector('.jp-Dialog'); return d && d.innerText.includes(expect); }""",
                           arg=expect, timeout=TIMEOUT)
    shots.take(page, "validate")
    text = dialog.inner_text()
    dialog.locator("button").last.click()
    return text


def student_submit(page, student: User, shots: Shots) -> None:
    open_assignments(page)
    submit = page.locator(f".list_item:has-text('{ASSIGNMENT}') button:has-text('Submit')").first
    submit.wait_for(timeout=TIMEOUT)
    submit.click()
    page.wait_for_selector("text=Submitted assignments", timeout=TIMEOUT)
    page.wait_for_selector(f"#submitted_assignments_list .list_item:has-text('{ASSIGNMENT}')", timeout=TIMEOUT)
    shots.take(page, "submitted")


def student_read_feedback(page, student: User, shots: Shots) -> str:
    page.goto(student.lab)
    wait_for_lab(page)
    open_assignments(page)
    fetch = page.locator("button:has-text('Fetch Feedback')").first
    fetch.wait_for(timeout=TIMEOUT)
    fetch.click()
    link = page.locator("a:has-text('view feedback')").first
    link.wait_for(timeout=TIMEOUT)
    shots.take(page, "feedback-fetched")
    # "view feedback" opens the feedback's folder in the file browser; the student opens the page there.
    link.click()
    page.locator(".jp-DirListing-item", has_text=f"{ASSIGNMENT}.html").first.dblclick()
    body = page.frame_locator(".jp-HTMLViewer iframe, .jp-MainAreaWidget iframe").first.locator("body")
    body.locator("text=Score").first.wait_for(timeout=TIMEOUT)
    shots.take(page, "feedback")
    return body.inner_text()
