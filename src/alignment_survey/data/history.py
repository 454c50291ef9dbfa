"""When each record entered the dataset, read from git history.

One ``git log`` walks every commit from the oldest, with rename detection, and follows each record
file through its renames (``data/papers/a.yaml`` renamed to ``b.yaml`` keeps the day ``a.yaml``
was added). A record's day is the committer date of the first commit that added its file; a file
deleted and later added again counts from the second addition.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path, PurePosixPath

_COMMIT = "\x1e"  # starts each commit's block in the log


def git_output(cwd: Path, *args: str) -> str:
    """What a git command prints; ValueError with git's message when it fails."""
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ValueError(f"git {' '.join(args)}: {result.stderr.strip() or 'failed'}")
    return result.stdout


def added_dates(papers_dir: Path) -> dict[str, dt.date]:
    """The day each record file now in ``papers_dir`` was first added, by key (file stem).

    A file that git does not track yet has no day.
    """
    folder = papers_dir.resolve()
    top = Path(git_output(folder, "rev-parse", "--show-toplevel").strip())
    prefix = PurePosixPath(folder.relative_to(top).as_posix())
    log = git_output(
        top,
        "log",
        "--reverse",
        "--topo-order",
        "-M",
        "--name-status",
        f"--format={_COMMIT}%cs",
        "--",
        ".",
    )
    since: dict[str, dt.date] = {}  # path -> day its content entered the repository
    for block in log.split(_COMMIT)[1:]:
        lines = [line for line in block.splitlines() if line.strip()]
        day = dt.date.fromisoformat(lines[0].strip())
        for line in lines[1:]:
            status, *paths = line.split("\t")
            if status.startswith("A"):
                since.setdefault(paths[0], day)
            elif status.startswith("R"):
                since[paths[1]] = since.pop(paths[0], day)
            elif status.startswith("C"):
                since.setdefault(paths[1], day)
            elif status.startswith("D"):
                since.pop(paths[0], None)
    dates = {}
    for path, day in since.items():
        pure = PurePosixPath(path)
        if pure.parent == prefix and pure.suffix == ".yaml":
            dates[pure.stem] = day
    # A walk over merged branches can see a file deleted on one branch after another added it;
    # a tracked file the walk lost gets the day of its first addition on any branch.
    tracked = git_output(top, "ls-files", "--", str(prefix)).splitlines()
    for path in tracked:
        pure = PurePosixPath(path)
        if pure.suffix == ".yaml" and pure.stem not in dates:
            first = git_output(top, "log", "--diff-filter=A", "--format=%cs", "--", path).split()
            if first:
                dates[pure.stem] = dt.date.fromisoformat(first[-1])
    return dates
