"""The exchange with a folder per student, the students' settings and the hub's configuration (no server started)."""

from __future__ import annotations

import copy
import os
import stat
from pathlib import Path

import nbformat
import pytest
from nbgrader.auth import Authenticator
from nbgrader.coursedir import CourseDirectory
from nbgrader.exchange import ExchangeError, ExchangeFactory
from traitlets.config import Config

from grader.environment_tools import (
    INBOUND_MODE,
    OWN_INBOX_MODE,
    ROOT_MODE,
    ExchangeLayout,
    add_inbox,
    prepare_exchange,
    put_environment_tools_on_path,
)
from grader.hub_setup import HubError, HubSettings, RosterStudent, hub_config_text, read_roster
from grader.nbgrader_plugins.private_inbound import exchange_factory_config
from grader.student_config import StudentSettings, nbgrader_config_text, page_config, server_config

COURSE = "calc4ml"
ASSIGNMENT = "ps0"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def course(tmp_path):
    """A course with one released assignment, its exchange laid out, and the exchange classes configured."""
    root = tmp_path / "course"
    (root / "release" / ASSIGNMENT).mkdir(parents=True)
    nbformat.write(nbformat.v4.new_notebook(), str(root / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"))
    layout = ExchangeLayout(tmp_path / "exchange", COURSE)
    prepare_exchange(layout)
    put_environment_tools_on_path()  # collect opens the gradebook: nbgrader runs alembic, as under nbgrader_config.py
    config = Config({"CourseDirectory": {"root": str(root), "course_id": COURSE,
                                         "db_url": f"sqlite:///{root / 'gradebook.db'}"},
                     "Exchange": {"root": str(layout.root)},
                     "ExchangeFactory": exchange_factory_config()})
    return config, layout, tmp_path


def run_step(step: str, config: Config, **settings) -> None:
    config = copy.deepcopy(config)  # Config(config) would share its sections with the caller's
    config.merge(Config(settings))
    coursedir = CourseDirectory(config=config)
    getattr(ExchangeFactory(config=config), step)(coursedir=coursedir, authenticator=Authenticator(config=config),
                                                  config=config).start()


def submit_as(config, home: Path, student: str, fetch: bool = True) -> None:
    where = {"Exchange": {"assignment_dir": str(home), "cache": str(home / ".cache")},
             "CourseDirectory": {"assignment_id": ASSIGNMENT, "student_id": student}}
    if fetch:
        run_step("FetchAssignment", config, **where)
    run_step("Submit", config, **where)


def test_exchange_is_laid_out_with_no_world_writable_folder(course):
    config, layout, _ = course
    assert mode(layout.root) == ROOT_MODE and mode(layout.inbound) == INBOUND_MODE
    assert all(not mode(p) & 0o002 for p, _ in layout.folders())
    inbox = add_inbox(layout, "alice")
    assert mode(inbox) == OWN_INBOX_MODE
    with pytest.raises(ValueError, match="cannot be a student id"):
        add_inbox(layout, "../bob")


def test_release_submit_collect_through_each_students_folder(course):
    config, layout, tmp = course
    run_step("ReleaseAssignment", config, CourseDirectory={"assignment_id": ASSIGNMENT})
    for student in ("alice", "bob"):
        submit_as(config, tmp / student, student)
        (submission,) = layout.inbox(student).iterdir()
        assert submission.name.startswith(f"{student}+{ASSIGNMENT}+")
    assert sorted(p.name for p in layout.inbound.iterdir()) == ["alice", "bob"]  # nothing else in inbound/
    run_step("Collect", config, CourseDirectory={"assignment_id": ASSIGNMENT})
    root = Path(config.CourseDirectory.root)
    assert sorted(p.name for p in (root / "submitted").iterdir()) == ["alice", "bob"]


def test_collect_refuses_a_submission_in_another_students_folder(course):
    config, layout, tmp = course
    run_step("ReleaseAssignment", config, CourseDirectory={"assignment_id": ASSIGNMENT})
    submit_as(config, tmp / "alice", "alice")
    add_inbox(layout, "bob")
    # alice puts a submission that claims to be bob's in her own folder: it is not bob's.
    (forged,) = layout.inbox("alice").iterdir()
    forged.rename(layout.inbox("alice") / forged.name.replace("alice+", "bob+", 1))
    run_step("Collect", config, CourseDirectory={"assignment_id": ASSIGNMENT})
    submitted = Path(config.CourseDirectory.root) / "submitted"
    assert not (submitted / "bob" / ASSIGNMENT).exists(), "a submission in alice's folder was collected as bob's"


def test_submit_without_a_folder_of_ones_own_is_refused(course, tmp_path):
    """On one account the instructor's inbound/ gets the student's folder on the fly; where inbound/ is
    another account's (a hub: made by root), a student without a folder of their own cannot submit."""
    if os.geteuid() != 0:
        pytest.skip("giving inbound/ to another account needs root")
    config, layout, tmp = course
    run_step("ReleaseAssignment", config, CourseDirectory={"assignment_id": ASSIGNMENT})
    os.chown(layout.inbound, 65534, 65534)
    with pytest.raises(ExchangeError):
        submit_as(config, tmp / "carol", "carol")
    assert not layout.inbox("carol").exists()
    os.chown(layout.inbound, os.getuid(), os.getgid())
    submit_as(config, tmp / "carol", "carol", fetch=False)
    assert len(list(layout.inbox("carol").iterdir())) == 1


def test_student_settings_name_the_course_and_hide_the_formgrader():
    text = nbgrader_config_text(StudentSettings(Path("/srv/x"), COURSE, "alice", hub_groups=True))
    namespace = {"get_config": Config}
    exec(compile(text, "student_config", "exec"), namespace)
    c = namespace["c"]
    assert (c.CourseDirectory.course_id, c.Exchange.root, c.CourseDirectory.student_id) == (COURSE, "/srv/x", "alice")
    assert c.Authenticator.plugin_class == "nbgrader.auth.JupyterHubAuthPlugin"
    assert c.ExchangeFactory.submit.endswith("private_inbound.Submit")
    assert server_config()["ServerApp"]["jpserver_extensions"]["nbgrader.server_extensions.formgrader"] is False
    assert page_config()["disabledExtensions"]["@jupyter/nbgrader:formgrader"] is True
    hub_text = nbgrader_config_text(StudentSettings(Path("/srv/x"), COURSE))
    assert "student_id" not in hub_text and "plugin_class" not in hub_text


def hub_settings(dummy: bool) -> HubSettings:
    return HubSettings(COURSE, "teach", (RosterStudent("alice"), RosterStudent("bob")), Path("/srv/ex"),
                       Path("/srv/state"), Path("/opt/calc4ml/venv"), Path("/root/venv"), "127.0.0.1", 8000, dummy)


def test_hub_configuration_groups_and_authenticator():
    for dummy, authenticator in ((False, "'pam'"), (True, "'dummy'")):
        namespace = {"get_config": Config}
        exec(compile(hub_config_text(hub_settings(dummy)), "jupyterhub_config", "exec"), namespace)
        c = namespace["c"]
        assert repr(c.JupyterHub.authenticator_class) == authenticator
        assert c.JupyterHub.load_groups == {f"formgrade-{COURSE}": {"users": ["teach"]},
                                            f"nbgrader-{COURSE}": {"users": ["alice", "bob"]}}
        assert c.Authenticator.allowed_users == {"teach", "alice", "bob"}
        assert "read:users:groups!user" in c.Spawner.server_token_scopes

        class Spawner:
            def __init__(self, name):
                self.user, self.environment = type("U", (), {"name": name}), {}
        student, teacher = Spawner("alice"), Spawner("teach")
        c.Spawner.pre_spawn_hook(student)
        c.Spawner.pre_spawn_hook(teacher)
        assert student.environment == {"JUPYTER_CONFIG_PATH": "/srv/state/student-jupyter"}
        assert teacher.environment == {}


def test_roster_names_must_be_account_names(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("id,first_name,last_name,email\nalice,Alice,Ä,a@x\n")
    assert read_roster(roster) == [RosterStudent("alice", "Alice", "Ä", "a@x")]
    roster.write_text("id,first_name\nRoot Kit,R\n")
    with pytest.raises(HubError, match="Root Kit cannot be"):
        read_roster(roster)
    roster.write_text("name\nalice\n")
    with pytest.raises(HubError, match="no 'id' column"):
        read_roster(roster)
