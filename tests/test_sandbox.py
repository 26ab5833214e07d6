"""Grading kernels run confined (grader/sandbox.py, ConfinedKernelManager), and a kernel that dies
costs only the cell that killed it (ConfinedExecute)."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from traitlets.config import Config

from grader import cli, sandbox
from grader.course_directory import load_config
from grader.nbgrader_plugins.confined_execute import MAX_KERNEL_DEATHS, MAX_OUTPUT, TRUNCATED, ConfinedExecute
from grader.nbgrader_plugins.confined_kernel import ConfinedKernelManager, SandboxUnavailableError
from grader.pipeline import Course
from grader.preflight import EnvironmentFault

REPO = Path(__file__).resolve().parents[1]
AS_ROOT = os.geteuid() == 0
UID = sandbox.SANDBOX_UIDS[1]

# ---------------------------------------------------------------- the command


def command(uid=UID, **changes):
    arguments = dict(workdir=Path("/srv/course/autograded/ada/ps1"), runtime_dir=Path("/tmp/calc4ml-kernel-x"),
                     limits=sandbox.Limits(), readable=[Path("/opt/venv"), Path("/opt/python"), Path("/opt/pkg/grader")],
                     hidden=[Path("/opt/pkg/grader/demo")], uid=uid)
    return sandbox.bwrap_command(["python", "-m", "ipykernel_launcher", "-f", "/tmp/calc4ml-kernel-x/kernel.json"],
                                 **{**arguments, **changes})


ARITY = {"--ro-bind": 2, "--bind": 2, "--symlink": 2, "--setenv": 2, "--tmpfs": 1, "--proc": 1, "--dev": 1,
         "--dir": 1, "--chdir": 1, "--perms": 1, "--size": 1, "--unsetenv": 1}


def bwrap_options(cmd: list[str]) -> list[tuple[str, ...]]:
    """bwrap's options in order, each with its arguments, up to the command it runs."""
    assert cmd[0] == "bwrap"
    options, i = [], 1
    while cmd[i].startswith("--"):
        n = ARITY.get(cmd[i], 0)
        options.append(tuple(cmd[i:i + 1 + n]))
        i += 1 + n
    return options


def mounts(cmd) -> list[tuple[str, str]]:
    """(option, destination) of every mount, in the order bwrap applies them."""
    return [(o[0], o[-1]) for o in bwrap_options(cmd) if o[0] in ("--ro-bind", "--bind", "--tmpfs", "--symlink",
                                                                  "--proc", "--dev")]


def position(cmd, option, destination) -> int:
    return mounts(cmd).index((option, destination))


def after_bwrap(cmd) -> list[str]:
    return cmd[1 + sum(len(o) for o in bwrap_options(cmd)):]


def test_the_kernel_command_runs_last_under_limits_and_its_own_uid():
    rest = after_bwrap(command())
    assert rest[:6] == ["prlimit", f"--as={3 * 2**30}", "--cpu=120", "--nproc=64", f"--fsize={64 * 2**20}",
                        "--nofile=256"]
    assert rest[6:10] == ["setpriv", f"--reuid={UID}", f"--regid={UID}", "--clear-groups"]
    assert rest[10:] == ["python", "-m", "ipykernel_launcher", "-f", "/tmp/calc4ml-kernel-x/kernel.json"]


def test_an_interpreter_path_with_dots_is_made_plain():
    # Inside the sandbox only the bound folders exist: `tests/..` would not.
    cmd = sandbox.bwrap_command(["/opt/venv/tests/../bin/python", "-m", "ipykernel_launcher"],
                                workdir=Path("/w"), runtime_dir=Path("/r"), limits=sandbox.Limits(),
                                readable=[], hidden=[], uid=UID)
    assert after_bwrap(cmd)[-3:] == ["/opt/venv/bin/python", "-m", "ipykernel_launcher"]


def test_limits_come_from_the_limits_given():
    rest = after_bwrap(command(limits=sandbox.Limits(memory=10, cpu_seconds=2, processes=3, file_size=4, open_files=5)))
    assert rest[:6] == ["prlimit", "--as=10", "--cpu=2", "--nproc=3", "--fsize=4", "--nofile=5"]


