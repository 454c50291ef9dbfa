"""What a change does to the paper dataset: papers added, removed, changed and reclassified.

CI prints this for every pull request (``papers.py diff --base origin/main``), so a reviewer sees
the dataset change in words before reading YAML diffs.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from alignment_survey.data.records import read_yaml

CLASSIFICATION = ("topics", "taxonomy")


@dataclass
class DataDiff:
    """Papers added, removed, changed (metadata fields) and reclassified (topics or taxonomy)."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)
    reclassified: dict[str, dict[str, tuple[list[str], list[str]]]] = field(default_factory=dict)

    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.reclassified)

    def markdown(self, titles: dict[str, str]) -> str:
        """A summary for a pull request (GitHub job summary): one line per paper."""
        if self.empty():
            return "### Dataset changes\n\nNo paper record changed.\n"
        counts = (
            f"{len(self.added)} added, {len(self.removed)} removed, "
            f"{len(self.changed)} changed, {len(self.reclassified)} reclassified"
        )
        lines = ["### Dataset changes", "", counts, ""]
        for key in self.added:
            lines.append(f"- **added** `{key}`: {_escape(titles.get(key, ''))}")
        for key in self.removed:
            lines.append(f"- **removed** `{key}`")
        for key, fields in self.changed.items():
            lines.append(f"- **changed** `{key}`: {', '.join(fields)}")
        for key, moves in self.reclassified.items():
            parts = [f"{name} {_list(old)} → {_list(new)}" for name, (old, new) in moves.items()]
            lines.append(f"- **reclassified** `{key}`: {'; '.join(parts)}")
        return "\n".join(lines) + "\n"


def _list(values: list[str]) -> str:
    return ", ".join(values) if values else "(none)"


def _escape(text: str) -> str:
    """Keep a record's title from being read as markup in the summary."""
    return "".join("\\" + char if char in "\\`*_[]<>|#" else char for char in str(text))


def diff_records(base: dict[str, dict[str, Any]], head: dict[str, dict[str, Any]]) -> DataDiff:
    """Compare two sets of records keyed by file stem."""
    result = DataDiff(
        added=sorted(head.keys() - base.keys()), removed=sorted(base.keys() - head.keys())
    )
    for key in sorted(base.keys() & head.keys()):
        old, new = base[key], head[key]
        names = sorted((old.keys() | new.keys()) - set(CLASSIFICATION))
        fields = [name for name in names if old.get(name) != new.get(name)]
        if fields:
            result.changed[key] = fields
        moves = {
            name: (list(old.get(name) or []), list(new.get(name) or []))
            for name in CLASSIFICATION
            if sorted(old.get(name) or []) != sorted(new.get(name) or [])
        }
        if moves:
            result.reclassified[key] = moves
    return result


def records_in_folder(papers_dir: Path) -> dict[str, dict[str, Any]]:
    """Every record of a folder, by file stem (a file that does not parse counts as empty)."""
    records = {}
    for path in sorted(papers_dir.glob("*.yaml")):
        data, _ = read_yaml(path)
        records[path.stem] = data if isinstance(data, dict) else {}
    return records


def records_at(ref: str, papers_dir: Path) -> dict[str, dict[str, Any]]:
    """Every record of ``papers_dir`` as it was at git revision ``ref``."""
    folder = papers_dir.resolve()
    top = Path(_git(folder, "rev-parse", "--show-toplevel").strip())
    relative = PurePosixPath(folder.relative_to(top).as_posix())
    names = _git(top, "ls-tree", "--name-only", f"{ref}:{relative}").split("\n")
    stems = [name[: -len(".yaml")] for name in names if name.endswith(".yaml")]
    request = "".join(f"{ref}:{relative / stem}.yaml\n" for stem in stems)
    batch = subprocess.run(
        ["git", "cat-file", "--batch"], cwd=top, input=request.encode(), capture_output=True
    ).stdout
    records, offset = {}, 0
    for stem in stems:  # each answer: "<sha> blob <size>\n<content>\n"
        header_end = batch.index(b"\n", offset)
        size = int(batch[offset:header_end].split()[2])
        text = batch[header_end + 1 : header_end + 1 + size].decode("utf-8", errors="replace")
        offset = header_end + 1 + size + 1
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError:
            data = None
        records[stem] = data if isinstance(data, dict) else {}
    return records


def _git(cwd: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ValueError(f"git {' '.join(args)}: {result.stderr.strip() or 'failed'}")
    return result.stdout
