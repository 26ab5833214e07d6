"""nbgrader configuration for the course. The repository root is the course directory.

Every `nbgrader ...` command run from the repository root reads this file, so
the plain nbgrader commands and `python -m grader ...` grade the same way.
"""

import os
from pathlib import Path

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

course_root = Path(__file__).resolve().parent

c.CourseDirectory.course_id = "calc4ml"
c.CourseDirectory.root = str(course_root)
# The gradebook: SQLite beside the course by default; a PostgreSQL database
# (CALC4ML_DB_URL=postgresql://user:password@host/dbname) when several graders
# or machines share one course. Only the process coordinating a run writes it.
c.CourseDirectory.db_url = os.environ.get("CALC4ML_DB_URL") or f"sqlite:///{course_root / 'gradebook.db'}"
# A shared exchange (e.g. /srv/nbgrader/exchange on a JupyterHub) is set with
# CALC4ML_EXCHANGE; by default the course keeps a private one beside itself.
c.Exchange.root = os.environ.get("CALC4ML_EXCHANGE", str(course_root / "exchange"))

# A Jupyter server started without an activated environment (`.venv/bin/jupyter lab`)
# finds nbgrader's `alembic` command, and the first release finds an exchange with
# safe permissions (grader/environment_tools.py).
from grader import environment_tools  # noqa: E402
from grader.nbgrader_plugins.private_inbound import exchange_factory_config  # noqa: E402

environment_tools.put_environment_tools_on_path()
environment_tools.prepare_exchange_quietly(
    environment_tools.ExchangeLayout(Path(c.Exchange.root), c.CourseDirectory.course_id))

# Each student submits into a folder of their own that no other student can enter
# (grader/nbgrader_plugins/private_inbound.py), and collecting copies regular files
# only, from submission folders that are what they claim (SafeCollect,
# grader/nbgrader_plugins/safe_collect.py): students write the exchange, and
# nbgrader's own copy follows links with the instructor's rights.
for step, exchange_class in exchange_factory_config().items():
    setattr(c.ExchangeFactory, step, exchange_class)

# A student who deletes a test cell must not leave that grade "needs manual
# grading" forever: the cell is put back from the gradebook.
c.OverwriteCells.add_missing_cells = True

# The slowest honest cell (a 200-step descent with numerical gradients, a plot)
# takes about a second; 20 s stops an infinite loop early without risk to them.
c.Execute.timeout = 20
# And a notebook in all (an honest one takes under 10 s): a submission of many
# slow cells is stopped there, its remaining tests score 0 with a message, and
# the students queued behind it on its worker are not delayed.
c.ConfinedExecute.time_budget = 120

# Student kernels run confined (grader/sandbox.py): bubblewrap shows them only
# the system, Python, the `grader` package and their own working copy
# (read-only), with no network, as an unprivileged uid of their own and with
# these limits. A kernel that dies costs only its cell (ConfinedExecute, below). Without bubblewrap,
# autograde refuses to run; `python -m grader autograde --unconfined` (or
# c.ConfinedKernelManager.unconfined = True) grades unconfined anyway.
# c.ConfinedKernelManager.memory = 3 * 2**30        # address space per process, bytes
# c.ConfinedKernelManager.cpu_seconds = 120         # CPU time per kernel
# c.ConfinedKernelManager.processes = 64            # processes and threads
# c.ConfinedKernelManager.file_size = 64 * 2**20    # largest file written, bytes
# c.ConfinedKernelManager.open_files = 256
# c.ConfinedKernelManager.tmp_size = 256 * 2**20    # in-memory /tmp and HOME, bytes

# nbgrader's sanitizing steps, with the course's own at both ends: RepairCellMetadata
# first makes the submission's nbgrader cells the assignment's (a pasted graded cell,
# a duplicated or missing grade id, changed flags, points or schema version would make
# nbgrader fail the notebook or the whole class); WithholdTests last leaves placeholders
# for the test cells in the notebook that the kernel's folder holds, so no hidden test
# is within the kernel's reach.
c.Autograde.sanitize_preprocessors = [
    "grader.nbgrader_plugins.repair_cells.RepairCellMetadata",
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "grader.nbgrader_plugins.overwrite_cells.OverwriteCellsQuietly",  # nbgrader's, quiet about hidden tests
    "nbgrader.preprocessors.CheckCellMetadata",
    "grader.nbgrader_plugins.withhold_tests.WithholdTests",
]

# nbgrader's autograde steps, with the course's own around running the notebook:
# PoseRequests plans the test cells in this process and leaves the kernel only
# requests for evidence; JudgeEvidence judges that evidence here, out of the
# student's reach, and writes each test cell's outcome; PartialCredit gives a
# catalogued mistake its share of the points before the grades are saved.
c.Autograde.autograde_preprocessors = [
    "grader.nbgrader_plugins.pose_requests.PoseRequests",
    "grader.nbgrader_plugins.confined_execute.ConfinedExecute",
    "grader.nbgrader_plugins.judge_evidence.JudgeEvidence",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "grader.nbgrader_plugins.partial_credit.PartialCredit",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# nbgrader's CSV plus one column per graded cell.
c.ExportApp.plugin_class = "grader.nbgrader_plugins.export.CourseCsvExporter"

# Feedback shows each test cell as the student saw it: the hidden tests are
# removed again (nbgrader's default feedback shows them, and with them the
# hidden probe points). Failure messages come from grader.checks and name no
# hidden point, and the outputs of the student's own cells are left out (code
# run at hidden points could have printed them there).
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbgrader.preprocessors.ClearHiddenTests",
    "grader.nbgrader_plugins.feedback_outputs.ClearStudentOutputs",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]


# Grading kernels log at ERROR level: their start-up notices (ipykernel's
# "running over TCP" warning) would repeat for every submission in the
# instructor's terminal. Nothing the notebook outputs is affected.
c.Execute.extra_arguments = ["--IPKernelApp.log_level=ERROR"]

# Before nbgrader touches a submission (grader/nbgrader_plugins/before_autograde.py):
# once per run, one kernel started as grading starts it must import NumPy, SymPy and
# the course's checks and answer a trivial request, otherwise the run is refused with
# the cause and nobody is graded (grader/preflight.py); and every entry of the
# submission that is not a regular file (a symbolic or hard link, a pipe, a device) is
# set aside unfollowed, since nbgrader's copy would follow it. `python -m grader
# autograde` runs the same preflight and sends its tasks regular files only.
c.Autograde.pre_convert_hook = "grader.nbgrader_plugins.before_autograde.before_each_submission"

# What the grader sees (grader/formgrader_view.py): the Formgrader shows each written answer
# with its model answer and rubric beside it, read from source/ (never from the release), and
# its formulas with a MathJax served by the Jupyter server (jupyter-server-mathjax); feedback
# HTML carries its formulas as MathML (no script, no network) and wraps long lines. The course's
# templates (grader/nbgrader_templates/) extend nbgrader's `formgrade` and `feedback`.
from grader.nbgrader_templates import NBGRADER_TEMPLATES, TEMPLATE_FILE, TEMPLATES  # noqa: E402

c.HTMLExporter.extra_template_basedirs = [TEMPLATES, NBGRADER_TEMPLATES]
c.HTMLExporter.template_file = TEMPLATE_FILE
c.HTMLExporter.filters = {"markdown2html": "grader.formgrader_view.markdown2html"}
c.ShowAnswerKeys.source_directory = str(course_root / "source")