def test_default_limits():
    assert sandbox.Limits() == sandbox.Limits(memory=3 * 2**30, cpu_seconds=120, processes=64, file_size=64 * 2**20,
                                              open_files=256, tmp_size=256 * 2**20)
    with pytest.raises(AttributeError):
        sandbox.Limits().memory = 1  # frozen


def test_as_root_every_namespace_but_the_users_is_new():
    options = [o[0] for o in bwrap_options(command())]
    assert {"--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"} <= set(options)
    assert "--unshare-all" not in options and "--share-net" not in options
    assert {"--die-with-parent", "--new-session"} <= set(options)


def test_without_root_every_namespace_is_new_and_the_uid_stays():
    cmd = command(uid=None)
    assert "--unshare-all" in cmd and "--share-net" not in cmd
    assert "setpriv" not in after_bwrap(cmd)


def test_kernel_uids_belong_to_nobody_on_the_host():
    import pwd

    assert sandbox.SANDBOX_UIDS.start > 65535 and sandbox.SANDBOX_UIDS.stop <= 2**31
    for uid in (sandbox.SANDBOX_UIDS[0], sandbox.SANDBOX_UIDS[-1]):
        with pytest.raises(KeyError):
            pwd.getpwuid(uid)


def test_the_system_is_read_only_and_only_the_runtime_folder_is_writable():
    cmd = command()
    assert ("--ro-bind", "/usr") in mounts(cmd) and ("--ro-bind", "/etc") in mounts(cmd)
    assert [m for m in mounts(cmd) if m[0] == "--bind"] == [("--bind", "/tmp/calc4ml-kernel-x")]
    assert ("--ro-bind", "/srv/course/autograded/ada/ps1") in mounts(cmd)
    for top in ("/lib", "/lib64", "/bin", "/sbin"):
        if os.path.islink(top):
            assert ("--symlink", top) in mounts(cmd)
        elif os.path.isdir(top):
            assert ("--ro-bind", top) in mounts(cmd)


def test_each_path_is_bound_at_its_own_path():
    options = bwrap_options(command())
    for option in options:
        if option[0] in ("--ro-bind", "--bind"):
            assert option[1] == option[2]
    assert {o[2] for o in options if o[0] == "--ro-bind"} >= {"/opt/venv", "/opt/python", "/opt/pkg/grader"}


def test_nothing_above_the_working_copy_is_bound():
    sources = [Path(o[1]) for o in bwrap_options(command()) if o[0] in ("--ro-bind", "--bind")]
    for course_level in (Path("/srv"), Path("/srv/course"), Path("/srv/course/autograded"),
                         Path("/srv/course/autograded/ada")):
        assert course_level not in sources


def test_mount_order():
    cmd = command(workdir=Path("/tmp/course/autograded/ada/ps1"))
    tmp = position(cmd, "--tmpfs", "/tmp")
    # /tmp's tmpfs would hide what is bound below /tmp if it came later.
    assert tmp < position(cmd, "--ro-bind", "/tmp/course/autograded/ada/ps1")
    assert tmp < position(cmd, "--bind", "/tmp/calc4ml-kernel-x")
    # The demo is hidden after the package that contains it is bound.
    assert position(cmd, "--ro-bind", "/opt/pkg/grader") < position(cmd, "--tmpfs", "/opt/pkg/grader/demo")
    # Nothing comes after the writable folder to make it read-only again.
    assert mounts(cmd)[-1] == ("--bind", "/tmp/calc4ml-kernel-x")


def test_mount_points_are_made_enterable_before_binding():
    options = bwrap_options(command())
    made = [o[1] for o in options if o[0] == "--dir"]
    assert len(made) == len(set(made))
    for parent in ("/srv", "/srv/course", "/srv/course/autograded", "/srv/course/autograded/ada", "/opt", "/opt/pkg"):
        assert options.index(("--dir", parent)) < min(i for i, o in enumerate(options) if o[0] in ("--ro-bind", "--bind")
                                                      and o[2].startswith(parent + "/"))


