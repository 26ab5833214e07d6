#!/usr/bin/env bash
# Installs everything the course needs into ./.venv, from a machine with only Python 3.11.
# Safe to run again: it only reinstalls when pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")/.."

# Autograde runs student kernels inside bubblewrap and refuses to run without it.
if ! command -v bwrap >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing bubblewrap (the sandbox for grading kernels)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap >/dev/null
  else
    echo "!! bubblewrap (bwrap) is missing: autograde needs it (Debian/Ubuntu: sudo apt-get install bubblewrap)" >&2
  fi
fi

# The tests run the gradebook on a real PostgreSQL server too (tests/postgres_server.py).
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing PostgreSQL (for the tests of a PostgreSQL gradebook)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "!! PostgreSQL is missing: its gradebook tests will be skipped (Debian/Ubuntu: sudo apt-get install postgresql)" >&2
  fi
fi

# The browser tests drive Debian's chromium with Playwright, which cannot download a browser of its own here.
if ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing chromium (for the browser tests)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "!! chromium is missing: the browser tests will fail (Debian/Ubuntu: sudo apt-get install chromium)" >&2
  fi
fi

python=${PYTHON:-python3.11}
command -v "$python" >/dev/null || python=python3

if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv with $python"
  "$python" -m venv .venv
fi

stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  echo "== installing the course and its test tools into .venv"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e '.[test]'
  rm -f .venv/.installed-*
  touch "$stamp"
fi

# JupyterHub's proxy is a Node.js program: installed from npm into the environment, beside jupyterhub.
if [ ! -x .venv/bin/configurable-http-proxy ]; then
  if command -v npm >/dev/null; then
    echo "== installing configurable-http-proxy (JupyterHub's proxy) into .venv"
    npm install --silent --no-audit --no-fund --prefix .venv/node configurable-http-proxy@5 >/dev/null
    ln -sf ../node/node_modules/.bin/configurable-http-proxy .venv/bin/configurable-http-proxy
  else
    echo "!! npm is missing: python -m grader hub needs it for JupyterHub's proxy (Debian/Ubuntu: sudo apt-get install npm)" >&2
  fi
fi
