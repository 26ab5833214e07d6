"""A class on this machine's JupyterHub: `python -m grader hub --roster roster.csv --instructor NAME`.

What it sets up (as root; running it again keeps the instructor's work and adds new students):

- a Unix account for the instructor and for every student of the roster, each home 0700;
- the course installed where every account can run it (--install-dir, default
  /opt/calc4ml: a virtual environment of a Python every account can run, with the
  course's package and its dependencies), and the course itself
  (source/, release/, nbgrader_config.py) in the instructor's home,
  /home/<instructor>/<course>, 0700, its gradebook listing the roster;
- the exchange (grader/environment_tools.py, grader/nbgrader_plugins/private_inbound.py):
  a root folder nobody but root writes, the course's folders the instructor's, and
  one inbound folder per student that only that student writes and only the
  instructor's group reads;
- nbgrader as its JupyterHub documentation prescribes: the course id, the hub's
  groups formgrade-<course> (the instructor) and nbgrader-<course> (the students),
  nbgrader's JupyterHubAuthPlugin for the students' Assignments tab;
- the Formgrader on the instructor's own server only (students' servers load
  neither its server extension nor its JupyterLab plugins); the instructor opens it
  in a tab of its own, https://<hub>/user/<instructor>/formgrader: JupyterHub ≥ 4.1
  forbids framing its pages (frame-ancestors 'none'), which stays so;
- JupyterHub with PAM (the accounts' passwords) on ip:port, or, for tests only,
  the DummyAuthenticator.
"""

from __future__ import annotations

import csv
import hashlib
import os
import pwd
import re
import secrets
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from grader.environment_tools import ExchangeLayout, add_inbox, prepare_exchange, put_environment_tools_on_path
from grader.student_config import StudentSettings, write_student_config

REPO = Path(__file__).resolve().parents[1]
# useradd's rule for names, kept narrow: these become home folders and group names.
ACCOUNT_NAME = re.compile(r"^[a-z_][a-z0-9_-]{0,30}$")
# What the instructor's copy of the course takes from this checkout.
COURSE_PARTS = ("source", "release", "nbgrader_config.py")


class HubError(Exception):
    pass


@dataclass(frozen=True)
class Account:
    name: str
    uid: int
    gid: int
    home: Path


@dataclass(frozen=True)
class HubSettings:
    course_id: str
    instructor: str
    roster: tuple[RosterStudent, ...]
    exchange: Path
    state_dir: Path
    environment: Path  # the Python environment every account runs (install_environment)
    hub_environment: Path  # root's: JupyterHub and its proxy run there
    ip: str
    port: int
    dummy_auth: bool

    @property
    def students(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.roster)

    @property
    def student_config_dir(self) -> Path:
        return self.state_dir / "student-jupyter"

    @property
    def hub_dir(self) -> Path:
        return self.state_dir / "hub"

    @property
    def config_file(self) -> Path:
        return self.state_dir / "jupyterhub_config.py"


@dataclass(frozen=True)
class RosterStudent:
    id: str
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None


