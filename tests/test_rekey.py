"""``papers.py rekey``: records whose key breaks the rule are listed, renamed with every mention, or
left alone when some record cannot be read."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT


def rekey(data: Path, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, str(ROOT / "scripts" / "papers.py"), "rekey", "--data", str(data)]
    return subprocess.run([*command, *args], capture_output=True, text=True, check=False)


def move_to_2019(data: Path) -> None:
    """irving2018ai gets the year 2019, so the rule's key becomes irving2019ai."""
    path = data / "papers" / "irving2018ai.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("year: 2018", "year: 2019"))


def test_every_key_of_the_small_dataset_follows_the_rule(small_data):
    result = rekey(small_data)
    assert (result.returncode, result.stdout) == (0, "every key follows the rule\n")


def test_a_key_that_breaks_the_rule_is_listed_and_nothing_changes(small_data):
    move_to_2019(small_data)
    result = rekey(small_data)
    assert result.returncode == 1
    assert result.stdout == "irving2018ai -> irving2019ai\n"
    assert "run 'python scripts/papers.py rekey --apply'" in result.stderr
    assert (small_data / "papers" / "irving2018ai.yaml").is_file()


def test_apply_renames_the_record_and_every_mention(small_data):
    chapter = small_data.parent / "chapters" / "debate.md"
    chapter.parent.mkdir()
    chapter.write_text("Debate {cite:p}`irving2018ai`; not irving2018aix.\n", encoding="utf-8")
    move_to_2019(small_data)
    assert rekey(small_data, "--apply").returncode == 0
    record = small_data / "papers" / "irving2019ai.yaml"
    assert not (small_data / "papers" / "irving2018ai.yaml").exists()
    assert record.read_text(encoding="utf-8").startswith("key: irving2019ai\n")
    assert chapter.read_text(encoding="utf-8") == (
        "Debate {cite:p}`irving2019ai`; not irving2018aix.\n"
    )
    assert rekey(small_data).returncode == 0


def test_an_unreadable_record_stops_rekey_before_anything_is_renamed(small_data):
    move_to_2019(small_data)
    broken = small_data / "papers" / "ouyang2022training.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "title: 'unclosed\n", encoding="utf-8")
    result = rekey(small_data, "--apply")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{broken}: -: YAML syntax error")
    assert lines[1].startswith("1 record(s) could not be read, so their keys are unchecked")
    assert (small_data / "papers" / "irving2018ai.yaml").is_file()
