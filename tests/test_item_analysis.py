"""Item analysis: per question mean scores and mistake counts, from gradebook scores and tags."""

import nbformat

from grader import item_analysis


def failed_cell(grade_id, first_line):
    cell = nbformat.v4.new_code_cell("check(...)")
    cell.metadata["nbgrader"] = {"grade_id": grade_id, "grade": True, "locked": True, "points": 1}
    cell.outputs = [nbformat.v4.new_output("error", ename="AnswerNotAccepted", evalue="...",
                                           traceback=[first_line, "message"])]
    return cell


def test_tags_are_read_from_failed_test_cells():
    nb = nbformat.v4.new_notebook(cells=[
        failed_cell("test_a", "✗ a: incorrect [sign-error]"),
        failed_cell("test_b", "✗ b: invalid"),
        failed_cell("test_c", "Traceback (most recent call last): [not-a-tag]"),
    ])
    assert item_analysis.tags_in_notebook(nb) == {"test_a": "sign-error"}


def test_aggregate_means_and_counts():
    scores = {"ps": {"ann": {"q1": 1.0, "q2": None}, "bob": {"q1": 0.0, "q2": 2.0}, "cy": {"q1": 0.0, "q2": 0.0}}}
    tags = {"ps": {"bob": {"q1": "sign"}, "cy": {"q1": "sign", "q2": "factor"}}}
    stats = {s.question: s for s in item_analysis.aggregate(scores, {"ps": {"q1": 1.0, "q2": 2.0}}, tags)}
    assert stats["q1"].mean == 1 / 3 and stats["q1"].tags == {"sign": 2}
    assert stats["q2"].mean == 1.0 and len(stats["q2"].scores) == 2  # the ungraded written answer is left out
    assert stats["q2"].tags == {"factor": 1}


def test_csv_and_plot_are_written(tmp_path):
    stats = item_analysis.aggregate({"ps": {"ann": {"q1": 1.0}}}, {"ps": {"q1": 1.0}}, {"ps": {"ann": {"q1": "t, with comma"}}})
    csv_path = item_analysis.write_csv(stats, tmp_path / "items.csv")
    assert '"t, with comma: 1"' in csv_path.read_text()
    png = item_analysis.write_plot(stats, tmp_path / "items.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
