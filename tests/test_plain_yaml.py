"""The quick record reader gives exactly what PyYAML gives, or steps aside.

Every real record must take the quick path (that is where a cold load's time goes), and on
generated text full of YAML's corner cases the quick reader either answers as PyYAML does, with
the same types, or returns ``None``.
"""

from __future__ import annotations

import random

import pytest
import yaml

from alignment_survey.data.plain_yaml import parse_plain
from tests.helpers import DATA

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

NAMES = ["key", "title", "authors", "year", "month", "venue", "url", "topics", "taxonomy", "notes"]
NAMES += ["x_1", "_a", "on", "yes", "No", "null", "a-b", "1a"]  # not text, or not a plain name
SEPARATORS = [": ", ":", ":  ", " : ", ":\t", ": "]
SCALARS = [
    "plain text",
    "a #comment",
    "a#b",
    "a: b",
    "a:",
    "http://x.org/a:b",
    "'single ''quoted'' # not a comment'",
    "'a' # comment",
    "'a'b",
    "'unterminated",
    '"double \\"quoted\\" \\\\ back"',
    '"tab \\t escape"',
    '"\\u00e9"',
    '"a" # c',
    "[]",
    "[ ]",
    "[a, b]",
    "{}",
    "2024",
    "0",
    "007",
    "0x1F",
    "1_000",
    "-5",
    "+5",
    "1e5",
    "1.5",
    ".5",
    "1:30",
    "2024-01-05",
    "2024-02-30",
    "2024-1-5",
    "2024-01-05T10:00:00Z",
    "yes",
    "Off",
    "true",
    "~",
    "null",
    "NULL",
    "nULL",
    "=",
    "<<",
    "&anchor a",
    "*alias",
    "!tag a",
    "!!str 5",
    "%x",
    "@x",
    "`x",
    "|",
    ">",
    "?",
    "? a",
    "-",
    "- a",
    "-a",
    ",a",
    "#",
    "é ü ß 中文",
    "emoji 😀",
    "a\u2028b",
    "a\x85b",
    "\ufeffa",
    "a\u00a0",
    "a\x07",
    "trailing   ",
    "",
    " ",
]


GOOD = ["plain text", "'quoted'", '"double"', "2024", "null", "[]", "2024-01-05", "a#b"]


def random_document(rng: random.Random) -> str:
    """Mostly record-shaped text, with one corner case of YAML here and there."""
    lines = []
    names = rng.sample(NAMES, rng.randint(0, 6))
    for name in names:
        tricky = rng.random() < 0.15
        if rng.random() < 0.6:
            separator = rng.choice(SEPARATORS) if tricky else ": "
            lines.append(name + separator + rng.choice(SCALARS if tricky else GOOD))
        else:
            lines.append(name + (rng.choice([":", ":  ", ": # c", ": x"]) if tricky else ":"))
            indent = " " * rng.choice([0, 2])
            for _ in range(rng.randint(0, 3)):
                if rng.random() < 0.15:
                    indent = " " * rng.choice([0, 1, 2, 4])
                scalars = SCALARS if rng.random() < 0.15 else GOOD
                lines.append(indent + "- " + rng.choice(scalars))
        if rng.random() < 0.1:
            lines.append(rng.choice(["", "# a comment", "  # indented", "   ", "---", "  more"]))
    ending = rng.choice(["\n", "\n", "\n", "", "\n\n"])
    return rng.choice(["\n", "\n", "\r\n"]).join(lines) + ending


def same(quick: object, slow: object) -> bool:
    """Equal, with equal types all the way down (PyYAML's 1 and True are equal in Python)."""
    if type(quick) is not type(slow):
        return False
    if isinstance(quick, dict):
        return list(quick) == list(slow) and all(same(quick[k], slow[k]) for k in quick)
    if isinstance(quick, list):
        return len(quick) == len(slow) and all(map(same, quick, slow))
    return quick == slow


def test_every_record_takes_the_quick_path_and_reads_as_with_pyyaml():
    records = sorted((DATA / "papers").glob("*.yaml")) + [DATA / "templates" / "paper.yaml"]
    for path in records:
        text = path.read_text(encoding="utf-8")
        quick = parse_plain(text)
        assert quick is not None, f"{path.name} is not read by the quick path"
        assert same(quick, yaml.load(text, Loader=LOADER)), path.name


@pytest.mark.parametrize("seed", range(8))
def test_generated_text_reads_as_with_pyyaml_or_is_left_to_it(seed: int):
    rng = random.Random(seed)
    answered = 0
    for _ in range(2500):
        text = random_document(rng)
        quick = parse_plain(text)
        if quick is None:
            continue
        answered += 1
        slow = yaml.load(text, Loader=LOADER)  # must not fail where the quick path answered
        assert same(quick, slow), repr(text)
    assert answered > 100  # the generator reaches the quick path, not only its refusals


def test_a_date_is_a_date_and_an_impossible_one_is_left_to_pyyaml():
    import datetime as dt

    assert parse_plain("added: 2026-01-05\n") == {"added": dt.date(2026, 1, 5)}
    assert parse_plain("added: 2026-02-30\n") is None
