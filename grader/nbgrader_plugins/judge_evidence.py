"""After the kernel ran: judge its evidence outside its reach, and write each test cell's outcome.

Second of the course's two steps around nbgrader's `Execute`. For each test cell
planned by `PoseRequests` it takes the evidence the kernel published, checks
that it answers the grader's requests (this run's nonce, one item per request,
in order, decodable), judges it with the judges the plan recorded, and writes
the cell's outputs from the verdicts alone: a line per passing check, an error
for the first failure (which is how nbgrader scores 0). Whatever else the kernel
printed in a test cell is dropped. Evidence that does not answer the request
(missing, extra, altered, or published from a notebook's own cells) scores 0
and is flagged for the instructor in the cell and in
`<notebook>.flags.json` beside the autograded notebook.
"""

from __future__ import annotations

from collections.abc import Sequence

from nbformat.v4 import new_output
from nbgrader.preprocessors import NbGraderPreprocessor

from grader.checks import with_source_uses
from grader.evidence_codec import MIME_TYPE, MalformedEvidence, decode_altered, decode_evidence
from grader.flags import Flag, path_for, write_flags
from grader.grading_plan import PlannedCell
from grader.judging.not_allowed import Statement
from grader.judging.verdict import Verdict, failure_line, invalid, undecided
from grader.nbgrader_plugins import grade_id
from grader.nbgrader_plugins.pose_requests import RESOURCE_KEY

# What nbclient and the course's Execute write when a cell never finished.
KERNEL_STOPPED = {"KernelDied", "CellTimeoutError", "KeyboardInterrupt", "TimeBudgetExceeded"}


def evidence_outputs(cell) -> list:
    return [o for o in cell.get("outputs", []) if MIME_TYPE in o.get("data", {})]


def _error(name: str, verdict: Verdict, ename: str = "AnswerNotAccepted"):
    return new_output("error", ename=ename, evalue=verdict.message,
                      traceback=[failure_line(name, verdict), verdict.message])


def _rejected(name: str, why: str) -> Verdict:
    return invalid(f"The grader could not use what the notebook answered while checking `{name}` ({why}). "
                   "This test scores 0 and is flagged for your instructor.")


def _stopped(name: str, outputs) -> Verdict | None:
    stops = [o for o in outputs if o.output_type == "error" and o.ename in KERNEL_STOPPED]
    if not stops:
        return None
    if stops[0].ename == "TimeBudgetExceeded":
        return invalid(f"`{name}` was not checked: {stops[0].evalue}. Look for the cells that take longest "
                       "(an endless loop, or a computation far larger than the exercise needs).")
    if stops[0].ename == "KernelDied":
        return invalid(f"The kernel stopped while `{name}` was being checked ({stops[0].evalue}). "
                       "Run the notebook from the top to find the cell that makes it exit or crash.")
    return invalid(f"Checking `{name}` did not finish within the time limit: look for an endless loop, "
                   "or a computation far larger than the exercise needs.")


def _kernel_failure(outputs) -> str:
    """How the test cell itself failed in the kernel, if it did: the same everywhere when the grader is at fault."""
    errors = [o for o in outputs if o.output_type == "error"]
    # Cut short: a notebook that sabotages the cell chooses this text.
    return f" (the test cell failed in the kernel: {errors[0].ename}: {errors[0].evalue})"[:240] if errors else ""


def tampering(grade_id: str, payloads: list) -> list[Flag]:
    """Flags for what the kernel reported altered of the grading code, or for evidence that came without a report."""
    flags = []
    for data in payloads:
        try:
            altered = decode_altered(data.get("altered", None) if isinstance(data, dict) else [])
        except MalformedEvidence as exc:
            altered = (f"(an unreadable report: {exc})",)
        if altered is None:
            flag = Flag(grade_id, "evidence that did not come through the course's code path "
                                  "(the kernel sent it without the grading code's report)")
        elif altered:
            flag = Flag(grade_id, f"the grading code in the kernel was altered by the submission: {', '.join(altered)}")
        else:
            continue
        if flag not in flags:
            flags.append(flag)
    return flags


def judge_cell(plan: PlannedCell, nonce: str, outputs, program: Sequence[Statement] = ()) -> tuple[list, list[Flag]]:
    """The outputs a planned test cell gets, and the flags it raises.

    `program` is the student's code before the cell, where a check's `forbid`
    rule is looked for.
    """
    names = [check.request.name for check in plan.checks]
    name = names[0] if names else plan.grade_id.removeprefix("test_")
    if plan.error:
        verdict = undecided(f"This test could not be run by the grader ({plan.error}). This is a problem with "
                            "the course, not with your answer; your instructor will grade it by hand.")
        return [_error(name, verdict, "CourseBug")], [Flag(plan.grade_id, f"course bug: {plan.error}")]
    payloads = [o["data"][MIME_TYPE] for o in evidence_outputs({"outputs": outputs})]
    outputs, flags = _judge_payloads(plan, nonce, outputs, payloads, list(program))
    return outputs, tampering(plan.grade_id, payloads) + flags


