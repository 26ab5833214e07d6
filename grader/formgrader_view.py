"""What the grader sees: the answer key beside each written answer, and formulas without network.

- **Answer keys.** A written answer's model answer and rubric live in the source notebook, as
  the solution of its manually graded cell (`### BEGIN SOLUTION` ... `### END SOLUTION`), which
  the release replaces by *YOUR ANSWER HERE*. `ShowAnswerKeys` reads them from
  `source/<assignment>/<notebook>.ipynb` when the Formgrader shows a submission, and the
  Formgrader's template (`grader/nbgrader_templates/formgrade/`) puts each beside the student's
  answer. Only the Formgrader's template names this preprocessor (its `conf.json`): feedback and
  the release never run it.
- **Formulas.** In feedback, `markdown2html` (the course's replacement of nbconvert's filter of
  that name) renders `$...$`, `$$...$$` and LaTeX environments as MathML, which browsers draw
  without any script, so feedback HTML shows its formulas offline and anywhere it is opened
  (what latex2mathml cannot translate stays TeX). The Formgrader's pages keep TeX and typeset
  it with the MathJax that jupyter-server-mathjax serves from the Jupyter server itself, as the
  instructor's JupyterLab does: MathJax knows all of a student's LaTeX.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
from jinja2 import pass_context
from latex2mathml.converter import convert as latex_to_mathml
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath
from nbconvert.preprocessors import Preprocessor
from traitlets import Unicode

# Set in a page's resources when the page typesets TeX itself: markdown2html then leaves formulas as TeX.
MATHJAX_TYPESETS = "calc4ml_mathjax_typesets"
SOLUTION_REGION = re.compile(r"^[ \t]*### BEGIN SOLUTION[ \t]*\n(?P<solution>.*?)^[ \t]*### END SOLUTION[ \t]*$",
                             re.M | re.S)


@dataclass(frozen=True)
class AnswerKey:
    """What the grader of one manually graded cell reads beside the student's answer."""

    grade_id: str
    points: float
    cell_type: str  # "markdown" (a written answer) or "code"
    text: str  # the source's solution: the model answer and the rubric


def answer_keys(source_nb) -> dict[str, AnswerKey]:
    """The answer key of every manually graded cell (graded, and written by the student) of a source notebook."""
    keys = {}
    for cell in source_nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not (meta.get("grade") and meta.get("solution")):
            continue
        found = SOLUTION_REGION.search(cell.source)
        # nbgrader replaces a whole cell without delimiters by the stub as well: all of it is the solution
        text = found.group("solution") if found else cell.source
        keys[meta["grade_id"]] = AnswerKey(meta["grade_id"], float(meta.get("points", 0)), cell.cell_type,
                                           text.strip())
    return keys


class ShowAnswerKeys(Preprocessor):
    """Puts the answer keys of the submission's notebook in `resources["answer_keys"]`, by grade id.

    The Formgrader passes `assignment_id` and `notebook_id` in the resources of the submission
    it shows; the source notebook is read then, so an edited rubric shows without a restart.
    It also marks the page as one whose MathJax typesets TeX (`MATHJAX_TYPESETS`).
    """

    source_directory = Unicode("", help="The course's source/ folder").tag(config=True)

    def preprocess(self, nb, resources):
        assignment, notebook = resources.get("assignment_id"), resources.get("notebook_id")
        resources["answer_keys"] = {}
        resources[MATHJAX_TYPESETS] = True  # the Formgrader's page loads MathJax (formgrade/mathjax.html.j2)
        if not (self.source_directory and assignment and notebook):
            return nb, resources
        path = Path(self.source_directory) / assignment / f"{notebook}.ipynb"
        if path.is_file():
            resources["answer_keys"] = answer_keys(nbformat.read(str(path), as_version=4))
        else:
            self.log.warning("No answer keys for %s/%s: %s does not exist", assignment, notebook, path)
        return nb, resources


def tex_to_mathml(tex: str, display: bool) -> str | None:
    """MathML for a TeX formula, or None when latex2mathml cannot translate all of it.

    latex2mathml writes a command it does not know as text (`<mi>\\foo</mi>`) instead of
    failing: such a formula is left to the reader's MathJax, or shown as TeX, not shown wrong.
    """
    try:
        mathml = latex_to_mathml(tex, display="block" if display else "inline")
    except Exception:  # noqa: BLE001 (any input latex2mathml cannot parse; the TeX is shown instead)
        return None
    return None if ">\\" in mathml else mathml


class MathMLRenderer(IPythonRenderer):
    """nbconvert's Markdown renderer, with formulas as MathML where they translate."""

    def inline_math(self, body: str) -> str:
        return tex_to_mathml(body, display=False) or super().inline_math(body)

    def block_math(self, body: str) -> str:
        return tex_to_mathml(body, display=True) or super().block_math(body)

    def latex_environment(self, name: str, body: str) -> str:
        tex = f"\\begin{{{name}}}{body}\\end{{{name}}}"
        return tex_to_mathml(tex, display=True) or super().latex_environment(name, body)


@pass_context
def markdown2html(context, source: str) -> str:
    """nbconvert's `markdown2html` (a cell's attachments and relative images included), formulas as MathML
    unless the page typesets TeX itself."""
    cell = context.get("cell", {})
    resources = context.get("resources", {})
    renderer_class = IPythonRenderer if resources.get(MATHJAX_TYPESETS) else MathMLRenderer
    renderer = renderer_class(escape=False, attachments=cell.get("attachments", {}),
                              path=resources.get("metadata", {}).get("path", ""))
    return MarkdownWithMath(renderer=renderer).render(source)

