"""nbgrader's exchange with a private inbound folder per student, and no world-writable folder.

nbgrader's default exchange makes its root world-writable (0777, without the
sticky bit: any student can rename the course's folder and put a fake one in its
place) and puts every submission in one inbound folder, each readable by anyone
who has its name. Here (grader/environment_tools.py lays it out):

    root/                      0755  the administrator's (or, on one machine, the instructor's)
      <course>/                0755  the instructor's
        outbound/              0755  released assignments
        inbound/               0711  the instructor's: traversable, not listable
          <student>/           2750  the student's, group the instructor's: nobody else enters it
        feedback/              0711  nbgrader's hashed feedback files

A student submits into inbound/<student>/ only; collecting reads every student's
folder and keeps SafeCollect's checks (regular files of the submitter only), plus
one: a submission must name the student whose folder holds it.

Chosen in nbgrader_config.py (instructor) and in the students' configuration
(`python -m grader student`, `python -m grader hub`) with `c.ExchangeFactory.*`.
"""

from __future__ import annotations

import base64
import glob
import os
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.exchange.default import (
    ExchangeFetchAssignment,
    ExchangeFetchFeedback,
    ExchangeList,
    ExchangeReleaseAssignment,
    ExchangeReleaseFeedback,
    ExchangeSubmit,
)
from nbgrader.exchange.default.collect import groupby
from nbgrader.utils import check_directory, check_mode, get_username, self_owned

from grader.environment_tools import OWN_INBOX_MODE
from grader.nbgrader_plugins.safe_collect import SafeCollect

MODULE = __name__


class _ReadableRoot:
    """The root must exist and be readable; unlike nbgrader, it need not (and should not) be world-writable."""

    def ensure_root(self):
        if not check_directory(self.root, read=True, execute=True):
            self.fail(f"The exchange {self.root} does not exist or cannot be read: ask your instructor "
                      "(python -m grader hub, or on one machine the course's nbgrader_config.py, creates it).")


class ReleaseAssignment(_ReadableRoot, ExchangeReleaseAssignment):
    def copy_files(self):
        super().copy_files()
        # With variants on, the roster's variants are recorded and published beside the release,
        # whether it is released from the Formgrader or the command line (grader/variants/publishing.py).
        from grader.variants.controls import publish_roster

        publish_roster(self.config, self.coursedir.db_url, self.coursedir.course_id, self.coursedir.assignment_id,
                       Path(self.root))


class ReleaseFeedback(_ReadableRoot, ExchangeReleaseFeedback):
    pass


class FetchAssignment(_ReadableRoot, ExchangeFetchAssignment):
    pass


class FetchFeedback(_ReadableRoot, ExchangeFetchFeedback):
    pass


class List(_ReadableRoot, ExchangeList):
    def init_dest(self):
        super().init_dest()
        if self.inbound:
            course_id = self.coursedir.course_id or "*"
            student_id = self.coursedir.student_id or "*"
            pattern = os.path.join(self.root, course_id, "inbound", "*",
                                   f"{student_id}+{self.coursedir.assignment_id or '*'}+*")
            self.assignments = sorted(glob.glob(pattern))

    def parse_assignment(self, assignment):
        if self.inbound:  # nbgrader's pattern, with the student's folder taken out
            head, name = os.path.split(assignment)
            assignment = os.path.join(os.path.dirname(head), name)
        return super().parse_assignment(assignment)


class Submit(_ReadableRoot, ExchangeSubmit):
    def init_dest(self):
        # nbgrader's init_dest wants inbound/ itself writable by every student; here only
        # the student's own folder is. Its names (student+assignment+time+random) are kept.
        if self.coursedir.course_id == "":
            self.fail("No course id specified. Re-run with --course flag.")
        if not self.authenticator.has_access(self.coursedir.student_id, self.coursedir.course_id):
            self.fail("You do not have access to this course.")
        student_id = self.coursedir.student_id if self.coursedir.student_id != "*" else get_username()
        if "*" in student_id or "+" in student_id or "/" in student_id:
            self.fail(f"The student ID should contain no '*', '+' nor '/'; got {student_id}")
        course_inbound = os.path.join(self.root, self.coursedir.course_id, "inbound")
        inbox = os.path.join(course_inbound, student_id)
        if not os.path.isdir(inbox) and os.path.isdir(course_inbound) and self_owned(course_inbound):
            # One machine, one account: the instructor's own inbound folder.
            os.mkdir(inbox)
            os.chmod(inbox, OWN_INBOX_MODE)
        if not os.path.isdir(inbox):
            self.fail(f"Your submission folder {inbox} does not exist: ask your instructor to add you to the "
                      "course (python -m grader hub, or python -m grader student on one machine).")
        if not check_mode(inbox, write=True, execute=True):
            self.fail(f"You cannot write your submission folder {inbox}: ask your instructor.")
        self.inbound_path = inbox
        self.cache_path = os.path.join(self.cache, self.coursedir.course_id)
        name = [student_id, self.coursedir.assignment_id, self.timestamp]
        if self.add_random_string:
            name.append(base64.urlsafe_b64encode(os.urandom(9)).decode("ascii"))
        self.assignment_filename = "+".join(name)


class Collect(_ReadableRoot, SafeCollect):
    """SafeCollect over every student's own inbound folder."""

    def _why_refused(self, path: str, username: str) -> str | None:
        folder = os.path.basename(os.path.dirname(path))
        if folder != username:
            return f"it names {username} but was found in {folder}'s own folder"
        return super()._why_refused(path, username)

    def init_src(self):
        if self.coursedir.course_id == "":
            self.fail("No course id specified. Re-run with --course flag.")
        self.course_path = os.path.join(self.root, self.coursedir.course_id)
        self.inbound_path = os.path.join(self.course_path, "inbound")
        if not check_directory(self.inbound_path, read=True, execute=True):
            self.fail(f"Course not found, or its inbound folder cannot be read: {self.inbound_path}")
        student_id = self.coursedir.student_id or "*"
        pattern = os.path.join(self.inbound_path, "*", f"{student_id}+{self.coursedir.assignment_id}+*")
        records = [self._path_to_record(f) for f in glob.glob(pattern)]
        usergroups = groupby(records, lambda item: item["username"])
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
            try:
                self.duedate = gb.find_assignment(self.coursedir.assignment_id).duedate
            except MissingEntry:
                self.duedate = None
        self.src_records = []
        for group in usergroups.values():
            newest_first = self._sort_by_timestamp(group)
            if self.duedate is not None and self.before_duedate:
                on_time = [r for r in newest_first if r["timestamp"] <= self.duedate]
                newest_first = on_time or newest_first
            self.src_records.append(newest_first[0])

    def _path_to_record(self, path):
        record = super()._path_to_record(path)  # SafeCollect's refusals, by the submission's own name
        # nbgrader's copy_files finds the submission at inbound_path / filename.
        record["filename"] = os.path.join(os.path.basename(os.path.dirname(path)), record["filename"])
        return record


def exchange_factory_config() -> dict[str, str]:
    """`c.ExchangeFactory.<name> = <class>` for every step, as configuration values."""
    return {"release_assignment": f"{MODULE}.ReleaseAssignment", "release_feedback": f"{MODULE}.ReleaseFeedback",
            "fetch_assignment": f"{MODULE}.FetchAssignment", "fetch_feedback": f"{MODULE}.FetchFeedback",
            "list": f"{MODULE}.List", "submit": f"{MODULE}.Submit", "collect": f"{MODULE}.Collect"}
