"""Item analysis: per question, how the class did and which catalogued mistakes it made.

Scores come from the gradebook; mistake tags from the first line of each failed
test cell's output in the autograded notebooks (`✗ name: status [tag]`, written
by grader.checks). Aggregating is pure; reading notebooks and writing the CSV
and the PNG are the edges.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from grader.judging.verdict import FAILURE_LINE


@dataclass
class QuestionStats:
    assignment: str
    question: str
    max_points: float
    scores: list[float] = field(default_factory=list)
    tags: Counter = field(default_factory=Counter)

    @property
    def mean(self) -> float:
        return sum(self.scores) / len(self.scores) if self.scores else 0.0


def tags_in_notebook(nb) -> dict[str, str]:
    """grade id of each failed test cell -> the mistake tag its check named."""
    found = {}
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        for output in cell.get("outputs", []):
            if output.get("output_type") != "error":
                continue
            for line in output.get("traceback", []):
                match = FAILURE_LINE.match(line)
                if match and match.group("tag"):
                    found[grade_id] = match.group("tag")
    return found


def aggregate(question_scores: dict[str, dict[str, dict[str, float | None]]],
              max_points: dict[str, dict[str, float]],
              tags: dict[str, dict[str, dict[str, str]]]) -> list[QuestionStats]:
    """assignment -> student -> question -> score, and assignment -> student -> question -> tag."""
    stats = []
    for assignment, students in question_scores.items():
        for question, points in max_points[assignment].items():
            item = QuestionStats(assignment, question, points)
            for student, scores in students.items():
                score = scores.get(question)
                if score is not None:
                    item.scores.append(score)
                tag = tags.get(assignment, {}).get(student, {}).get(question)
                if tag:
                    item.tags[tag] += 1
            stats.append(item)
    return stats


def read_tags(course_root: Path, assignment: str) -> dict[str, dict[str, str]]:
    tags: dict[str, dict[str, str]] = {}
    for path in sorted((course_root / "autograded").glob(f"*/{assignment}/*.ipynb")):
        student = path.parent.parent.name
        tags.setdefault(student, {}).update(tags_in_notebook(nbformat.read(str(path), as_version=4)))
    return tags


def write_csv(stats: list[QuestionStats], path: Path) -> Path:
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["assignment", "question", "max_points", "mean_points", "graded", "mistakes"])
        for item in stats:
            mistakes = "; ".join(f"{tag}: {count}" for tag, count in item.tags.most_common())
            writer.writerow([item.assignment, item.question, f"{item.max_points:g}", f"{item.mean:.3g}",
                             len(item.scores), mistakes])
    return path


def write_plot(stats: list[QuestionStats], path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    assignments = list(dict.fromkeys(item.assignment for item in stats))
    heights = [sum(item.assignment == a for item in stats) for a in assignments]
    fig, axes = plt.subplots(len(assignments), 1, figsize=(10, 0.45 * sum(heights) + 1.2 * len(assignments)),
                             gridspec_kw={"height_ratios": heights}, squeeze=False)
    for ax, assignment in zip(axes[:, 0], assignments):
        items = [item for item in stats if item.assignment == assignment][::-1]
        fractions = [item.mean / item.max_points if item.max_points else 0 for item in items]
        ax.barh([item.question.removeprefix("test_") for item in items], fractions, color="#4c72b0")
        for row, item in enumerate(items):
            top = ", ".join(f"{tag} ×{count}" for tag, count in item.tags.most_common(2))
            if top:
                ax.text(0.01, row, top, va="center", fontsize=7, color="white" if fractions[row] > 0.4 else "black")
        ax.set_xlim(0, 1)
        ax.set_title(f"{assignment}: mean score per question (fraction of its points), top mistakes", fontsize=9)
        ax.tick_params(labelsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
