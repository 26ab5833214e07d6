"""A real PostgreSQL server on 127.0.0.1 for the tests: made in a folder of its own, removed when it stops.

Debian's server binaries (package `postgresql`, installed by scripts/setup-env.sh) are run
directly: initdb, then postgres on a free port. PostgreSQL refuses to run as root, so as root
the server runs as the `postgres` user.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def server_binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    def __init__(self):
        self.bin = server_binaries()
        if self.bin is None:
            raise RuntimeError("PostgreSQL's server is not installed (bash scripts/setup-env.sh installs it)")
        # A folder of its own, not under pytest's: every pytest process (each xdist worker) resets
        # /tmp/pytest-of-<user> to mode 0700 when it starts, which locks out the server's user.
        folder = self.folder = Path(tempfile.mkdtemp(prefix="calc4ml-postgresql-"))
        self.data = folder / "data"
        self.port = _free_port()
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if os.geteuid() == 0:
            postgres = pwd.getpwnam("postgres")
            for path in (folder, *folder.parents):
                if path == Path("/"):
                    break
                os.chmod(path, os.stat(path).st_mode | 0o011)  # let the server's user reach its folder
            os.chown(folder, postgres.pw_uid, postgres.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "grader", "--auth=trust", "-E", "UTF8")
        self.log = folder / "server.log"
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(
                [*self.as_user, str(self.bin / "postgres"), "-D", str(self.data), "-p", str(self.port),
                 "-h", "127.0.0.1", "-k", str(folder), "-F"], stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while subprocess.run([str(self.bin / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
                             capture_output=True).returncode != 0:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"PostgreSQL did not start: {self.log.read_text()[-2000:]}")
            time.sleep(0.2)

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run([*self.as_user, str(self.bin / tool), *args], check=True, capture_output=True, cwd=self.folder)

    def create_database(self, name: str, template: str | None = None) -> str:
        """A new database, empty or a copy of `template` (which nobody may be connected to); its SQLAlchemy URL."""
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "grader",
                  *(["-T", template] if template else []), name)
        return f"postgresql://grader@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.folder, ignore_errors=True)
