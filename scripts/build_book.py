"""Build the book: validate the data, generate files, then run Jupyter Book with warnings as errors.

python scripts/build_book.py            # incremental; re-executes chapters when data or package changed
python scripts/build_book.py --force    # clear the execution cache and rebuild everything
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from alignment_survey.book.checks import check_book, failed_cells
from alignment_survey.book.outcome import (
    NEXT_AFTER_WARNINGS,
    failure_line,
    next_after_chapters,
    next_before_sphinx,
)
from alignment_survey.book.prebuild import (
    clear_cache,
    forget_fingerprint,
    prepare,
    record_fingerprint,
    stale_cache,
)
from alignment_survey.book.renderer import BUILD_ENV_VAR
from alignment_survey.data.problems import DatasetError
from alignment_survey.files.layout import REPORTS, STARTUP

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="re-execute every chapter")
    args = parser.parse_args()
    os.chdir(ROOT)
    problems, changed = [], []
    try:
        changed = prepare(ROOT)
    except DatasetError as exc:
        problems += exc.problems
    problems += check_book(ROOT)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"build stopped before Sphinx: {len(problems)} problem(s)", file=sys.stderr)
        print(next_before_sphinx(problems), file=sys.stderr)
        return 1
    for path in changed:
        print(f"generated {path}")
    rebuild_all = args.force or stale_cache(ROOT)
    if rebuild_all:
        print("inputs changed since the last build: clearing the execution cache")
        clear_cache(ROOT)
    command = [
        str(Path(sys.executable).with_name("jupyter-book")),
        "build",
        ".",
        "-W",
        "-n",
        "--keep-going",
    ]
    if rebuild_all:
        command.append("--all")
    env = {**os.environ, BUILD_ENV_VAR: "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    paths = [str(ROOT / STARTUP), *filter(None, [os.environ.get("PYTHONPATH")])]
    env["PYTHONPATH"] = os.pathsep.join(paths)  # _ext/startup/sitecustomize.py: quicker starts
    started = time.time()
    result = subprocess.run(command, env=env, check=False)
    if result.returncode == 0:
        record_fingerprint(ROOT)
        return 0
    forget_fingerprint(ROOT)
    failures = failed_cells(ROOT, since=started)
    for problem in failures:
        print(failure_line(problem), file=sys.stderr)
    if failures:
        print(
            f"build failed: {len(failures)} chapter(s) raised; tracebacks in {REPORTS}",
            file=sys.stderr,
        )
        print(next_after_chapters(failures), file=sys.stderr)
    else:
        print(NEXT_AFTER_WARNINGS, file=sys.stderr)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