def test_tmp_is_private_writable_and_capped():
    options = bwrap_options(command())
    i = options.index(("--tmpfs", "/tmp"))
    assert options[i - 2:i] == [("--perms", "1777"), ("--size", str(256 * 2**20))]


def test_hidden_folders_are_empty_and_read_only():
    options = bwrap_options(command())
    i = options.index(("--tmpfs", "/opt/pkg/grader/demo"))
    assert options[i - 1] == ("--perms", "0555")


def test_working_directory_and_environment():
    options = bwrap_options(command())
    assert ("--chdir", "/srv/course/autograded/ada/ps1") in options
    for name, value in [("HOME", "/tmp"), ("MPLCONFIGDIR", "/tmp"), ("OPENBLAS_NUM_THREADS", "1"),
                        ("OMP_NUM_THREADS", "1"), ("JPY_PARENT_PID", "1")]:
        assert ("--setenv", name, value) in options


def test_the_kernel_gets_only_harmless_environment_variables():
    env = {"PATH": "/usr/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "NBGRADER_EXECUTION": "autograde",
           "GITHUB_TOKEN": "secret", "AWS_SECRET_ACCESS_KEY": "secret", "CALC4ML_EXCHANGE": "/srv/exchange"}
    assert sandbox.kernel_environment(env) == {"PATH": "/usr/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
                                               "NBGRADER_EXECUTION": "autograde"}


def test_what_the_kernel_reads_and_what_it_must_not_see():
    assert sandbox.python_paths() == [Path(sys.prefix), Path(os.path.realpath(sys.base_prefix)), REPO / "grader"]
    assert sandbox.solution_paths() == [REPO / "grader" / "demo"]


def test_a_missing_bwrap_is_reported_with_how_to_install_it(monkeypatch):
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: None)
    assert sandbox.sandbox_available.__wrapped__() == "bubblewrap (bwrap) is not installed: apt-get install bubblewrap"


def test_a_failing_bwrap_is_reported_by_its_last_line_of_stderr(monkeypatch):
    failed = subprocess.CompletedProcess([], 1, "", "bwrap: setting up uid map: Permission denied\n")
    monkeypatch.setattr(sandbox.subprocess, "run", lambda *a, **k: failed)
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: "/usr/bin/bwrap")
    assert sandbox.sandbox_available.__wrapped__() == "bwrap: setting up uid map: Permission denied"


# ------------------------------------------------------------ configuration


def test_autograde_runs_notebooks_with_confined_execute():
    steps = load_config(REPO).Autograde.autograde_preprocessors
    assert "grader.nbgrader_plugins.confined_execute.ConfinedExecute" in steps
    assert "nbgrader.preprocessors.Execute" not in steps


def test_confined_execute_uses_the_confined_kernel_manager_unless_configured_otherwise():
    from jupyter_client.manager import AsyncKernelManager

    assert ConfinedExecute().kernel_manager_class is ConfinedKernelManager
    assert ConfinedExecute(kernel_manager_class=AsyncKernelManager).kernel_manager_class is AsyncKernelManager
    config = Config()
    config.Execute.kernel_manager_class = "jupyter_client.manager.AsyncKernelManager"
    assert ConfinedExecute(config=config).kernel_manager_class is AsyncKernelManager
    assert ConfinedExecute(config=load_config(REPO)).timeout == 20  # c.Execute.timeout applies


def test_kernel_manager_limits_are_configurable():
    config = Config()
    config.ConfinedKernelManager.memory = 2**30
    config.ConfinedKernelManager.processes = 10
    km = ConfinedKernelManager(config=config)
    assert km.limits == sandbox.Limits(memory=2**30, processes=10)
    assert km.unconfined is False


@pytest.mark.parametrize("flag, unconfined", [([], False), (["--unconfined"], True)])
def test_autograde_unconfined_flag(monkeypatch, capsys, flag, unconfined):
    made = []
    monkeypatch.setattr("grader.pipeline.Course", lambda root, overrides: made.append(overrides) or None)
    args = cli.parser().parse_args(["autograde", *flag])
    cli._course(args)
    assert made[0].ConfinedKernelManager.get("unconfined", False) is unconfined
    assert ("warning" in capsys.readouterr().err) is unconfined


