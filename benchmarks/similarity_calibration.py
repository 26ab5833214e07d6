"""The scores that justify the similarity report's threshold: independent answers against copies.

Independent answers: for each exercise of every assignment, the instructor's solution, the
correct alternatives of grader/demo/alternatives, paired with one another (different people's
answers to the same exercise). The catalogued mistakes of grader/catalogue are not independent
answers (each is the solution with one deliberate change): they are shown on their own, as the
copy whose copier changed one thing. Copies: each of those
answers disguised as a student who copies would: names of local variables and parameters
changed, two independent lines swapped, comments and spacing changed (rewritten by
`ast.unparse`), and, in a second version, one line added as well.

Prints, for answers long enough to be compared (grader.similarity.scoring.MIN_TOKENS), the
distribution of both and the pairs closest to the threshold. Run from the repository root:
`.venv/bin/python benchmarks/similarity_calibration.py`.
"""

from __future__ import annotations

import itertools
import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from grader import catalogue  # noqa: E402
from grader.demo import alternatives, classroom  # noqa: E402
from grader.demo.copying import disguised  # noqa: E402
from grader.similarity.scoring import MIN_TOKENS, THRESHOLD, LeftOut, prepare, similarity  # noqa: E402


def answers_and_stubs(assignment: str):
    """Per exercise, the independent answers and the catalogued mistakes (by who wrote them), and the stubs."""
    source = classroom.read(REPO / "source" / assignment / f"{assignment}.ipynb")
    release = classroom.read(REPO / "release" / assignment / f"{assignment}.ipynb")
    stubs = {gid: cell.source for gid, cell in classroom.answer_cells(release).items() if cell.cell_type == "code"}
    answers: dict[str, dict[str, str]] = {gid: {} for gid in stubs}
    for gid, code in classroom.instructor_answers(source).items():
        if gid in answers:
            answers[gid]["solution"] = code
    for entry in alternatives.load(assignment):
        answers.setdefault(entry.exercise, {})[f"alternative {entry.tag}"] = entry.source
    mistakes = {}
    for entry in catalogue.load(assignment).MISTAKES:
        mistakes.setdefault(entry.exercise, {})[f"mistake {entry.tag}"] = entry.source
    return answers, mistakes, stubs


def main() -> None:
    independent, copies, edits = [], [], []
    left_out = {reason: 0 for reason in LeftOut}
    for assignment in sorted(p.name for p in (REPO / "source").iterdir() if p.is_dir()):
        answers, mistakes, stubs = answers_and_stubs(assignment)
        for exercise, stub in stubs.items():
            prepared = {}
            for who, code in answers.get(exercise, {}).items():
                got = prepare(who, exercise, code, stub)
                if isinstance(got, LeftOut):
                    left_out[got] += 1
                else:
                    prepared[who] = got
            for (a, x), (b, y) in itertools.combinations(sorted(prepared.items()), 2):
                independent.append((similarity(x.tokens, y.tokens), f"{assignment}/{exercise}: {a} ~ {b}"))
            solution = prepared.get("solution")
            for who, code in mistakes.get(exercise, {}).items():
                mistaken = prepare(who, exercise, code, stub)
                if solution is not None and not isinstance(mistaken, LeftOut):
                    edits.append((similarity(solution.tokens, mistaken.tokens), f"{assignment}/{exercise}: {who}"))
            for who, answer in prepared.items():
                for add_line in (False, True):
                    copy = prepare("copy", exercise, disguised(answer.source, add_line=add_line), stub)
                    score = similarity(answer.tokens, copy.tokens) if not isinstance(copy, LeftOut) else 0.0
                    kind = "renamed, reordered, one line added" if add_line else "renamed, reordered"
                    copies.append((score, f"{assignment}/{exercise}: {who} ({kind})"))

    def describe(label, scores):
        values = sorted(s for s, _ in scores)
        deciles = statistics.quantiles(values, n=10) if len(values) > 1 else values
        print(f"{label}: {len(values)} pairs, min {values[0]:.2f}, median {statistics.median(values):.2f}, "
              f"max {values[-1]:.2f}; deciles {' '.join(f'{d:.2f}' for d in deciles)}")

    print(f"threshold {THRESHOLD}, answers of under {MIN_TOKENS} tokens left out "
          f"({left_out[LeftOut.SHORT]} short, {left_out[LeftOut.BLANK]} blank)")
    describe("independent answers", independent)
    describe("disguised copies   ", copies)
    describe("solution ~ a catalogued mistake (the solution with one deliberate change)", edits)
    print(f"independent pairs at or above the threshold: {sum(s >= THRESHOLD for s, _ in independent)}")
    print(f"copies below the threshold: {sum(s < THRESHOLD for s, _ in copies)}")
    print("\nhighest-scoring independent pairs:")
    for score, what in sorted(independent, reverse=True)[:8]:
        print(f"  {score:.2f}  {what}")
    print("lowest-scoring copies:")
    for score, what in sorted(copies)[:8]:
        print(f"  {score:.2f}  {what}")


if __name__ == "__main__":
    main()
