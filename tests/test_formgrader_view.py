"""What the grader sees: answer keys beside written answers, formulas with no network, wrapped
feedback, and an autograde log an instructor can read (grader/formgrader_view.py,
grader/nbgrader_templates/, grader/nbgrader_plugins/before_autograde.py).

The pure parts are tested directly; the browser test starts a real Jupyter server with the
Formgrader on a throwaway course and drives Debian's chromium with Playwright: it autogrades a
submission with the Formgrader's button, reads the dialog's log, opens the submission and then
the student's feedback HTML. Screenshots go to test-artifacts/formgrader_view/.
"""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from paths import ASSIGNMENTS, REPO

from grader.formgrader_view import MATHJAX_TYPESETS, ShowAnswerKeys, answer_keys, markdown2html, tex_to_mathml
from grader.nbgrader_plugins.before_autograde import show_the_level_handlers_show
from grader.nbgrader_plugins.judge_evidence import outcome_of_tests

ARTIFACTS = REPO / "test-artifacts" / "formgrader_view"


def notebook(kind: str, assignment: str):
    return nbformat.read(str(REPO / kind / assignment / f"{assignment}.ipynb"), as_version=4)


def key_sentences(text: str) -> list[str]:
    """The distinctive lines of an answer key: any of them in a notebook gives the key away."""
    return [line.strip() for line in text.splitlines() if len(line.strip()) >= 40]


def keys_given_away(nb, keys) -> list[str]:
    text = "\n".join(cell.source for cell in nb.cells)
    return [f"{key.grade_id}: {sentence[:60]}..." for key in keys.values()
            for sentence in key_sentences(key.text) if sentence in text]


# --- answer keys ------------------------------------------------------------------------------

@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_written_answer_has_its_model_answer_and_rubric_as_key(assignment):
    source = notebook("source", assignment)
    written = [cell.metadata.nbgrader["grade_id"] for cell in source.cells
               if cell.cell_type == "markdown" and cell.metadata.get("nbgrader", {}).get("grade")]
    keys = answer_keys(source)
    assert written and sorted(keys) == sorted(written)
    for key in keys.values():
        assert key.cell_type == "markdown" and key.points > 0
        assert "**Model answer.**" in key.text and "**Rubric" in key.text, f"{assignment}/{key.grade_id}: {key.text[:80]}"
        assert "SOLUTION" not in key.text, f"{assignment}/{key.grade_id}: the delimiters are not part of the key"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_release_never_contains_an_answer_key(assignment):
    keys = answer_keys(notebook("source", assignment))
    assert all(key_sentences(key.text) for key in keys.values())
    # the same search finds every key in the source notebook, so an empty result below means something
    assert len(keys_given_away(notebook("source", assignment), keys)) == sum(len(key_sentences(k.text)) for k in keys.values())
    assert keys_given_away(notebook("release", assignment), keys) == []
    assert "**Rubric" not in "\n".join(cell.source for cell in notebook("release", assignment).cells)