# ------------------------------------------------------ real confined kernels

@pytest.fixture(scope="session")
def sandbox_works():
    reason = sandbox.sandbox_available()
    if reason is not None:
        pytest.skip(f"the sandbox cannot run here: {reason}")


slow = [pytest.mark.pipeline, pytest.mark.xdist_group("sandbox"), pytest.mark.usefixtures("sandbox_works")]


class Kernel:
    """A kernel started by ConfinedKernelManager, driven synchronously."""

    def __init__(self, cwd: Path, **traits):
        self.loop = asyncio.new_event_loop()
        self.km = ConfinedKernelManager(kernel_name="python3", **traits)
        self.loop.run_until_complete(self.km.start_kernel(cwd=str(cwd)))
        self.kc = self.km.client()
        self.kc.start_channels()
        self.loop.run_until_complete(self.kc.wait_for_ready(timeout=60))
        self.km.seal_runtime_dir()  # as ConfinedExecute does once the kernel is ready

    def run(self, code: str, timeout: float = 30) -> tuple[dict, str]:
        """The execute reply's content and what the code printed."""
        printed = []

        def collect(msg):
            if msg["msg_type"] == "stream":
                printed.append(msg["content"]["text"])

        reply = self.loop.run_until_complete(
            self.kc.execute_interactive(textwrap.dedent(code), timeout=timeout, output_hook=collect))
        return reply["content"], "".join(printed)

    def value(self, expression: str):
        content, printed = self.run(f"print(repr({expression}))")
        assert content["status"] == "ok", content
        return eval(printed)

    def alive(self) -> bool:
        return self.loop.run_until_complete(self.km.is_alive())

    def close(self):
        self.kc.stop_channels()
        self.loop.run_until_complete(self.km.shutdown_kernel(now=True))
        self.loop.close()


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course root like nbgrader's, with the working copy of one student."""
    root = tmp_path_factory.mktemp("course")
    (root / "gradebook.db").write_text("grades")
    for folder in ("source/ps1", "release/ps1", "submitted/grace/ps1", "autograded/grace/ps1", "exchange"):
        (root / folder).mkdir(parents=True)
        (root / folder / "ps1.ipynb").write_text("{}")
    workdir = root / "autograded" / "ada" / "ps1"
    workdir.mkdir(parents=True)
    workdir.chmod(0o755)  # as nbgrader makes it
    (workdir / "ps1.ipynb").write_text("{}")
    return root


@pytest.fixture(scope="module")
def kernel(course):
    os.environ["CALC4ML_TEST_SECRET"] = "hunter2"
    try:
        kernel = Kernel(course / "autograded" / "ada" / "ps1")
    finally:
        del os.environ["CALC4ML_TEST_SECRET"]
    kernel.run("import os, resource")
    yield kernel
    kernel.close()


@pytest.fixture
def fresh_kernel(course):
    """A kernel of its own, for tests that may kill it."""
    kernel = Kernel(course / "autograded" / "ada" / "ps1")
    yield kernel
    kernel.close()


