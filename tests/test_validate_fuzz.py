"""The validator never crashes: arbitrary YAML and arbitrary bytes as a record file.

``papers.py validate`` must answer every input with one line per problem (``path: field: what``)
and a count on stderr, exit 0 or 1, never raise, and never change a file. Hypothesis feeds it
arbitrary bytes, arbitrary text, arbitrary YAML documents, and valid records with fields replaced
by arbitrary values (which reach the rules across records). Example counts follow the Hypothesis
profile (``HYPOTHESIS_PROFILE=dev`` for a long local run).
"""

from __future__ import annotations

import hashlib
import io
import re
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from alignment_survey.cli import main
from alignment_survey.data.records import write_record
from alignment_survey.data.schema import Paper
from tests.helpers import DATA, examples

VALID = {
    "key": "fuzz",
    "title": "A valid record to start from",
    "authors": ["Jane Smith", "others"],
    "year": 2024,
    "month": 5,
    "venue": "arXiv",
    "arxiv_id": "2405.99999",
    "doi": "10.5555/fuzz",
    "url": "https://example.org/fuzz",
    "topics": ["scalable-oversight"],
    "taxonomy": ["so-debate"],
    "source": "tests/test_validate_fuzz.py",
    "notes": "fuzz",
}
STEMS = ("fuzz", "Irving2018ai", "irving2018ai", "zz_new", "fuzz.yaml")  # new, case twin, existing
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.dates(),
    st.sampled_from(["scalable-oversight", "so-debate", "1805.00899", "others", "", "~", "null"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
FIELD_NAMES = st.one_of(st.sampled_from(sorted(Paper.model_fields)), st.text(max_size=12))


def dumped(value: object) -> bytes:
    """A YAML document for ``value`` (PyYAML writes dates, NaN and nested structures its way)."""
    return yaml.safe_dump(value, allow_unicode=True).encode("utf-8")


@st.composite
def near_valid(draw: st.DrawFn) -> bytes:
    """A valid record with some fields replaced by, added as, or removed for arbitrary values."""
    record = dict(VALID)
    for name in draw(st.lists(FIELD_NAMES, max_size=4)):
        if draw(st.booleans()):
            record[name] = draw(VALUES)
        else:
            record.pop(name, None)
    return dumped(record)


YAML_TOKENS = st.sampled_from(
    [
        "key: ",
        "title: ",
        "authors: ",
        "topics: ",
        "taxonomy: ",
        "year: ",
        "arxiv_id: ",
        "- ",
        "? ",
        ": ",
        ", ",
        "{",
        "}",
        "[",
        "]",
        "&a ",
        "*a ",
        "<<: *a",
        "!!binary ",
        "!!python/object/apply:os.system ",
        "!!set ",
        "!!omap ",
        "!!timestamp ",
        "!!int ",
        "!foo ",
        "---\n",
        "...\n",
        "%YAML 1.1\n",
        "%TAG ! tag:x,2000:\n",
        "\n",
        "  ",
        "\t",
        "'",
        '"',
        "|",
        ">",
        "#",
        "\\",
        "2024-01-01",
        "1e999",
        ".nan",
        "-.inf",
        "0x1F",
        "0o17",
        "~",
        "null",
        "true",
        "no",
        "12:30:00",
        "2018",
        "\ufeff",
        "\x00",
        "\u2028",
        "irving2018ai",
        "so-debate",
    ]
)
YAML_LIKE = st.lists(st.one_of(YAML_TOKENS, st.text(max_size=8)), max_size=40).map(
    lambda parts: "".join(parts).encode("utf-8")
)
RECORD_FILES = st.one_of(
    YAML_LIKE,
    st.binary(max_size=400),
    st.text(max_size=400).map(lambda text: text.encode("utf-8")),
    VALUES.map(dumped),
    near_valid(),
    near_valid().map(lambda data: data.replace(b"\n", b"\r\n")),
)
LINE = re.compile(r"^data/[^\n]+?(:\d+)?: [^\n]*: [^\n]*$|^dataset valid: [^\n]+$")


TAXONOMY = """\
topics:
- {id: scalable-oversight, label: Scalable oversight, description: Supervising strong models.}
- {id: automated-alignment, label: Automated alignment, description: Signals without people.}
nodes:
- {id: scalable-oversight, label: Scalable oversight, description: The branch., parent: null}
- {id: so-debate, label: Debate, description: Two models argue., parent: scalable-oversight}
"""


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    """A small valid dataset (one record besides the fuzzed one), so each run takes milliseconds:
    the schema and every rule across records and files still apply in full."""
    data = tmp_path_factory.mktemp("fuzz") / "data"
    (data / "papers").mkdir(parents=True)
    (data / "taxonomy.yaml").write_text(TAXONOMY, encoding="utf-8")
    for name in ("models.csv", "benchmarks.csv", "benchmark_scores.csv"):
        header = (DATA / name).read_text(encoding="utf-8").splitlines()[0]
        (data / name).write_text(header + "\n", encoding="utf-8")
    irving = yaml.safe_load((DATA / "papers" / "irving2018ai.yaml").read_text(encoding="utf-8"))
    irving.update(topics=["scalable-oversight"], taxonomy=["so-debate"])
    write_record(data / "papers", irving)
    (data / "seed_references.yaml").write_text("- number: 1\n  key: irving2018ai\n")
    return data


@pytest.fixture(scope="module")
def monkeypatch_module(dataset) -> object:
    """Run from the dataset's parent, so problems name ``data/papers/<file>``."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(dataset.parent)
        yield patch


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def validate(data: Path) -> tuple[int, list[str], str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["validate", "--data", str(data)])
    return code, out.getvalue().splitlines(), err.getvalue()


@settings(max_examples=examples("validate"), suppress_health_check=[HealthCheck.too_slow])
@given(content=RECORD_FILES, stem=st.sampled_from(STEMS))
@example(content=b"!!timestamp ", stem="fuzz")  # what Hypothesis found: PyYAML's AttributeError,
@example(content=b"!!int ", stem="fuzz")  # IndexError,
@example(content=b"!!set key: ", stem="fuzz")  # and an unhashable key in the quick builder
def test_any_record_file_gets_one_line_per_problem_and_changes_nothing(
    dataset, monkeypatch_module, content, stem
):
    path = dataset / "papers" / f"{stem}.yaml"
    original = path.read_bytes() if path.exists() else None
    path.write_bytes(content)
    before = fingerprint(dataset)
    try:
        code, lines, err = validate(dataset)
        assert fingerprint(dataset) == before, "validate changed a file"
    finally:
        if original is None:
            path.unlink()
        else:
            path.write_bytes(original)
    assert code in (0, 1)
    assert all(LINE.match(line) for line in lines), lines
    if code == 1:
        count = re.fullmatch(r"(\d+) problem\(s\) found\n", err)
        assert count and int(count.group(1)) == len(lines) > 0, (err, lines)
    else:
        assert err == "" and len(lines) == 1 and lines[0].startswith("dataset valid: ")


def test_the_fuzzed_dataset_is_valid_to_start_with(dataset, monkeypatch_module):
    code, lines, _ = validate(dataset)
    assert code == 0 and lines[0].startswith("dataset valid: ")
