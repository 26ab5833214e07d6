"""Before any student is graded: one kernel, started exactly as grading starts one, must answer one request.

A fault of the grader's own environment (bubblewrap missing or refused, NumPy,
SymPy or the course's package unimportable in the kernel, a kernel that does
not start) would otherwise cost every student every test ("no evidence came
back") while the run reports success. The preflight meets it once, before
anyone is graded, and the run is refused with what is wrong and how to fix it.

It runs the real path: the course's configured `ConfinedExecute` (so its
kernel manager, sandbox, limits and kernel arguments), a planned request, the
evidence decoded and judged in this process.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook
from traitlets.config import Config

from grader import grading_process, sandbox
from grader.grading_plan import kernel_source, plan_notebook

SETUP = ("import numpy as np\nimport sympy as sp\n"
         "from grader.checks import check_derivative\nx = sp.symbols('x', real=True)\n")
ANSWER = "def preflight_slope(x):\n    return 2 * x\n"
TEST = "check_derivative('preflight_slope', preflight_slope, x**2, x, [0.5, np.array([-1.0, 3.0])])\n"


class EnvironmentFault(SystemExit):
    """The grader's environment cannot grade anyone; the message says why and what to do.

    A SystemExit, not an Exception: nbgrader's converter catches every Exception
    of a submission and goes on with the next student, and this must end the run.
    """


def _errors(cell) -> list[str]:
    return [f"{o.ename}: {o.evalue}" for o in cell.get("outputs", []) if o.output_type == "error"]


def _probe(config: Config) -> str | None:
    """None if a grading kernel answers and its answer is judged correct; else what went wrong."""
    # Imported here: the plugins import nbgrader, whose apps are slow to import,
    # and this module is imported wherever a run may be refused.
    from grader.nbgrader_plugins.confined_execute import ConfinedExecute
    from grader.nbgrader_plugins.judge_evidence import judge_cell

    nonce = "preflight"
    plan = plan_notebook([("setup", "setup", SETUP), ("test", "test", TEST)], ["preflight_slope"])["test"]
    if plan.error:
        return f"the grader itself cannot plan a test in this Python ({plan.error})"
    nb = new_notebook(cells=[new_code_cell(SETUP), new_code_cell(ANSWER), new_code_cell(kernel_source("test", nonce, plan))],
                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    workdir = Path(tempfile.mkdtemp(prefix="calc4ml-preflight-"))
    os.chmod(workdir, 0o755)  # as nbgrader makes a working copy
    try:
        nbformat.write(nb, str(workdir / "preflight.ipynb"))
        executor = ConfinedExecute(config=config)
        try:
            executor.preprocess(nb, {"metadata": {"path": str(workdir)}})
        except Exception as exc:  # the kernel never started: the sandbox, the kernelspec, a crash
            return f"a grading kernel could not start: {type(exc).__name__}: {exc}"
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    setup_errors = _errors(nb.cells[0])
    if any(error.startswith(("TimeBudgetExceeded", "CellTimeoutError")) for error in setup_errors):
        return (f"the course's time limits stop a grading kernel before it has imported what every notebook "
                f"needs (c.ConfinedExecute.time_budget = {executor.time_budget} s, "
                f"c.Execute.timeout = {executor.timeout} s)")
    if setup_errors:
        return f"a grading kernel cannot import what every notebook needs: {setup_errors[-1]}"
    outputs, flags = judge_cell(plan, nonce, nb.cells[2].outputs)
    failed = _errors({"outputs": outputs})
    if failed or flags:
        kernel_said = _errors(nb.cells[2])
        return ("a grading kernel did not answer a trivial request correctly: "
                + (kernel_said or [str(flag) for flag in flags] or failed)[-1])
    return None


def fix_hint(reason: str) -> str:
    if "sandbox" in reason or "bubblewrap" in reason or "bwrap" in reason:
        return ("Install bubblewrap (apt-get install bubblewrap) and allow unprivileged user namespaces, "
                "or grade unconfined on purpose with --unconfined.")
    if "time limits" in reason:
        return "Raise them in nbgrader_config.py: an honest notebook needs well under a minute in all."
    if "could not start" in reason:
        return ("Check that the environment's python3 kernel starts (jupyter kernelspec list) and that the "
                "temporary folder (TMPDIR) is writable.")
    return ("Grade with the Python environment the course was installed into "
            "(bash scripts/setup-env.sh, then .venv/bin/python -m grader autograde ... or .venv/bin/nbgrader), "
            "and check that it imports numpy, sympy and grader.")


def environment_problem(config: Config) -> str | None:
    """The preflight, once per process and configuration: None when grading can start, else the refusal."""
    # The sandbox's own verdict is part of the key: it is what most often changes under a running process.
    key = repr((config, sandbox.sandbox_available()))
    verdicts = grading_process.current().preflight_verdicts  # one kernel per process and configuration
    if key not in verdicts:
        verdicts[key] = _probe(config)
    reason = verdicts[key]
    if reason is None:
        return None
    return (f"Grading refused before any student was graded: {reason}. "
            f"(Python: {sys.executable}; grader package: {sandbox.PACKAGE}.) {fix_hint(reason)}")


def require_working_environment(config: Config) -> None:
    problem = environment_problem(config)
    if problem is not None:
        raise EnvironmentFault(problem)