class TestInsideAConfinedKernel:
    pytestmark = slow

    def test_it_runs_in_the_working_copy_as_a_uid_of_its_own(self, kernel, course):
        assert kernel.value("os.getcwd()") == str(course / "autograded" / "ada" / "ps1")
        uid = kernel.value("os.getuid()")
        assert uid in sandbox.SANDBOX_UIDS if AS_ROOT else uid == os.getuid()

    def test_the_course_root_is_out_of_sight(self, kernel, course):
        for path in ("gradebook.db", "source/ps1/ps1.ipynb", "release/ps1/ps1.ipynb", "submitted/grace/ps1/ps1.ipynb",
                     "autograded/grace/ps1/ps1.ipynb", "exchange"):
            assert kernel.value(f"os.path.exists({str(course / path)!r})") is False, path
        assert kernel.value(f"os.listdir({str(course)!r})") == ["autograded"]
        content, _ = kernel.run(f"open({str(course / 'gradebook.db')!r}).read()")
        assert content["ename"] == "FileNotFoundError"

    def test_the_repository_and_roots_home_are_out_of_sight(self, kernel, course):
        assert set(kernel.value(f"os.listdir({str(REPO)!r})")) <= {".venv", "grader"}
        # Beside the repository, only what the kernel is given may show: for a clone
        # directly in /tmp, the kernel's runtime folder, the course's working copy and
        # what IPython writes in its HOME, which is the kernel's own /tmp.
        given = {Path(p).relative_to(REPO.parent).parts[0] for p in (kernel.km._runtime_dir, course)
                 if Path(p).is_relative_to(REPO.parent)}
        if REPO.parent == Path("/tmp"):
            given.add(".ipython")
        assert set(kernel.value(f"os.listdir({str(REPO.parent)!r})")) == {REPO.name} | given
        home = [p for p in Path("/root").iterdir() if p.is_file()] if os.access("/root", os.R_OK) else []
        for path in home:
            assert kernel.value(f"os.path.exists({str(path)!r})") is False, path

    def test_the_hosts_tmp_is_out_of_sight(self, kernel):
        with tempfile.NamedTemporaryFile(dir="/tmp") as visible_to_the_host:
            assert kernel.value(f"os.path.exists({visible_to_the_host.name!r})") is False

    def test_the_working_copy_is_read_only(self, kernel):
        assert kernel.value("open('ps1.ipynb').read()") == "{}"
        content, _ = kernel.run("open('answers.txt', 'w')")
        assert content["ename"] == "OSError" and "Read-only file system" in content["evalue"]

    def test_the_runtime_folder_cannot_be_written_once_the_kernel_is_up(self, kernel):
        content, _ = kernel.run(f"open('{kernel.km._runtime_dir}/filler', 'wb').write(b'x')")
        assert content["status"] == "error" and content["ename"] == "PermissionError"

    def test_tmp_and_home_are_writable(self, kernel):
        content, _ = kernel.run("open('/tmp/scratch', 'w').write('x'); open(os.path.expanduser('~/calc4ml-home-check'), 'w')")
        assert content["status"] == "ok"

    def test_there_is_no_network(self, kernel):
        content, _ = kernel.run("import socket; socket.create_connection(('1.1.1.1', 53), timeout=2)")
        assert content["status"] == "error" and content["ename"] in ("OSError", "TimeoutError", "gaierror")

    def test_the_grader_package_works_but_its_demo_is_hidden(self, kernel):
        content, _ = kernel.run("import grader.checks, numpy, sympy, matplotlib.pyplot")
        assert content["status"] == "ok", content
        assert kernel.value(f"os.listdir({str(REPO / 'grader' / 'demo')!r})") == []
        assert kernel.run("import grader.demo.classroom")[0]["ename"] == "ModuleNotFoundError"

    def test_the_graders_secrets_are_not_in_its_environment(self, kernel):
        environment = kernel.value("dict(os.environ)")
        assert "CALC4ML_TEST_SECRET" not in environment
        assert environment["HOME"] == "/tmp"
        assert kernel.value("__import__('getpass').getuser()") == "student"  # though its uid has no name

    def test_limits_apply(self, kernel):
        limits = kernel.value("[resource.getrlimit(getattr(resource, 'RLIMIT_' + name))"
                              " for name in ('AS', 'CPU', 'NPROC', 'FSIZE', 'NOFILE')]")
        assert limits == [(3 * 2**30,) * 2, (120,) * 2, (64,) * 2, (64 * 2**20,) * 2, (256,) * 2]

    def test_a_file_larger_than_the_limit_cannot_be_written(self, kernel):
        content, _ = kernel.run("open('/tmp/big', 'wb').write(bytes(65 * 2**20))")
        assert content["status"] == "error"  # SIGXFSZ is ignored by Python: the write fails
        kernel.run("import os; os.remove('/tmp/big')")

    def test_an_infinite_loop_is_interrupted(self, kernel):
        msg_id = kernel.kc.execute("while True: pass")
        time.sleep(1)
        kernel.loop.run_until_complete(kernel.km.interrupt_kernel())
        reply = kernel.loop.run_until_complete(kernel.kc.get_shell_msg(timeout=10))
        assert reply["parent_header"]["msg_id"] == msg_id
        assert reply["content"]["ename"] == "KeyboardInterrupt"