def _judge_payloads(plan: PlannedCell, nonce: str, outputs, payloads: list, program: list[Statement]):
    name = plan.grade_id.removeprefix("test_")
    passed: list[str] = []
    for index, check in enumerate(plan.checks):
        name = check.request.name
        if index >= len(payloads):
            stopped = _stopped(name, outputs)
            if stopped:
                return _with_passes(passed, _error(name, stopped)), []
            why = "no evidence came back" + _kernel_failure(outputs)
            return _with_passes(passed, _error(name, _rejected(name, why), "EvidenceRejected")), [Flag(plan.grade_id, why)]
        try:
            evidence = _accepted(payloads[index], nonce, index, check)
        except MalformedEvidence as exc:
            why = f"evidence altered: {exc}"
            return _with_passes(passed, _error(name, _rejected(name, why), "EvidenceRejected")), [Flag(plan.grade_id, why)]
        verdict = check.judge(with_source_uses(evidence, check.request, program), check.namespace)
        if not verdict.passed:
            return _with_passes(passed, _error(name, verdict)), []
        passed.append(f"✓ {verdict.message or name + ' is correct.'}")
    if len(payloads) > len(plan.checks):
        why = f"{len(payloads) - len(plan.checks)} more evidence item(s) than were asked for"
        return [_error(name, _rejected(name, why), "EvidenceRejected")], [Flag(plan.grade_id, why)]
    return _with_passes(passed, None), []


def _accepted(payload, nonce: str, index: int, check):
    if not isinstance(payload, dict):
        raise MalformedEvidence("not an object")
    if payload.get("nonce") != nonce:
        raise MalformedEvidence("not an answer to this run's request")
    if payload.get("index") != index or payload.get("name") != check.request.name:
        raise MalformedEvidence("answers another request")
    return decode_evidence(payload.get("evidence"), check.request.probes, check.request.kind)


def _with_passes(passed: list[str], error) -> list:
    outputs = [new_output("stream", name="stdout", text="\n".join(passed) + "\n")] if passed else []
    return outputs + ([error] if error is not None else [])


def outcome_of_tests(cells: list[tuple[str, list]]) -> str:
    """One sentence on a notebook's judged test cells: how many passed, and the first line of each failure."""
    failed = [(gid, next(o for o in outputs if o.output_type == "error")) for gid, outputs in cells
              if any(o.output_type == "error" for o in outputs)]
    sentence = f"{len(cells) - len(failed)} of {len(cells)} tests passed"
    if failed:
        sentence += "; not passed: " + "; ".join(
            f"{gid} ({(error.get('traceback') or [error.get('evalue', '')])[0].strip()})" for gid, error in failed)
    return sentence


class JudgeEvidence(NbGraderPreprocessor):
    """Writes each test cell's outcome from the grader's own verdicts on the kernel's evidence."""

    def preprocess(self, nb, resources):
        state = resources.get(RESOURCE_KEY)
        if state is None:
            raise RuntimeError("JudgeEvidence needs PoseRequests before Execute in c.Autograde.autograde_preprocessors")
        flags = []
        for index, cell in enumerate(nb.cells):
            plan = state["plans"].get(index)
            if plan is not None:
                cell.outputs, raised = judge_cell(plan, state["nonce"], cell.outputs, state["programs"][index])
                flags.extend(raised)
            elif cell.cell_type == "code" and evidence_outputs(cell):
                cell.outputs = [o for o in cell.outputs if MIME_TYPE not in o.get("data", {})]
                flags.append(Flag(f"cell {index} ({grade_id(cell) or 'not graded'})",
                                  "published evidence from the notebook's own code; it was ignored"))
        for index, source in state["originals"].items():  # the test cells and the variant's setup cell
            nb.cells[index].source = source
        who = f'{resources["nbgrader"]["student"]}/{resources["nbgrader"]["notebook"]}'
        for message in flags:
            self.log.warning("%s: %s", who, message)
        # the line the Formgrader's autograde dialog shows for this student (and `nbgrader autograde` prints)
        self.log.info("%s: %s", who, outcome_of_tests([(grade_id(nb.cells[i]), nb.cells[i].outputs) for i in state["plans"]]))
        self._record(flags, resources)
        return nb, resources

    @staticmethod
    def _record(flags: list[Flag], resources) -> None:
        folder = resources.get("metadata", {}).get("path")
        if folder:
            write_flags(path_for(folder, resources["nbgrader"]["notebook"]), resources["nbgrader"]["student"], flags)