def test_an_answer_key_is_the_solution_only_and_code_keys_keep_their_type():
    cells = [nbformat.v4.new_markdown_cell("Intro $x$"),
             nbformat.v4.new_markdown_cell("### BEGIN SOLUTION\n**Model answer.** yes\n### END SOLUTION"),
             nbformat.v4.new_code_cell("def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION"),
             nbformat.v4.new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION")]
    cells[1].metadata.nbgrader = {"grade": True, "solution": True, "grade_id": "why", "points": 2}
    cells[2].metadata.nbgrader = {"grade": True, "solution": True, "grade_id": "f", "points": 1}
    cells[3].metadata.nbgrader = {"grade": False, "solution": True, "grade_id": "autograded_answer"}
    keys = answer_keys(nbformat.v4.new_notebook(cells=cells))
    assert sorted(keys) == ["f", "why"]  # an answer without points of its own is graded by its tests
    assert keys["why"].text == "**Model answer.** yes" and keys["why"].points == 2.0
    assert keys["f"].cell_type == "code" and keys["f"].text == "return 1"


def test_the_formgrader_reads_the_keys_of_the_submissions_notebook_from_source():
    shown = ShowAnswerKeys(source_directory=str(REPO / "source"))
    _, resources = shown.preprocess(None, {"assignment_id": "ps2_partials", "notebook_id": "ps2_partials"})
    assert list(resources["answer_keys"]) == ["gradient_arrows"] and resources[MATHJAX_TYPESETS]
    _, resources = shown.preprocess(None, {"assignment_id": "ps2_partials", "notebook_id": "renamed"})
    assert resources["answer_keys"] == {}  # a notebook the source does not have: no key, and the page still shows


# --- formulas ---------------------------------------------------------------------------------

def test_tex_becomes_mathml_or_stays_tex():
    assert tex_to_mathml(r"\frac{h^2}{2} f''(x)", display=False).startswith("<math")
    assert 'display="block"' in tex_to_mathml(r"\sum_i x_i", display=True)
    assert tex_to_mathml(r"\undefinedcommand{x}", display=False) is None  # latex2mathml would write it as text
    assert tex_to_mathml(r"\frac{1}{", display=False) is None


def visible_text(html: str) -> str:
    """The text of rendered Markdown outside code and formulas."""
    return re.sub(r"<(code|pre|math)\b.*?</\1>|<[^>]+>", " ", html, flags=re.S)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_formula_of_the_course_renders_as_mathml(assignment):
    rendered = [markdown2html({"cell": cell, "resources": {}}, cell.source)
                for cell in notebook("source", assignment).cells if cell.cell_type == "markdown"]
    assert sum(html.count("<math") for html in rendered) > 20
    left_as_tex = [html for html in rendered if "$" in visible_text(html)]
    assert left_as_tex == [], f"{assignment}: formulas left as TeX: {left_as_tex[0][:300]}"


def test_pages_that_typeset_tex_keep_it_and_code_is_left_alone():
    source = "The slope $f'(x)$, and `cost = \"$5\"`."
    mathml = markdown2html({"resources": {}}, source)
    assert "<math" in mathml and "$f'(x)$" not in mathml and "$5" in mathml
    tex = markdown2html({"resources": {MATHJAX_TYPESETS: True}}, source)
    assert "<math" not in tex and "$f'(x)$" in tex


# --- the autograde log ------------------------------------------------------------------------

def logger_with(level: int, *handler_levels: int) -> logging.Logger:
    log = logging.getLogger(f"test_formgrader_view.{level}.{handler_levels}")
    log.setLevel(level)
    log.handlers = []
    for handler_level in handler_levels:
        handler = logging.NullHandler()
        handler.setLevel(handler_level)
        log.addHandler(handler)
    return log


def test_the_log_is_set_to_the_level_its_handlers_show():
    # a Jupyter server: its logger at DEBUG, its console at INFO, nbgrader's capture with no level
    log = logger_with(logging.DEBUG, logging.INFO, logging.NOTSET)
    show_the_level_handlers_show(log)
    assert log.level == logging.INFO
    started_with_debug = logger_with(logging.DEBUG, logging.DEBUG, logging.NOTSET)
    show_the_level_handlers_show(started_with_debug)
    assert started_with_debug.level == logging.DEBUG
    quieter = logger_with(logging.ERROR, logging.INFO)  # python -m grader keeps nbgrader's log at ERROR
    show_the_level_handlers_show(quieter)
    assert quieter.level == logging.ERROR


def test_a_notebooks_outcome_names_each_test_not_passed():
    passed = [nbformat.v4.new_output("stream", name="stdout", text="✓ ok\n")]
    failed = [nbformat.v4.new_output("error", ename="Failed", evalue="x",
                                     traceback=["✗ poly_derivative: incorrect [dropped-exponent]", "more"])]
    assert outcome_of_tests([("test_a", passed), ("test_b", passed)]) == "2 of 2 tests passed"
    assert outcome_of_tests([("test_a", passed), ("test_poly_derivative", failed)]) == (
        "1 of 2 tests passed; not passed: test_poly_derivative (✗ poly_derivative: incorrect [dropped-exponent])")


# --- in a real Formgrader and a real browser --------------------------------------------------

ASSIGNMENT = "ps1_derivatives"
STUDENT = "ada"
EDITED = "test_d_trig"
WRITTEN = ("The forward difference has error $O(h)$, since $f(x+h) = f(x) + h f'(x) + \\frac{h^2}{2} f''(x) + \\dots$; "
           "in the central difference the $h f''$ terms cancel, so its error is $O(h^2)$.")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def formgrader(tmp_path_factory, gradebooks):
    """A throwaway course with one submission, and a Jupyter server with the Formgrader on it."""
    from course_builder import make_course, place_submission, source_notebook

    from grader.demo import classroom

    tmp = tmp_path_factory.mktemp("formgrader_view")
    course = make_course(tmp, [ASSIGNMENT], gradebooks)
    course.add_student(STUDENT, "Ada", "Lovelace", "ada@example.edu")
    answers = classroom.instructor_answers(source_notebook(course, ASSIGNMENT))
    answers["central_vs_forward"] = WRITTEN
    answers["poly_derivative"] = "def poly_derivative(x):\n    return 2 * x"
    place_submission(course, ASSIGNMENT, STUDENT, answers)
    # and a locked cell edited: the one change of a locked cell nbgrader should warn about
    path = course.root / "submitted" / STUDENT / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    edited = next(cell for cell in nb.cells if cell.metadata.get("nbgrader", {}).get("grade_id") == EDITED)
    edited.source += "\n# I was here"
    nbformat.write(nb, str(path))

    port = free_port()
    config_dir = tmp / "jupyter-config"  # nobody's own Jupyter configuration
    config_dir.mkdir()
    # nbgrader runs `alembic` from PATH when it opens the gradebook
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(config_dir),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    command = [str(Path(sys.executable).parent / "jupyter"), "server", "--no-browser", f"--port={port}",
               "--ServerApp.ip=127.0.0.1", "--ServerApp.token=", "--ServerApp.password=",
               f"--ServerApp.root_dir={course.root}"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = open(tmp / "server.log", "w")
    server = subprocess.Popen(command, cwd=course.root, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status", timeout=2)
                break
            except OSError:
                assert server.poll() is None, (tmp / "server.log").read_text()[-3000:]
                time.sleep(0.5)
        yield course, url
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True)
        yield chromium
        chromium.close()


def page_recording_requests(browser, width: int, height: int = 900):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    return page


def off_machine(requests: list[str]) -> list[str]:
    return [url for url in requests if not re.match(r"(https?://127\.0\.0\.1[:/]|file:|data:|about:)", url)]


@pytest.fixture(scope="module")
def autograded(formgrader, browser):
    """The submission autograded with the Formgrader's button; the text of the dialog's log."""
    course, url = formgrader
    page = page_recording_requests(browser, 1400)
    page.goto(f"{url}/formgrader/manage_submissions/{ASSIGNMENT}")
    page.locator("tr", has_text=STUDENT).locator("td.autograde a").click()
    dialog = page.locator("#success-modal, #error-modal")
    dialog.wait_for(timeout=300_000)
    page.screenshot(path=str(ARTIFACTS / "1-autograde-dialog.png"))
    text = dialog.inner_text()
    page.close()
    return text


@pytest.mark.pipeline
@pytest.mark.xdist_group("test_formgrader_view")  # one worker builds the course and server once
def test_the_autograde_dialog_shows_the_students_result_and_no_debug_output(autograded):
    assert "Successfully autograded" in autograded, autograded[:3000]
    outcome = re.search(rf"\[INFO\] {STUDENT}/{ASSIGNMENT}: (\d+) of (\d+) tests passed; not passed: (.*)", autograded)
    assert outcome, autograded[:3000]
    assert int(outcome[1]) == int(outcome[2]) - 1
    assert outcome[3] == "test_poly_derivative (✗ poly_derivative: incorrect)"
    assert "[DEBUG]" not in autograded, "the dialog shows DEBUG output:\n" + autograded[:3000]
    # of the locked cells, only the one the student edited is warned about (the others lack only their hidden tests)
    changed = re.findall(r"\[WARNING\] Attribute 'checksum' for cell (\S+) has changed", autograded)
    assert changed == [EDITED], autograded[:3000]
    assert "Executing cell" not in autograded and "msg_type" not in autograded


@pytest.mark.pipeline
@pytest.mark.xdist_group("test_formgrader_view")  # one worker builds the course and server once
def test_the_formgrader_shows_the_answer_key_beside_the_written_answer_with_formulas_typeset(formgrader, browser,
                                                                                          autograded):
    course, url = formgrader
    page = page_recording_requests(browser, 1400)
    with urllib.request.urlopen(f"{url}/formgrader/api/submitted_notebooks/{ASSIGNMENT}/{ASSIGNMENT}") as response:
        (submission,) = json.load(response)
    # the page fetches its grades, then focuses the first score box: screenshots after that
    page.goto(f"{url}/formgrader/submissions/{submission['id']}/", wait_until="networkidle")
    page.wait_for_function("() => window.MathJax && MathJax.Hub && MathJax.Hub.queue.pending === 0"
                           " && document.querySelectorAll('.MathJax').length > 0", timeout=60_000)

    key = page.locator('.calc4ml-answer-key[data-grade-id="central_vs_forward"]')
    beside = page.locator(".calc4ml-beside", has=key)
    answer = beside.locator(".calc4ml-student")
    beside.screenshot(path=str(ARTIFACTS / "2-formgrader-answer-key.png"))
    assert "Model answer." in key.inner_text() and "Rubric (2 points)." in key.inner_text()
    assert "The forward difference has error" in answer.inner_text()
    assert "Model answer" not in answer.inner_text()
    side_by_side = answer.bounding_box()["x"] + answer.bounding_box()["width"] <= key.bounding_box()["x"]
    assert side_by_side, f"the key is not beside the answer: {answer.bounding_box()} {key.bounding_box()}"
    # formulas typeset by the MathJax the Jupyter server serves, none left as TeX, nothing fetched elsewhere
    for part in (answer, key):
        assert part.locator(".MathJax").count() >= 3
        assert "$" not in part.inner_text(), part.inner_text()[:500]
    assert any("/static/jupyter_server_mathjax/MathJax.js" in request for request in page.requests)
    assert off_machine(page.requests) == []
    # only manually graded cells have a key
    assert page.locator(".calc4ml-answer-key").count() == len(answer_keys(notebook("source", ASSIGNMENT)))
    page.close()


@pytest.mark.pipeline
@pytest.mark.xdist_group("test_formgrader_view")  # one worker builds the course and server once
def test_feedback_wraps_long_messages_and_shows_formulas_as_mathml(formgrader, browser, autograded):
    course, _ = formgrader
    result = course.api.generate_feedback(ASSIGNMENT, STUDENT)  # what the Formgrader's feedback button runs
    assert result["success"], result.get("error")
    html = course.root / "feedback" / STUDENT / ASSIGNMENT / f"{ASSIGNMENT}.html"
    assert "cdnjs" not in html.read_text() and "MathJax.js" not in html.read_text()

    page = page_recording_requests(browser, 560)  # a phone's width: the failure message is wider
    page.goto(html.as_uri())
    # the first failing check's message: a hidden probe's, which describes its point without giving it
    message = page.locator("pre", has_text=re.compile(r"poly_derivative\(x [^)]{1,20}\)` returned")).first
    message.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "3-feedback-wrapped.png"))
    viewport = page.viewport_size["width"]
    overflowing = page.evaluate("""() => Array.from(document.querySelectorAll('pre'))
        .filter(pre => pre.scrollWidth > pre.clientWidth + 1 || pre.getBoundingClientRect().right > window.innerWidth)
        .map(pre => pre.textContent.slice(0, 80))""")
    assert overflowing == []
    assert message.bounding_box()["x"] + message.bounding_box()["width"] <= viewport
    assert message.bounding_box()["height"] > 40, "the message should take several lines"

    written = page.locator(".text_cell_render", has_text="The forward difference has error")
    assert written.locator("math").count() == 4
    assert "$" not in written.inner_text()
    assert page.locator("math").count() > 50
    assert off_machine(page.requests) == []
    written.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "4-feedback-formulas.png"))

    # without the course's style the same message runs off the page: the style is what wraps it
    page.evaluate("() => document.getElementById('calc4ml-wrap').remove()")
    assert page.evaluate("""(text) => Array.from(document.querySelectorAll('pre'))
        .some(pre => pre.textContent.includes(text) && pre.scrollWidth > pre.clientWidth + 1)""",
                         "` returned a value that is ")
    page.close()
