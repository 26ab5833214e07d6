"""The sandbox a student's grading kernel runs in: bubblewrap, resource limits, an unprivileged uid.

Stock nbgrader runs student code with the grader's rights, beside the gradebook,
the source notebooks (every hidden test) and the other students' work. A
confined kernel sees only the system's read-only files, the Python it runs on,
the `grader` package without its demo (complete model solutions), the student's
own working copy (read-only) and one private writable folder for its connection
file and IPC sockets. It has no network, its own process tree, only the
grader's harmless environment variables, and limits on memory, CPU time,
processes, file size, open files and /tmp.

This module only builds commands and checks that they run; the kernel manager
in `grader.nbgrader_plugins.confined_kernel` launches kernels with them.
"""

from __future__ import annotations

import functools
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

MiB = 2**20
GiB = 2**30

# When the grader is root, each kernel runs as a uid of its own from this
# range: root ignores RLIMIT_NPROC (and could undo every other limit), and the
# limit counts every process of a uid on the host, so kernels sharing `nobody`
# would share 64 processes (an idle kernel has 12 threads) and one student's
# fork bomb would starve every other kernel graded at the time. No user owns
# these uids (the range is one systemd leaves unallocated).
SANDBOX_UIDS = range(0x7000_0000, 0x7100_0000)

# The only variables of the grader's environment a kernel gets: its outputs go
# back to the student in the feedback, so tokens and passwords must not be in reach.
KERNEL_ENVIRONMENT = ("PATH", "LANG", "LANGUAGE", "TZ", "NBGRADER_EXECUTION")

PACKAGE = Path(__file__).resolve().parent


def kernel_python_path() -> str:
    """The PYTHONPATH that makes a kernel import this very `grader` package.

    The environment may know another copy: an editable install of a different
    checkout maps `grader` to that checkout, which the sandbox does not show,
    and a copied course graded with it would fail to import `grader` in every
    kernel. PYTHONPATH comes before site-packages and its import hooks.
    """
    return str(PACKAGE.parent)


@dataclass(frozen=True)
class Limits:
    """Per-kernel resource limits (each process of the kernel gets them, and its children inherit them)."""

    # RLIMIT_AS counts address space, not resident memory: importing NumPy,
    # SymPy and matplotlib maps about 1 GiB, so 3 GiB leaves room for honest work.
    memory: int = 3 * GiB
    # CPU seconds for the kernel's whole life, across all its cells; the
    # wall-clock limit per cell is nbgrader's Execute.timeout.
    cpu_seconds: int = 120
    # Processes and threads of the kernel's uid.
    processes: int = 64
    file_size: int = 64 * MiB
    open_files: int = 256
    # /tmp (also HOME) is a tmpfs: what is written there takes the host's RAM.
    tmp_size: int = 256 * MiB


def python_paths() -> list[Path]:
    """What the kernel must read to run: the virtual environment, its interpreter, the `grader` package."""
    # abspath, not realpath: the environment's python is a symlink that must stay
    # one, but a `..` in the path (`tests/../.venv`) would name folders the sandbox lacks.
    return [Path(os.path.abspath(sys.prefix)), Path(os.path.realpath(sys.base_prefix)), PACKAGE]


def solution_paths() -> list[Path]:
    """Folders of the `grader` package the kernel must not see (the demo holds complete solutions)."""
    return [path for path in [PACKAGE / "demo"] if path.is_dir()]


def kernel_environment(env: dict[str, str]) -> dict[str, str]:
    return {name: value for name, value in env.items()
            if name in KERNEL_ENVIRONMENT or name.startswith("LC_")}


def kernel_uid() -> int | None:
    """The uid a new kernel runs as: one of its own if we are root, else ours (None)."""
    # Not `random`: seeded by the grader's code, it would give every grader the same uids.
    return secrets.choice(SANDBOX_UIDS) if os.geteuid() == 0 else None


# A Unix socket's path has at most 107 bytes; the kernel's are this folder plus `/kernel-N`.
MAX_RUNTIME_BASE = 64


def make_runtime_dir(uid: int | None) -> Path:
    """A new private folder for a kernel's connection file and sockets."""
    base = tempfile.gettempdir()
    # A worker's TMPDIR can be deep inside its scratch folder (a Dask worker's, a batch job's).
    runtime_dir = Path(tempfile.mkdtemp(prefix="calc4ml-kernel-", dir=base if len(base) <= MAX_RUNTIME_BASE else "/tmp"))
    hand_over(runtime_dir, uid)
    return runtime_dir


def hand_over(runtime_dir: Path, uid: int | None) -> None:
    """Give the runtime folder and what is in it (the connection file, once written) to the kernel's uid."""
    if uid is not None:
        for path in [runtime_dir, *runtime_dir.iterdir()]:
            os.chown(path, uid, uid)


