"""The similarity report's files: an HTML page of the pairs above the threshold, their answers side by
side (escaped: a student's code is text, never markup), and a CSV of every pair compared."""

from __future__ import annotations

import csv
import html
from pathlib import Path

from grader.similarity.scoring import MIN_TOKENS, Comparison

HTML_NAME, CSV_NAME = "similarity.html", "similarity.csv"

_STYLE = """
body { font-family: sans-serif; margin: 2em; }
table.pair { width: 100%; table-layout: fixed; border-collapse: collapse; margin-bottom: 2em; }
table.pair td, table.pair th { border: 1px solid #ccc; vertical-align: top; padding: 0.4em; }
pre { white-space: pre-wrap; margin: 0; font-size: 0.9em; }
table.summary td, table.summary th { padding: 0.2em 0.8em; text-align: left; }
"""


def write_csv(path: Path, comparisons: list[Comparison], threshold: float) -> None:
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["exercise", "student_a", "student_b", "score", "flagged"])
        for comparison in comparisons:
            for pair in sorted(comparison.pairs, key=lambda p: (-p.score, p.first.student, p.second.student)):
                writer.writerow([pair.exercise, pair.first.student, pair.second.student, f"{pair.score:.3f}",
                                 "yes" if pair.score >= threshold else "no"])


def render_html(assignment: str, comparisons: list[Comparison], threshold: float, problems: list[str]) -> str:
    e = html.escape
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Similarity: {e(assignment)}</title>",
             f"<style>{_STYLE}</style></head><body>",
             f"<h1>Similar answers in {e(assignment)}</h1>",
             f"<p>Pairs of answers to the same exercise scoring {threshold:.2f} or more, after comments, spacing, "
             "names of local variables and the order of independent statements were normalised. A high score "
             "is a reason to look, not a verdict. Left out: the release's stub, and answers of fewer than "
             f"{MIN_TOKENS} tokens of their own (short formulas everyone who is right writes alike).</p>",
             "<table class='summary'><tr><th>exercise</th><th>answers compared</th><th>left out</th>"
             "<th>pairs flagged</th></tr>"]
    for c in comparisons:
        compared = len({a.student for p in c.pairs for a in (p.first, p.second)})
        parts.append(f"<tr><td>{e(c.exercise)}</td><td>{compared}</td><td>{len(c.left_out)}</td>"
                     f"<td>{len(c.flagged(threshold))}</td></tr>")
    parts.append("</table>")
    if problems:
        parts.append("<h2>Not read</h2><ul>" + "".join(f"<li>{e(p)}</li>" for p in problems) + "</ul>")
    flagged = [p for c in comparisons for p in c.flagged(threshold)]
    parts.append(f"<h2>{len(flagged)} pair(s) flagged</h2>")
    for pair in flagged:
        a, b = pair.first, pair.second
        parts.append(f"<h3>{e(pair.exercise)}: {e(a.student)} and {e(b.student)} (score {pair.score:.2f})</h3>"
                     f"<table class='pair'><tr><th>{e(a.student)}</th><th>{e(b.student)}</th></tr>"
                     f"<tr><td><pre>{e(a.source)}</pre></td><td><pre>{e(b.source)}</pre></td></tr></table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_report(folder: Path, assignment: str, comparisons: list[Comparison], threshold: float,
                 problems: list[str]) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    page, table = folder / HTML_NAME, folder / CSV_NAME
    page.write_text(render_html(assignment, comparisons, threshold, problems), encoding="utf-8")
    write_csv(table, comparisons, threshold)
    return page, table