class TestKernelsThatMisbehave:
    pytestmark = slow

    def test_a_memory_bomb_fails_without_harming_the_host(self, fresh_kernel):
        try:
            content, _ = fresh_kernel.run("x = bytearray(8 * 2**30)", timeout=60)
            assert content["ename"] == "MemoryError"
        except RuntimeError:  # the kernel died before replying
            assert not fresh_kernel.alive()
        assert Path("/proc/self").exists()

    def test_a_fork_bomb_hits_the_process_limit(self, fresh_kernel):
        content, printed = fresh_kernel.run("""
            import errno, os, time
            children, failure = [], None
            try:
                for _ in range(1000):
                    pid = os.fork()
                    if pid == 0:  # the child only waits and leaves, touching nothing of the kernel's
                        time.sleep(2)
                        os._exit(0)
                    children.append(pid)
            except OSError as error:
                failure = errno.errorcode[error.errno]
            for pid in children:
                os.waitpid(pid, 0)
            print(len(children), failure)
        """, timeout=60)
        forked, failure = printed.split()
        assert failure == "EAGAIN" and int(forked) < 64, printed
        assert fresh_kernel.alive()

    def test_shutting_the_kernel_down_leaves_no_process_and_no_runtime_folder(self, course):
        kernel = Kernel(course / "autograded" / "ada" / "ps1")
        runtime_dir = kernel.km._runtime_dir
        processes = descendants(kernel.km.provisioner.pid)
        assert len(processes) >= 2 and runtime_dir.is_dir()
        kernel.close()
        assert all_gone(processes)
        assert not runtime_dir.exists()

    def test_a_kernel_that_cannot_start_leaves_no_runtime_folder(self, tmp_path, monkeypatch):
        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
        with pytest.raises(FileNotFoundError):
            Kernel(tmp_path / "no-such-folder")
        assert list(tmp_path.iterdir()) == []

    def test_a_killed_grader_takes_its_kernels_along(self, course):
        grader = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
            import asyncio, sys, time
            from grader.nbgrader_plugins.confined_kernel import ConfinedKernelManager
            async def main():
                km = ConfinedKernelManager(kernel_name="python3")
                await km.start_kernel(cwd={str(course / "autograded" / "ada" / "ps1")!r})
                print(km.provisioner.pid, km._runtime_dir, flush=True)
                time.sleep(60)
            asyncio.run(main())
        """)], stdout=subprocess.PIPE, text=True)
        pid, runtime_dir = grader.stdout.readline().split()
        time.sleep(1)
        processes = descendants(int(pid)) + [int(pid)]
        grader.kill()
        grader.wait()
        shutil.rmtree(runtime_dir)  # a killed grader cannot remove it
        assert all_gone(processes)


def descendants(pid: int) -> list[int]:
    children = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def all_gone(pids: list[int], seconds: float = 10) -> bool:
    """Whether every process has ended (zombies count as ended) within `seconds`."""
    def alive(pid):
        try:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False

    deadline = time.monotonic() + seconds
    while any(alive(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


# ------------------------------------------------------------ ConfinedExecute

KILLERS = {"exit": "import os; os._exit(1)",
           "sigkill": "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"}


def notebook(*cells) -> nbformat.NotebookNode:
    return new_notebook(cells=list(cells), metadata={"kernelspec": {"name": "python3", "language": "python",
                                                                    "display_name": "Python 3"}})


def grading_cell(source: str, grade_id: str = "test_a"):
    return new_code_cell(source, metadata={"nbgrader": {"grade": True, "solution": False, "locked": True,
                                                        "grade_id": grade_id, "points": 1}})


def execute(nb, folder: Path, **traits) -> nbformat.NotebookNode:
    folder.chmod(0o755)
    ConfinedExecute(**{"timeout": 5, **traits}).preprocess(nb, {"metadata": {"path": str(folder)}})
    return nb


def printed(cell) -> str:
    return "".join(o.text for o in cell.outputs if o.output_type == "stream")


def errors(cell) -> list[str]:
    return [o.ename for o in cell.outputs if o.output_type == "error"]


class TestConfinedExecute:
    pytestmark = slow

    @pytest.mark.parametrize("killer", KILLERS.values(), ids=KILLERS.keys())
    def test_a_dying_kernel_costs_only_its_cell(self, tmp_path, killer):
        nb = execute(notebook(new_code_cell("a = 41"), new_code_cell(f"print('before'); {killer}"),
                              new_markdown_cell("text"), new_code_cell("print(a + 1)")), tmp_path)
        (died,) = nb.cells[1].outputs[-1:]
        assert died.ename == "KernelDied" and "fresh kernel" in died.evalue
        assert died.traceback == [f"KernelDied: {died.evalue}"]
        assert printed(nb.cells[3]) == "42\n"  # the earlier cell was replayed

    def test_replay_skips_test_cells_and_cells_that_killed_the_kernel(self, tmp_path):
        nb = execute(notebook(
            new_code_cell("runs = []"),
            new_code_cell("runs.append('student')"),
            grading_cell("runs.append('test')"),
            new_code_cell(f"runs.append('killer'); {KILLERS['exit']}"),
            new_code_cell(KILLERS["exit"]),
            new_code_cell("print(runs)")), tmp_path)
        assert errors(nb.cells[3]) == errors(nb.cells[4]) == ["KernelDied"]
        assert printed(nb.cells[5]) == "['student']\n"

    def test_a_loop_that_ignores_the_interrupt_costs_only_its_cell(self, tmp_path):
        nb = execute(notebook(
            new_code_cell("a = 41"),
            new_code_cell("import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass"),
            new_code_cell("print(a + 1)")), tmp_path)
        assert errors(nb.cells[1]) == ["CellTimeoutError"]
        assert "did not stop when interrupted" in nb.cells[1].outputs[-1].evalue
        assert printed(nb.cells[2]) == "42\n"

    def test_a_loop_stopped_at_the_timeout_is_not_replayed(self, tmp_path):
        nb = execute(notebook(
            new_code_cell("runs = []"),
            new_code_cell("runs.append('loop')\nwhile True:\n    pass"),
            new_code_cell(KILLERS["exit"]),
            new_code_cell("print(runs)")), tmp_path)
        assert "CellTimeoutError" in errors(nb.cells[1])
        assert printed(nb.cells[3]) == "[]\n"

    def test_the_cpu_limit_kills_only_its_cell(self, tmp_path):
        config = Config()
        config.ConfinedKernelManager.cpu_seconds = 3
        nb = execute(notebook(new_code_cell("a = 41"), new_code_cell("while True:\n    pass"),
                              new_code_cell("print(a + 1)")), tmp_path, timeout=30, config=config)
        assert errors(nb.cells[1]) == ["KernelDied"]
        assert printed(nb.cells[2]) == "42\n"

    def test_after_five_deaths_the_rest_is_not_run(self, tmp_path):
        cells = [new_code_cell(KILLERS["exit"]) for _ in range(MAX_KERNEL_DEATHS + 1)] + [new_code_cell("print(1)")]
        nb = execute(notebook(*cells), tmp_path)
        outcomes = [c.outputs[-1].evalue for c in nb.cells]
        assert all("fresh kernel" in text for text in outcomes[:MAX_KERNEL_DEATHS])
        assert all(text.startswith("not run") for text in outcomes[MAX_KERNEL_DEATHS:])
        assert [len(c.outputs) for c in nb.cells] == [1] * len(cells)

    def test_without_the_sandbox_autograde_refuses(self, tmp_path, monkeypatch):
        monkeypatch.setattr(sandbox, "sandbox_available", lambda: "bwrap: no permission to create namespaces")
        with pytest.raises(SandboxUnavailableError) as refusal:
            execute(notebook(new_code_cell("print(1)")), tmp_path)
        message = str(refusal.value)
        assert "refuses to run student code unconfined" in message
        assert "bwrap: no permission to create namespaces" in message
        assert "python -m grader autograde --unconfined" in message
        assert "c.ConfinedKernelManager.unconfined = True" in message
        assert "\n" not in message

    def test_unconfined_runs_anyway(self, tmp_path, monkeypatch):
        monkeypatch.setattr(sandbox, "sandbox_available", lambda: "bwrap: no permission to create namespaces")
        config = Config()
        config.ConfinedKernelManager.unconfined = True
        nb = execute(notebook(new_code_cell("import os; print(os.getuid())")), tmp_path, config=config)
        assert printed(nb.cells[0]) == f"{os.getuid()}\n"


@pytest.mark.pipeline
@pytest.mark.xdist_group("sandbox")
def test_the_refusal_reaches_the_instructor(tmp_path, monkeypatch):
    """Through the preflight of the run, as `python -m grader autograde` prints it."""
    root = tmp_path / "course"
    (root / "source" / "mini").mkdir(parents=True)
    (root / "nbgrader_config.py").write_text((REPO / "nbgrader_config.py").read_text())
    answer = new_code_cell("answer = 42", metadata={"nbgrader": {"grade": False, "solution": True, "locked": False,
                                                                 "grade_id": "answer", "schema_version": 3}})
    nb = notebook(answer)
    nbformat.write(nb, str(root / "source" / "mini" / "mini.ipynb"))
    course = Course(root)
    course.generate("mini")
    submitted = root / "submitted" / "ada" / "mini"
    submitted.mkdir(parents=True)
    nbformat.write(nb, str(submitted / "mini.ipynb"))
    (submitted / "timestamp.txt").write_text("2026-11-23 12:00:00.000000 UTC")
    monkeypatch.setattr(sandbox, "sandbox_available", lambda: "bwrap: no permission to create namespaces")

    with pytest.raises(EnvironmentFault) as refusal:  # the whole run, before anyone is graded
        course.autograde("mini")

    assert ("SandboxUnavailableError: autograde refuses to run student code unconfined, and the sandbox could not "
            "start: bwrap: no permission to create namespaces") in str(refusal.value)
    assert "python -m grader autograde --unconfined" in str(refusal.value)
    assert course.scores() == {}


class TestOutputsOfAConfinedRun:
    pytestmark = slow

    def test_a_later_cell_cannot_rewrite_an_earlier_cells_output(self, tmp_path):
        nb = execute(notebook(
            new_code_cell("from IPython.display import display\n"
                          "h = display({'text/plain': 'first'}, raw=True, display_id=True)"),
            new_code_cell("h.update({'text/plain': 'rewritten'}, raw=True)")), tmp_path)
        assert [o.data["text/plain"] for o in nb.cells[0].outputs] == ["first"]

    def test_a_cell_may_update_its_own_display(self, tmp_path):
        nb = execute(notebook(new_code_cell(
            "from IPython.display import display\n"
            "h = display({'text/plain': 'first'}, raw=True, display_id=True)\n"
            "h.update({'text/plain': 'second'}, raw=True)")), tmp_path)
        assert [o.data["text/plain"] for o in nb.cells[0].outputs] == ["second"]

    def test_a_flood_of_output_is_cut_at_the_limit(self, tmp_path):
        nb = execute(notebook(new_code_cell("for _ in range(50):\n    print('x' * 100_000)"),
                              new_code_cell("print('after')")), tmp_path)
        text = printed(nb.cells[0])
        assert len(text) == MAX_OUTPUT + len(TRUNCATED) and text.endswith(TRUNCATED)
        assert printed(nb.cells[1]) == "after\n"

    def test_a_notebook_cannot_write_into_its_kernels_runtime_folder(self, tmp_path):
        nb = execute(notebook(new_code_cell(
            "import os, sys\n"
            "folder = os.path.dirname(sys.argv[sys.argv.index('-f') + 1])\n"
            "try:\n"
            "    open(os.path.join(folder, 'ballast'), 'wb').write(b'x')\n"
            "    print('written')\n"
            "except PermissionError:\n"
            "    print('refused')")), tmp_path)
        assert printed(nb.cells[0]) == "refused\n"
