"""A student's Jupyter configuration: where the exchange is, which course, who they are, no Formgrader.

A student's Jupyter server never reads the course's nbgrader_config.py (it holds
the instructor's settings, and on a JupyterHub it sits in the instructor's
closed home). These files, in a Jupyter configuration folder of the student's
(JUPYTER_CONFIG_DIR on one machine, a folder on JUPYTER_CONFIG_PATH on a hub),
give their Assignments tab the course and the exchange, and take the
Formgrader, the course list and the Create Assignment toolbar out of their
JupyterLab. That is for the student's eyes only: what keeps the instructor's
files from students is the file system (`python -m grader hub`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from grader.nbgrader_plugins.private_inbound import exchange_factory_config

# The instructor's parts of nbgrader, on a student's server.
INSTRUCTOR_SERVER_EXTENSIONS = ("nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list")
INSTRUCTOR_LAB_PLUGINS = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:course-list",
                          "@jupyter/nbgrader:create-assignment")


@dataclass(frozen=True)
class StudentSettings:
    exchange_root: Path
    course_id: str
    # None on a JupyterHub: nbgrader then takes the account's name, which the hub vouches for.
    student_id: str | None = None
    # On a JupyterHub, the hub's groups say who takes which course (nbgrader's JupyterHubAuthPlugin).
    hub_groups: bool = False
    # One machine, one account: each student needs a cache of their own (nbgrader finds
    # feedback through the cached submissions, whoever made them).
    cache: Path | None = None


def nbgrader_config_text(settings: StudentSettings) -> str:
    lines = ['"""A student\'s nbgrader settings for the course (written by python -m grader)."""',
             "c = get_config()  # noqa: F821",
             f"c.CourseDirectory.course_id = {settings.course_id!r}",
             f"c.Exchange.root = {str(settings.exchange_root)!r}"]
    if settings.student_id is not None:
        lines.append(f"c.CourseDirectory.student_id = {settings.student_id!r}")
    if settings.cache is not None:
        lines.append(f"c.Exchange.cache = {str(settings.cache)!r}")
    if settings.hub_groups:
        lines.append('c.Authenticator.plugin_class = "nbgrader.auth.JupyterHubAuthPlugin"')
    lines.append("# Each student submits into a folder of their own (grader/nbgrader_plugins/private_inbound.py).")
    lines += [f"c.ExchangeFactory.{step} = {cls!r}" for step, cls in exchange_factory_config().items()]
    return "\n".join(lines) + "\n"


def server_config() -> dict:
    return {"ServerApp": {"jpserver_extensions": {name: False for name in INSTRUCTOR_SERVER_EXTENSIONS}}}


def page_config() -> dict:
    return {"disabledExtensions": {name: True for name in INSTRUCTOR_LAB_PLUGINS}}


def write_student_config(config_dir: Path, settings: StudentSettings) -> list[Path]:
    """Write the three files into config_dir (created if missing, readable by all); return their paths."""
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "labconfig").mkdir(exist_ok=True)
    files = {config_dir / "nbgrader_config.py": nbgrader_config_text(settings),
             config_dir / "jupyter_server_config.json": json.dumps(server_config(), indent=2) + "\n",
             config_dir / "labconfig" / "page_config.json": json.dumps(page_config(), indent=2) + "\n"}
    for path, text in files.items():
        path.write_text(text)
        path.chmod(0o644)
    return list(files)


def student_workspace(course_root: Path, student_id: str, workspace: Path | None, *, allow_root: bool,
                      ip: str, port: int) -> tuple[Path, list[str], dict[str, str]]:
    """One machine: the student's folder with their settings, their inbound folder in the course's exchange,
    and the command (with its environment) that starts their JupyterLab there."""
    import os
    import sys

    from grader.environment_tools import ExchangeLayout, add_inbox, prepare_exchange, put_environment_tools_on_path
    from grader.pipeline import load_config

    config = load_config(course_root.resolve())
    layout = ExchangeLayout(Path(config.Exchange.root), config.CourseDirectory.course_id)
    prepare_exchange(layout)
    add_inbox(layout, student_id)
    workspace = (workspace or Path.home() / f"{layout.course_id}-{student_id}").resolve()
    workspace.mkdir(parents=True, exist_ok=True)
    write_student_config(workspace / ".jupyter", StudentSettings(layout.root, layout.course_id, student_id,
                                                                 cache=workspace / ".nbgrader_cache"))
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(workspace / ".jupyter"))
    put_environment_tools_on_path(env)
    command = [str(Path(sys.executable).parent / "jupyter"), "lab", f"--ServerApp.root_dir={workspace}",
               f"--ip={ip}", f"--port={port}", "--no-browser"] + (["--allow-root"] if allow_root else [])
    return workspace, command, env