def read_roster(path: Path) -> list[RosterStudent]:
    """The students of a CSV with an `id` column (nbgrader's `db student import` format)."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if not rows or "id" not in rows[0]:
        raise HubError(f"{path} has no 'id' column (expected nbgrader's roster: id,first_name,last_name,email)")
    students = [RosterStudent(row["id"].strip(), *((row.get(k) or "").strip() or None
                                                   for k in ("first_name", "last_name", "email")))
                for row in rows if (row.get("id") or "").strip()]
    bad = [s.id for s in students if not ACCOUNT_NAME.match(s.id)]
    if bad:
        raise HubError(f"{path}: {', '.join(bad)} cannot be Unix account names (lower-case letters, digits, _ and -)")
    return students


def unreadable_by_others(paths: list[Path]) -> list[Path]:
    """Of paths (and their folders), those another account cannot reach: no o+x on a folder, no o+r on the file."""
    blocked = []
    for path in paths:
        for folder in reversed(path.resolve().parents):
            if not stat.S_IMODE(folder.stat().st_mode) & 0o001:
                blocked.append(folder)
        if not stat.S_IMODE(path.resolve().stat().st_mode) & 0o004:
            blocked.append(path)
    return sorted(set(blocked))


def _fingerprint(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts) if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(REPO)).encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()[:16]


def world_usable_python() -> Path:
    """A Python 3.11+ interpreter every account can run (this one may live in root's home, as pyenv's does)."""
    candidates = [Path(sys.executable).resolve(), Path(getattr(sys, "_base_executable", sys.executable)).resolve()]
    names = [f"python3.{minor}" for minor in range(11, 15)]
    candidates += [Path(folder) / name for folder in ("/usr/bin", "/usr/local/bin") for name in names]
    candidates += [Path(p) for p in map(shutil.which, names) if p]
    for candidate in candidates:
        if candidate.exists() and not unreadable_by_others([candidate]):
            return candidate
    raise HubError("no Python 3.11 that every account can run (Debian/Ubuntu: apt-get install python3.11-venv)")


def install_environment(target: Path) -> Path:
    """The course installed in target/venv (pip install), which every account can run.

    Installed once; again only for what changed (the dependencies, or the course's package).
    """
    venv = target / "venv"
    python = venv / "bin" / "python"
    dependencies = venv / f".dependencies-{_fingerprint([REPO / 'pyproject.toml'])}"
    course = venv / f".course-{_fingerprint([REPO / 'pyproject.toml', REPO / 'grader'])}"
    if course.exists():
        return venv
    target.mkdir(parents=True, exist_ok=True)
    target.chmod(0o755)
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    if not dependencies.exists():
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([str(world_usable_python()), "-m", "venv", str(venv)], check=True)
        subprocess.run(pip + ["--upgrade", "pip"], check=True)
        subprocess.run(pip + [str(REPO)], check=True)
        dependencies.touch()
    else:
        subprocess.run(pip + ["--no-deps", "--force-reinstall", str(REPO)], check=True)
    for old in venv.glob(".course-*"):
        old.unlink()
    course.touch()
    return venv


def ensure_account(name: str) -> Account:
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        subprocess.run(["useradd", "--create-home", "--user-group", "--shell", "/bin/bash", name], check=True)
        entry = pwd.getpwnam(name)
    home = Path(entry.pw_dir)
    home.mkdir(exist_ok=True)
    os.chown(home, entry.pw_uid, entry.pw_gid)
    # Debian's homes were 0755 for long: the instructor's course would be readable by every student.
    home.chmod(0o700)
    return Account(name, entry.pw_uid, entry.pw_gid, home)


def _chown_tree(path: Path, account: Account) -> None:
    for folder, _, files in os.walk(path):
        os.chown(folder, account.uid, account.gid)
        for name in files:
            os.chown(os.path.join(folder, name), account.uid, account.gid, follow_symlinks=False)


def install_course(settings: HubSettings, instructor: Account) -> Path:
    """The course in the instructor's home, its gradebook listing the roster; the instructor's own files are kept."""
    course = instructor.home / settings.course_id
    if not course.exists():
        course.mkdir()
        for part in COURSE_PARTS:
            source = REPO / part
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, course / part)
    course.chmod(0o700)
    put_environment_tools_on_path()
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", settings.course_id) as gradebook:
        for student in settings.roster:
            gradebook.update_or_create_student(student.id, first_name=student.first_name,
                                               last_name=student.last_name, email=student.email)
    _chown_tree(course, instructor)
    # The instructor's server starts in their home; nbgrader reads the course's settings from there.
    jupyter = instructor.home / ".jupyter"
    jupyter.mkdir(exist_ok=True)
    (jupyter / "nbgrader_config.py").write_text(
        '"""The instructor\'s nbgrader settings: the course\'s own (written by python -m grader hub)."""\n'
        f"c = get_config()  # noqa: F821\nload_subconfig({str(course / 'nbgrader_config.py')!r})  # noqa: F821\n")
    _chown_tree(jupyter, instructor)
    return course


def lay_out_exchange(settings: HubSettings, instructor: Account, students: list[Account]) -> ExchangeLayout:
    layout = ExchangeLayout(settings.exchange, settings.course_id)
    prepare_exchange(layout, instructor.uid, instructor.gid)
    if stat.S_IMODE(settings.exchange.stat().st_mode) & 0o022 or settings.exchange.stat().st_uid != 0:
        raise HubError(f"the exchange {settings.exchange} must belong to root and be writable by nobody else")
    for student in students:
        add_inbox(layout, student.name, student.uid, instructor.gid)
    return layout


def hub_config_text(settings: HubSettings) -> str:
    """jupyterhub_config.py for the class (pure: the same settings give the same text)."""
    bin_dir = settings.environment / "bin"
    hub_bin = settings.hub_environment / "bin"
    authenticator = ("dummy" if settings.dummy_auth else "pam")
    return f'''"""JupyterHub for the course {settings.course_id} (written by python -m grader hub)."""
c = get_config()  # noqa: F821

c.JupyterHub.ip = {settings.ip!r}
c.JupyterHub.port = {settings.port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {settings.port + 1}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{settings.port + 2}"
c.ConfigurableHTTPProxy.command = [{str(hub_bin / "configurable-http-proxy")!r}]
c.ConfigurableHTTPProxy.pid_file = {str(settings.hub_dir / "proxy.pid")!r}
c.JupyterHub.db_url = {"sqlite:///" + str(settings.hub_dir / "jupyterhub.sqlite")!r}
c.JupyterHub.cookie_secret_file = {str(settings.hub_dir / "cookie_secret")!r}

# {"TESTS ONLY: any password logs in." if settings.dummy_auth else "The accounts' own passwords (PAM)."}
c.JupyterHub.authenticator_class = {authenticator!r}
c.Authenticator.allowed_users = set({sorted((settings.instructor,) + settings.students)!r})

# nbgrader's JupyterHub groups: who grades the course, who takes it.
c.JupyterHub.load_groups = {{
    "formgrade-{settings.course_id}": {{"users": [{settings.instructor!r}]}},
    "nbgrader-{settings.course_id}": {{"users": {list(settings.students)!r}}},
}}
# nbgrader's JupyterHubAuthPlugin reads the user's groups with the server's token.
c.Spawner.server_token_scopes = ["users:activity!user", "access:servers!server",
                                 "read:users:name!user", "read:users:groups!user"]

c.Spawner.cmd = [{str(bin_dir / "jupyterhub-singleuser")!r}]
c.Spawner.default_url = "/lab"
c.Spawner.environment = {{
    # nbgrader runs alembic, and the kernels python, from this environment.
    "PATH": {str(bin_dir) + ":/usr/local/bin:/usr/bin:/bin"!r},
    "CALC4ML_EXCHANGE": {str(settings.exchange)!r},
}}
INSTRUCTOR = {settings.instructor!r}
STUDENT_CONFIG = {str(settings.student_config_dir)!r}


def student_settings(spawner):
    # Students' servers read the course's student settings and load no Formgrader;
    # the instructor's server reads the course's own nbgrader_config.py (~/.jupyter).
    if spawner.user.name != INSTRUCTOR:
        spawner.environment["JUPYTER_CONFIG_PATH"] = STUDENT_CONFIG


c.Spawner.pre_spawn_hook = student_settings
'''


