"""nbgrader's OverwriteCells, warning only when a student changed a locked cell.

Every submitted test cell lacks its hidden tests (the release removed them), so nbgrader's
OverwriteCells warned "Attribute 'checksum' for cell test_x has changed!" for each of them in
every submission: seventeen warnings a student in ps1, in the Formgrader's autograde dialog
and in `nbgrader autograde`'s output, burying the warnings that matter. Cells are restored
exactly as nbgrader restores them; only the message about a locked cell that is just as the
release gave it goes to DEBUG. A locked cell the student edited still warns.
"""

from __future__ import annotations

import copy

from nbgrader.api import MissingEntry
from nbgrader.preprocessors import ClearHiddenTests, OverwriteCells


class OverwriteCellsQuietly(OverwriteCells):
    _as_released = False

    def preprocess_cell(self, cell, resources, cell_index):
        self._as_released = self._is_as_released(cell)
        return super().preprocess_cell(cell, resources, cell_index)

    def _is_as_released(self, cell) -> bool:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id is None:
            return False
        try:
            source_cell = self.gradebook.find_source_cell(grade_id, self.notebook_id, self.assignment_id)
        except MissingEntry:
            return False
        released = copy.deepcopy(cell)
        released.source = source_cell.source
        ClearHiddenTests(parent=self)._remove_hidden_test_region(released)  # what generate_assignment does
        return released.source == cell.source

    def report_change(self, name, attr, old, new):
        if attr == "checksum" and self._as_released:
            self.log.debug("Cell %s is as released: its hidden tests are put back", name)
        else:
            super().report_change(name, attr, old, new)
