"""nbgrader's collect, copying regular files only: what a student can put in the exchange is not followed.

Students write the exchange's inbound folder. nbgrader's collect copies each
submission with `shutil.copytree`, which follows symbolic links with the
instructor's rights: a link to a classmate's submission, the gradebook or
`/dev/zero` would arrive in submitted/ as a regular file (or fill the disk). And
it only warns when a submission's folder is owned by someone other than the
student it names. Here:

- a submission folder that is a symbolic link, or that names a student who has
  an account on this machine but belongs to another account, is not collected
  (an impostor's folder never replaces the student's own submission);
- inside a submission only regular files owned by the submitter are copied
  (`grader.submission_screening.list_files`): links, hard links to others'
  files, pipes, sockets and devices are left behind, each named in the log;
- nbgrader's own rules still apply (`CourseDirectory.ignore`, `include`,
  `max_file_size`, `max_dir_size`, group sharing).

Chosen in nbgrader_config.py as `c.ExchangeFactory.collect`.
"""

from __future__ import annotations

import datetime
import os
import pwd
import stat
from pathlib import Path

from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.utils import ignore_patterns

from grader.submission_screening import list_files, read_regular

# A refused submission sorts before every real one and never replaces a collected copy.
NEVER = datetime.datetime.min


class SafeCollect(ExchangeCollect):
    _refused: set[str]

    def _why_refused(self, path: str, username: str) -> str | None:
        if os.path.islink(path):
            return "it is a symbolic link"
        if not os.path.isdir(path):
            return "it is not a folder"
        try:
            claimed = pwd.getpwnam(username).pw_uid
        except KeyError:
            return None  # the student has no account here (one machine, one user): nothing to compare
        owner = os.lstat(path).st_uid
        if owner != claimed:
            return f"it names {username} but belongs to the account with uid {owner}"
        return None

    def _path_to_record(self, path):
        record = super()._path_to_record(path)
        why = self._why_refused(path, record["username"])
        if why is not None:
            self.log.error("Not collected: %s in the exchange's inbound folder, because %s.", record["filename"], why)
            self._refused = getattr(self, "_refused", set()) | {record["filename"]}
            record["timestamp"] = NEVER
        return record

    def do_copy(self, src, dest, log=None):
        if os.path.basename(src) in getattr(self, "_refused", set()):
            return
        src, dest = Path(src), Path(dest)
        student = dest.parent.name
        files, dropped = list_files(src, owner=os.lstat(src).st_uid)
        for entry in dropped:
            self.log.warning("%s", entry.sentence(student, self.coursedir.assignment_id).replace(
                "left out of grading (not opened, not copied to autograded/)", "not collected"))
        total = sum((src / name).lstat().st_size for name in files)
        if total > 1000 * self.coursedir.max_dir_size:
            raise RuntimeError(f"Directory size is too big. Size is {total}, maximum size is "
                               f"{1000 * self.coursedir.max_dir_size}")
        ignore = ignore_patterns(exclude=self.coursedir.ignore, include=self.coursedir.include,
                                 max_file_size=self.coursedir.max_file_size, log=self.log)
        dest.mkdir(parents=True, exist_ok=True)
        for name in files:
            path = src / name
            if ignore(str(path.parent), [path.name]) or any(ignore(str(src / p.parent), [p.name])
                                                            for p in Path(name).parents if str(p) != "."):
                continue
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(read_regular(path))
            mode = stat.S_IMODE(path.lstat().st_mode) | (0o660 if self.coursedir.groupshared else 0)
            target.chmod(mode)
        if self.coursedir.groupshared:
            for folder, _, _ in os.walk(dest):
                os.chmod(folder, (os.stat(folder).st_mode | 0o2770) & 0o2777)