def write_configuration(settings: HubSettings) -> None:
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    settings.state_dir.chmod(0o755)
    settings.hub_dir.mkdir(exist_ok=True)
    settings.hub_dir.chmod(0o700)  # the hub's database and cookie secret
    secret = settings.hub_dir / "cookie_secret"
    if not secret.exists():
        secret.write_text(secrets.token_hex(32))
    secret.chmod(0o600)
    write_student_config(settings.student_config_dir,
                         StudentSettings(settings.exchange, settings.course_id, hub_groups=True))
    settings.config_file.write_text(hub_config_text(settings))
    settings.config_file.chmod(0o644)


def hub_command(settings: HubSettings) -> list[str]:
    return [str(settings.hub_environment / "bin" / "jupyterhub"), "-f", str(settings.config_file)]


def set_up(course_root: Path, roster: Path, instructor_name: str, *, ip: str, port: int, state_dir: Path,
           exchange: Path, install_dir: Path, dummy_auth: bool) -> HubSettings:
    if os.geteuid() != 0:
        raise HubError("run as root: it creates Unix accounts, and JupyterHub starts each user's server as that user")
    if not ACCOUNT_NAME.match(instructor_name):
        raise HubError(f"{instructor_name!r} cannot be a Unix account name")
    from grader.pipeline import load_config

    course_id = load_config(course_root.resolve()).CourseDirectory.course_id
    hub_environment = Path(sys.prefix)
    missing = [p for p in (hub_environment / "bin" / "jupyterhub", hub_environment / "bin" / "configurable-http-proxy")
               if not p.exists()]
    if missing:
        raise HubError(f"{', '.join(map(str, missing))} missing: run scripts/setup-env.sh (it installs both)")
    students = read_roster(roster)
    if instructor_name in [s.id for s in students]:
        raise HubError(f"{instructor_name} is both the instructor and a student in {roster}")
    environment = install_environment(install_dir)
    blocked = unreadable_by_others([environment / "bin" / "python", environment / "bin" / "jupyterhub-singleuser"])
    if blocked:
        raise HubError(f"other accounts cannot read {', '.join(map(str, blocked))}: install the course elsewhere "
                       "(--install-dir)")
    settings = HubSettings(course_id, instructor_name, tuple(students), exchange.resolve(), state_dir.resolve(),
                           environment, hub_environment, ip, port, dummy_auth)
    instructor = ensure_account(instructor_name)
    accounts = [ensure_account(s.id) for s in students]
    install_course(settings, instructor)
    lay_out_exchange(settings, instructor, accounts)
    write_configuration(settings)
    return settings


def run_hub(course_root: Path, roster: Path, instructor: str, *, ip: str, port: int, state_dir: Path,
            exchange: Path, install_dir: Path, dummy_auth: bool, setup_only: bool) -> int:
    settings = set_up(course_root, roster, instructor, ip=ip, port=port, state_dir=state_dir, exchange=exchange,
                      install_dir=install_dir, dummy_auth=dummy_auth)
    command = hub_command(settings)
    print(f"course {settings.course_id}: instructor {instructor}, {len(settings.students)} student(s); "
          f"exchange {settings.exchange}; configuration {settings.config_file}")
    print(f"the Formgrader (instructor only, in a tab of its own): http://{ip}:{port}/user/{instructor}/formgrader")
    if not dummy_auth:
        print("users log in with their Unix password: set them with `passwd NAME`")
    if setup_only:
        print("start the hub with:\n  cd " + str(settings.hub_dir) + " && " + " ".join(command))
        return 0
    sys.stdout.flush()
    os.chdir(settings.hub_dir)
    os.execv(command[0], command)
