"""The dataset snapshot: validated once, read back while the content is the same, never stale."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from alignment_survey.data.load import FRAMES, load_dataset, validated_frames
from alignment_survey.data.problems import DatasetError
from alignment_survey.files import layout


def plant_title(data: Path, key: str, title: str) -> None:
    """Change one title inside the saved snapshot only: a load that shows it read the snapshot."""
    (stored,) = [p for p in layout.snapshot_dir(data).iterdir() if p.is_dir()]
    papers = pq.read_table(stored / "papers.parquet")
    frame = papers.to_pandas()
    frame.loc[frame["key"] == key, "title"] = title
    table = papers.from_pandas(frame, preserve_index=False)
    pq.write_table(table.replace_schema_metadata(papers.schema.metadata), stored / "papers.parquet")


def title(data: Path, key: str) -> str:
    return load_dataset(data).papers.set_index("key").at[key, "title"]


def test_a_warm_load_gives_the_frames_of_a_cold_one_exactly(small_data: Path):
    cold = load_dataset(small_data)
    warm = load_dataset(small_data)
    fresh = validated_frames(small_data)
    assert cold.key == warm.key
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(warm, name), fresh[name], check_exact=True)
        for column in fresh[name].columns:  # lists stay lists, not arrays
            assert [type(v) for v in getattr(warm, name)[column]] == [
                type(v) for v in fresh[name][column]
            ], (name, column)


def test_an_unchanged_folder_is_read_from_its_snapshot(small_data: Path):
    load_dataset(small_data)
    plant_title(small_data, "irving2018ai", "Planted in the snapshot")
    assert title(small_data, "irving2018ai") == "Planted in the snapshot"


def test_a_copy_of_the_same_bytes_uses_the_snapshot_too(small_data: Path, tmp_path: Path):
    load_dataset(small_data)
    plant_title(small_data, "irving2018ai", "Planted in the snapshot")
    copy = shutil.copytree(small_data, tmp_path / "copy")  # new inodes: every file is hashed
    assert title(copy, "irving2018ai") == "Planted in the snapshot"


def test_an_edited_record_is_read_again(small_data: Path):
    load_dataset(small_data)
    plant_title(small_data, "irving2018ai", "Planted in the snapshot")
    record = small_data / "papers" / "irving2018ai.yaml"
    record.write_text(record.read_text().replace("AI safety via debate", "AI safety via debates"))
    assert title(small_data, "irving2018ai") == "AI safety via debates"


def test_an_edit_the_clock_cannot_see_is_still_noticed(small_data: Path):
    """Same size, same modification time (a coarse clock, two writes in one tick): hashed again."""
    load_dataset(small_data)
    record = small_data / "papers" / "irving2018ai.yaml"
    before = record.stat()
    text = record.read_text()
    record.write_text(text.replace("AI safety via debate", "AI safety via DEBATE"))
    os.utime(record, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert record.stat().st_size == before.st_size
    assert title(small_data, "irving2018ai") == "AI safety via DEBATE"


@pytest.mark.parametrize("change", ["new table file", "new folder", "removed record"])
def test_any_new_or_removed_file_changes_the_key(small_data: Path, change: str):
    key = load_dataset(small_data).key
    if change == "new table file":
        (small_data / "notes.txt").write_text("a curator's note\n")
        assert load_dataset(small_data).key != key
    elif change == "new folder":
        (small_data / "papers" / "drafts").mkdir()  # validation refuses folders among records
        with pytest.raises(DatasetError, match="a folder"):
            load_dataset(small_data)
    else:
        (small_data / "papers" / "li2025arbllm.yaml").unlink()
        dataset = load_dataset(small_data)
        assert dataset.key != key and "li2025arbllm" not in set(dataset.papers["key"])


def test_invalid_data_is_never_served_from_an_older_snapshot(small_data: Path):
    load_dataset(small_data)
    record = small_data / "papers" / "irving2018ai.yaml"
    record.write_text(record.read_text().replace("month: 5", "month: 13"))
    for _ in range(2):
        with pytest.raises(DatasetError, match="month: 13 is not a month"):
            load_dataset(small_data)


def test_hidden_files_are_neither_data_nor_key(small_data: Path):
    key = load_dataset(small_data).key
    (small_data / "papers" / ".irving2018ai.yaml.swp").write_text("an editor's swap file")
    assert load_dataset(small_data).key == key
    assert layout.snapshot_dir(small_data).is_dir()
