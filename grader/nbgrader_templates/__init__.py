"""The course's layer over nbgrader's Formgrader and feedback templates (see grader/formgrader_view.py).

nbgrader renders a submission in the Formgrader with the nbconvert template `formgrade` and
feedback with `feedback`. nbgrader_config.py puts this folder before nbgrader's own in the
template search path and names `calc4ml.html.j2` as the file to render: each of this folder's
`formgrade/` and `feedback/` has one, which extends nbgrader's `index.html.j2` of the same
template. Kept free of imports so that nbgrader_config.py can read these paths cheaply.
"""

from importlib.util import find_spec
from pathlib import Path

TEMPLATES = str(Path(__file__).resolve().parent)
# where nbgrader keeps `formgrade/` and `feedback/` (found without importing its server extension)
_NBGRADER = find_spec("nbgrader")
assert _NBGRADER is not None and _NBGRADER.origin is not None, "nbgrader is not installed"
NBGRADER_TEMPLATES = str(Path(_NBGRADER.origin).parent / "server_extensions" / "formgrader" / "templates")
TEMPLATE_FILE = "calc4ml.html.j2"
