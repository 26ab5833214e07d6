"""A kernel manager that starts every kernel inside the sandbox of `grader.sandbox`.

The kernel talks to the grader over IPC sockets in a private runtime folder,
the one folder it may write: TCP cannot leave its empty network namespace.
When the sandbox cannot start, no kernel starts either (unless the course opts
out with `unconfined`): grading would otherwise silently run student code with
the grader's rights.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import Bool, Int

from grader import sandbox

_DEFAULTS = sandbox.Limits()


class SandboxUnavailableError(RuntimeError):
    """Raised instead of starting a kernel unconfined. nbgrader logs it as the submission's error."""


class ConfinedKernelManager(AsyncKernelManager):
    unconfined = Bool(False, help="Start kernels without the sandbox (student code runs with the grader's rights)."
                      ).tag(config=True)
    memory = Int(_DEFAULTS.memory, help="Address-space limit of each kernel process, in bytes.").tag(config=True)
    cpu_seconds = Int(_DEFAULTS.cpu_seconds, help="CPU seconds a kernel may use in its whole life.").tag(config=True)
    processes = Int(_DEFAULTS.processes, help="Processes and threads a kernel may have.").tag(config=True)
    file_size = Int(_DEFAULTS.file_size, help="Largest file a kernel may write, in bytes.").tag(config=True)
    open_files = Int(_DEFAULTS.open_files, help="Open files per kernel process.").tag(config=True)
    tmp_size = Int(_DEFAULTS.tmp_size, help="Size of the kernel's in-memory /tmp (also its HOME), in bytes."
                   ).tag(config=True)

    _runtime_dir: Path | None = None
    _uid: int | None = None
    _warned_unconfined = False  # once per process, not once per submission

    @property
    def limits(self) -> sandbox.Limits:
        return sandbox.Limits(memory=self.memory, cpu_seconds=self.cpu_seconds, processes=self.processes,
                              file_size=self.file_size, open_files=self.open_files, tmp_size=self.tmp_size)

    async def _async_pre_start_kernel(self, **kw):
        if self.unconfined:
            if not ConfinedKernelManager._warned_unconfined:
                ConfinedKernelManager._warned_unconfined = True
                self.log.warning("Kernels run UNCONFINED: student code has the grader's rights "
                                 "(ConfinedKernelManager.unconfined is True).")
            return await super()._async_pre_start_kernel(**kw)
        reason = sandbox.sandbox_available()
        if reason is not None:
            raise SandboxUnavailableError(
                f"autograde refuses to run student code unconfined, and the sandbox could not start: {reason}. "
                "To grade anyway, without confinement: python -m grader autograde --unconfined, "
                "or c.ConfinedKernelManager.unconfined = True in nbgrader_config.py.")
        if not kw.get("cwd"):
            raise ValueError("a confined kernel needs cwd: the folder of the notebook it runs")
        if self._runtime_dir is None:  # a restart keeps its uid and folder
            self._uid = sandbox.kernel_uid()
            self._runtime_dir = sandbox.make_runtime_dir(self._uid)
        self.transport = "ipc"
        # Absolute: an IPC path relative to the grader's cwd is another path inside the sandbox.
        self.ip = str(self._runtime_dir / "kernel")
        self.connection_file = str(self._runtime_dir / "kernel.json")
        # A signal to the bwrap process would not reach the kernel in its own
        # pid namespace and session; the kernel interrupts itself on request.
        self.kernel_spec.interrupt_mode = "message"
        return await super()._async_pre_start_kernel(**kw)

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        if not self.unconfined:
            kernel_cmd = sandbox.bwrap_command(
                kernel_cmd, workdir=Path(kw["cwd"]).resolve(), runtime_dir=self._runtime_dir,
                limits=self.limits, readable=sandbox.python_paths(), hidden=sandbox.solution_paths(), uid=self._uid)
            kw["env"] = sandbox.kernel_environment(kw["env"])
            sandbox.hand_over(self._runtime_dir, self._uid)  # the connection file is written by now
        else:
            kw["env"] = {**kw["env"], "PYTHONPATH": sandbox.kernel_python_path()}
        try:
            await super()._async_launch_kernel(kernel_cmd, **kw)
        except Exception:
            self._remove_runtime_dir()  # no shutdown will follow a kernel that never started
            raise

    def seal_runtime_dir(self) -> None:
        """Once the kernel is up, take back its one writable folder.

        Its sockets exist by then and stay usable, and nothing else needs
        writing there: left writable, the folder would let a student's code fill
        the grader's disk, 64 MiB file after 64 MiB file.
        """
        if self._runtime_dir is not None and not self.unconfined:
            sandbox.take_back(self._runtime_dir)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            self._remove_runtime_dir()

    # AsyncKernelManager binds its public names to the base class's functions.
    cleanup_resources = _async_cleanup_resources

    def _remove_runtime_dir(self) -> None:
        if self._runtime_dir is not None:
            shutil.rmtree(self._runtime_dir, ignore_errors=True)
            self._runtime_dir = None
