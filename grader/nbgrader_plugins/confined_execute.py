"""nbgrader's Execute with confined kernels, where a kernel that dies costs only the cell that killed it.

Stock nbgrader fails the whole submission when the kernel dies (`os._exit`,
the memory or CPU limit, a killed process) or when a cell outlives its timeout
and ignores the interrupt. Here that cell gets an error output, a fresh kernel
replays the cells before it quietly, and grading goes on with the next cell.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import ensure_async, run_sync
from nbformat import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Bool, Integer

from grader import warm_kernels
from grader.evidence_codec import MIME_TYPE
from grader.nbgrader_plugins import is_test_cell
from grader.nbgrader_plugins.confined_kernel import ConfinedKernelManager

# A notebook that keeps killing its kernel is not worth restarting forever:
# each restart replays the notebook so far.
MAX_KERNEL_DEATHS = 5

KERNEL_DIED = ("the kernel stopped while running this cell (it exited, or ran out of memory or CPU time); "
               "grading went on with a fresh kernel")
STUCK = ("the cell ran past the time limit and did not stop when interrupted, so its kernel was stopped; "
         "grading went on with a fresh kernel")
NOT_RUN = f"not run: the kernel died {MAX_KERNEL_DEATHS} times in this notebook, so grading stopped"
OVER_BUDGET = ("not run: the notebook used up its time for grading ({seconds} s in all), "
               "so grading stopped here and went on with the next student")


# Output a cell may keep, in bytes of text. The kernel's output is held in the
# grader's memory and written into the autograded notebook and the feedback;
# nbgrader's LimitOutput counts lines, and one line can be a gigabyte long.
# Evidence (grader.evidence_codec) has an allowance of its own, so a chatty
# answer never crowds out the evidence its test cell sends.
MAX_OUTPUT = 2 * 2**20
MAX_EVIDENCE = 32 * 2**20
TRUNCATED = f"[output truncated: this cell printed more than {MAX_OUTPUT // 2**20} MiB]\n"


def _size(out: NotebookNode) -> int:
    if out.output_type == "stream":
        return len(out.text)
    if out.output_type == "error":
        return len(out.evalue) + sum(len(line) for line in out.traceback)
    return sum(len(value) if isinstance(value, str) else len(json.dumps(value)) for value in out.get("data", {}).values())


def _error(ename: str, evalue: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


class ConfinedExecute(Execute):
    kc: Any  # nbclient's kernel client: None until a kernel is started, and between replacements
    # Execute.timeout bounds one cell; a notebook of many slow cells would still hold
    # its worker (and every student queued behind it) for cells x timeout.
    time_budget = Integer(300, help="Wall-clock seconds one notebook may run in all, replays included; "
                                    "cells after that are not run and score 0.").tag(config=True)

    def __init__(self, **kw):
        super().__init__(**kw)
        if "kernel_manager_class" not in kw:
            # nbgrader's Execute passes its default as an argument, which outranks the configuration.
            self.kernel_manager_class = self._find_my_config(self.config).get("kernel_manager_class",
                                                                             ConfinedKernelManager)

    prestart = Bool(False, help="Start the next notebook's kernel while this one runs. Only where one folder "
                                "holds one submission at a time: the warm kernel sees the folder above the "
                                "notebook's (grader.grading_task sets it for its scratch course).").tag(config=True)

    def _kernel_arguments(self) -> list[str]:
        # What nbclient adds when it starts a kernel itself: a warm kernel must be started the same way.
        if any(arg.startswith("--HistoryManager.hist_file") for arg in self.extra_arguments):
            return list(self.extra_arguments)
        return [*self.extra_arguments, "--HistoryManager.hist_file=:memory:"]

    def _warm_key(self) -> tuple:
        folder = Path(self.resources["metadata"]["path"]).resolve().parent
        return (self.kernel_name, str(folder), tuple(self._kernel_arguments()))

    def create_kernel_manager(self):
        super().create_kernel_manager()  # sets self.km: the fresh manager, replaced below by a warm one
        self._warm_taken = False
        if self.prestart:
            warm = warm_kernels.take(self._warm_key())
            if warm is not None:
                self.km, self._warm_taken = warm, True
        return self.km

    async def async_start_new_kernel_client(self):
        kc = await super().async_start_new_kernel_client()
        if hasattr(self.km, "seal_runtime_dir"):  # the kernel is ready: its sockets exist
            self.km.seal_runtime_dir()
        if self._warm_taken:
            # A warm kernel was started in the folder above this notebook's, before that existed.
            folder = str(Path(self.resources["metadata"]["path"]).resolve())
            msg_id = kc.execute(f"__import__('os').chdir({folder!r})", silent=True, store_history=False)
            await self.async_wait_for_reply(msg_id)
        if self.prestart:
            key = self._warm_key()
            warm_kernels.start(key, lambda: self.kernel_manager_class(kernel_name=self.kernel_name, config=self.config),
                               cwd=key[1], extra_arguments=self._kernel_arguments())
        return kc

    # nbconvert's preprocess starts the client through this synchronous twin,
    # which nbclient binds to its own coroutine, not to an override.
    start_new_kernel_client = run_sync(async_start_new_kernel_client)

    _warm_taken = False

    def preprocess(self, nb, resources=None, km=None):
        self._replayable: list[int] = []  # cells a fresh kernel reruns to get back the notebook's state
        self._deaths = 0
        self._running = -1
        self._output_bytes: Counter = Counter()  # (cell, evidence?) -> bytes kept
        self._deadline = time.monotonic() + self.time_budget
        self._cell_timeout = self.timeout
        try:
            return super().preprocess(nb, resources, km)
        finally:
            self.timeout = self._cell_timeout

    def process_message(self, msg, cell, cell_index):
        self._running = cell_index
        return super().process_message(msg, cell, cell_index)

    def _update_display_id(self, display_id, msg):
        # A finished cell's outputs are final: an update (display(..., display_id=...).update)
        # may change outputs of the cell now running only. Otherwise a later cell could rewrite
        # the evidence an earlier test cell sent, with what the later request lent the kernel.
        targets = self._display_id_map.get(display_id, {})
        earlier = {index: outputs for index, outputs in targets.items() if index != self._running}
        for index in earlier:
            del targets[index]
        try:
            super()._update_display_id(display_id, msg)
        finally:
            targets.update(earlier)

    def output(self, outs, msg, display_id, cell_index):
        out = super().output(outs, msg, display_id, cell_index)
        if out is None:
            return out
        evidence = MIME_TYPE in out.get("data", {})
        key = (cell_index, evidence)
        allowance = (MAX_EVIDENCE if evidence else MAX_OUTPUT) - self._output_bytes[key]
        self._output_bytes[key] += _size(out)
        if _size(out) <= allowance:
            return out
        if out.output_type == "stream" and allowance > 0:
            out.text = out.text[:allowance]  # keep what fits: the start of a flood is often the useful part
        elif outs and outs[-1] is out:
            outs.pop()
        if not evidence and not any(o.get("text") == TRUNCATED for o in outs):
            outs.append(NotebookNode(output_type="stream", name="stdout", text=TRUNCATED))
        return None

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or not cell.source.strip():
            return super().preprocess_cell(cell, resources, index)
        if self._deaths >= MAX_KERNEL_DEATHS:
            cell.outputs = [_error("KernelDied", NOT_RUN)]
            return cell, self.resources
        remaining = self._deadline - time.monotonic()
        if remaining < 1:
            cell.outputs = [_error("TimeBudgetExceeded", OVER_BUDGET.format(seconds=self.time_budget))]
            return cell, self.resources
        self.timeout = min(self._cell_timeout, int(remaining)) if self._cell_timeout else int(remaining)
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            cell.outputs.append(_error("KernelDied", KERNEL_DIED))
        except CellTimeoutError:
            # nbclient raises this when, after the timeout's interrupt, the
            # kernel has not gone idle within iopub_timeout: the cell still runs.
            cell.outputs.append(_error("CellTimeoutError", STUCK))
        else:
            # A cell stopped by its timeout would cost the timeout again on every replay.
            timed_out = any(out.output_type == "error" and out.ename == self.error_on_timeout.get("ename")
                            for out in cell.outputs)
            if not (is_test_cell(cell) or timed_out or self.skip_cells_with_tag in cell.metadata.get("tags", [])):
                # Tests are not replayed: their state is the grader's, and they are the slow cells.
                self._replayable.append(index)
            return cell, resources
        self._restart()
        return cell, self.resources

    def _restart(self) -> None:
        """Replace the kernel and replay the replayable cells; a replay that fails costs another death."""
        while True:
            self._deaths += 1
            if self._deaths >= MAX_KERNEL_DEATHS:
                return
            self._replace_kernel()
            failed = self._replay()
            if failed is None:
                return
            self._replayable.remove(failed)

    async def _async_replace_kernel(self) -> None:
        # The old kernel may be stuck in a loop that ignores interrupts: no polite shutdown.
        self.kc.stop_channels()
        if await ensure_async(self.km.is_alive()):
            await ensure_async(self.km.shutdown_kernel(now=True))
        else:
            await ensure_async(self.km.cleanup_resources())
        self.km, self.kc = self.create_kernel_manager(), None
        if not self.km.has_kernel:  # a warm kernel is running already
            await self.async_start_new_kernel()
        await self.async_start_new_kernel_client()

    _replace_kernel = run_sync(_async_replace_kernel)

    async def _async_replay(self) -> int | None:
        """Rerun the replayable cells, outputs discarded; the index of one that died or timed out, else None."""
        for index in self._replayable:
            cell = self.nb.cells[index]
            client = self.kc
            assert client is not None  # started by _async_replace_kernel before any replay
            msg_id = await ensure_async(client.execute(cell.source, store_history=True, stop_on_error=False))
            try:
                # The replay's outputs go to IOPub under this msg_id, which later cells ignore.
                reply = await self.async_wait_for_reply(msg_id, cell)
            except DeadKernelError:
                return index
            if reply is None:
                return index
        return None

    _replay = run_sync(_async_replay)