def take_back(runtime_dir: Path) -> None:
    """The runtime folder, made the grader's and read-only for everyone else (its files stay usable)."""
    if os.geteuid() == 0:
        os.chown(runtime_dir, 0, 0)
    os.chmod(runtime_dir, 0o755 if os.geteuid() == 0 else 0o555)


def _system_mounts() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"]
    for top in ("/lib", "/lib64", "/bin", "/sbin"):
        # On merged-/usr systems these are symlinks into /usr; elsewhere real folders.
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    return args


def bwrap_command(kernel_cmd: list[str], *, workdir: Path, runtime_dir: Path, limits: Limits,
                  readable: list[Path], hidden: list[Path], uid: int | None) -> list[str]:
    """`kernel_cmd` wrapped in bubblewrap and resource limits, run as `uid` (None: as we are, not root)."""
    if uid is None:
        namespaces = ["--unshare-all"]
    else:
        # Everything --unshare-all unshares except the user namespace: in one
        # made by root only uid 0 exists, so the switch to `uid` would fail.
        namespaces = ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"]
    made = {"/", "/tmp"}

    def bind(option: str, path: Path) -> list[str]:
        # Run as root, bwrap creates missing mount points with mode 0700, which
        # the kernel's uid could not enter; folders made with --dir are 0755.
        parents = [str(p) for p in reversed(path.parents) if str(p) not in made]
        made.update(parents)
        return [*(arg for parent in parents for arg in ("--dir", parent)), option, str(path), str(path)]

    # Mounts apply in order, a later one covering an earlier one: /tmp's tmpfs
    # comes before anything bound below /tmp, the hidden folders after the
    # binds that contain them, and the writable runtime folder last so that
    # nothing makes it read-only again.
    args = ["bwrap", *namespaces,
            # In its own pid namespace the kernel cannot see the grader's pid
            # and would take that for its parent's exit. Its parent there is
            # pid 1, bwrap's, which --die-with-parent ends with the grader;
            # ipykernel knows not to watch pid 1 (and then prints no banner).
            "--die-with-parent", "--new-session", "--setenv", "JPY_PARENT_PID", "1",
            *_system_mounts(),
            "--proc", "/proc", "--dev", "/dev",
            "--perms", "1777", "--size", str(limits.tmp_size), "--tmpfs", "/tmp"]
    for path in readable:
        args += bind("--ro-bind", path)
    args += bind("--ro-bind", workdir)
    for path in hidden:
        args += ["--perms", "0555", "--tmpfs", str(path)]
    args += [*bind("--bind", runtime_dir),
             "--chdir", str(workdir),
             "--setenv", "HOME", "/tmp", "--setenv", "MPLCONFIGDIR", "/tmp",
             "--setenv", "PYTHONPATH", kernel_python_path(),
             # The kernel's uid has no name in /etc/passwd; getpass.getuser() reads these first.
             "--setenv", "USER", "student", "--setenv", "LOGNAME", "student",
             # One BLAS thread per kernel: threads count against the process limit.
             "--setenv", "OPENBLAS_NUM_THREADS", "1", "--setenv", "OMP_NUM_THREADS", "1",
             "prlimit", f"--as={limits.memory}", f"--cpu={limits.cpu_seconds}", f"--nproc={limits.processes}",
             f"--fsize={limits.file_size}", f"--nofile={limits.open_files}"]
    if uid is not None:
        args += ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups"]
    return [*args, *(os.path.abspath(arg) if arg.startswith("/") else arg for arg in kernel_cmd[:1]), *kernel_cmd[1:]]


@functools.cache
def sandbox_available() -> str | None:
    """None if Python runs in the sandbox kernels get, else why not (one line). Tried once per process."""
    if shutil.which("bwrap") is None:
        return "bubblewrap (bwrap) is not installed: apt-get install bubblewrap"
    uid = kernel_uid()
    with tempfile.TemporaryDirectory() as workdir:
        os.chmod(workdir, 0o755)  # as nbgrader makes a working copy
        runtime_dir = make_runtime_dir(uid)
        command = bwrap_command([sys.executable, "-c", "pass"], workdir=Path(workdir), runtime_dir=runtime_dir,
                                limits=Limits(), readable=python_paths(), hidden=solution_paths(), uid=uid)
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=60,
                                  env=kernel_environment(dict(os.environ)))
        except subprocess.TimeoutExpired:
            return "Python did not start in the sandbox within 60 s"
        finally:
            shutil.rmtree(runtime_dir, ignore_errors=True)
    if done.returncode != 0:
        lines = [line.strip() for line in done.stderr.splitlines() if line.strip()]
        return lines[-1] if lines else f"bwrap exited with status {done.returncode}"
    return None
