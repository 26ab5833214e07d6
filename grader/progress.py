"""What a person reads while a class is processed: a line per submission or a progress bar, then a summary."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from grader.flags import Flag


@dataclass(frozen=True)
class StepResult:
    student: str
    ok: bool
    detail: str = ""  # one sentence a line: why it failed, or what to know although it succeeded
    skipped: bool = False  # graded before and unchanged since
    seconds: float | None = None  # time spent grading it (on its worker)
    flags: tuple[Flag, ...] = ()  # what grading flagged for the instructor (also in `detail`)


class Reporter(Protocol):
    def start(self, assignment: str, total: int) -> None: ...
    def done(self, result: StepResult) -> None: ...
    def finish(self, results: list[StepResult], seconds: float, where: str) -> None: ...


def summary(assignment: str, results: list[StepResult], seconds: float, where: str) -> list[str]:
    graded = [r for r in results if r.ok and not r.skipped]
    skipped = [r for r in results if r.skipped]
    refused = [r for r in results if not r.ok]
    flagged = [r for r in graded if r.flags]
    rate = len(graded) / seconds * 60 if seconds > 0 and graded else 0.0
    lines = [f"{assignment}: {len(graded)} graded, {len(skipped)} unchanged and skipped, {len(refused)} refused, "
             f"{len(flagged)} flagged; {seconds:.1f} s {where} ({rate:.1f} submissions per minute)"]
    lines += [f"  refused {r.student}: {r.detail.splitlines()[0] if r.detail else 'no reason given'}" for r in refused]
    lines += [f"  flagged {r.student}: see its lines above" for r in flagged]
    return lines


class LineReporter:
    """A line per submission (what CI logs and the tests read): `  [i/n] autograde <assignment> <student>: ok`."""

    def __init__(self, say: Callable[[str], None] | None, step: str = "autograde"):
        self.say = say or (lambda line: None)
        self.step = step
        self.count = self.total = 0
        self.assignment = ""

    def start(self, assignment: str, total: int) -> None:
        self.assignment, self.total, self.count = assignment, total, 0

    def done(self, result: StepResult) -> None:
        self.count += 1
        self.say(f"  [{self.count}/{self.total}] {self.step} {self.assignment} {result.student}: "
                 f"{'ok' if result.ok else 'FAILED'}")
        for line in result.detail.splitlines():
            self.say(f"      {line}")

    def finish(self, results: list[StepResult], seconds: float, where: str) -> None:
        for line in summary(self.assignment, results, seconds, where):
            self.say(line)


class BarReporter(LineReporter):
    """On a terminal: a progress bar with count, rate and ETA; failures and flags are printed above it."""

    def start(self, assignment: str, total: int) -> None:
        from tqdm import tqdm

        super().start(assignment, total)
        self.bar = tqdm(total=total, desc=f"autograde {assignment}", unit="submission", file=sys.stderr,
                        dynamic_ncols=True)
        self.say = self.bar.write

    def done(self, result: StepResult) -> None:
        self.bar.update(1)
        self.count += 1
        if not result.ok or result.detail:
            self.say(f"{result.student}: {'ok' if result.ok else 'FAILED'}")
            for line in result.detail.splitlines():
                self.say(f"    {line}")

    def finish(self, results: list[StepResult], seconds: float, where: str) -> None:
        self.bar.close()
        self.say = print
        super().finish(results, seconds, where)


def reporter_for(stream=sys.stdout) -> Reporter:
    if stream.isatty():
        return BarReporter(None)
    return LineReporter(lambda line: print(line, file=stream, flush=True))
