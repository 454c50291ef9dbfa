"""The project's key rule: ``<first author's family name><year><first significant title word>``.

A significant word is neither a stop word nor a number ("The 2024 Foundation Model ..." -> foundation).
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterable, Iterator
from itertools import count

from alignment_survey.data.schema import ETAL, GROUP_WORDS

_STOPWORDS = frozenset(
    "a an the on of for to in and with towards toward via is are do does can how what when why "
    "your you we our from by at as be not more less its it this that".split()
)


# Letters that Unicode does not decompose into an ASCII letter plus an accent.
_UNDECOMPOSED = str.maketrans(
    {
        "Ł": "L",
        "ł": "l",
        "Ø": "O",
        "ø": "o",
        "Đ": "D",
        "đ": "d",
        "ß": "ss",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "Þ": "Th",
        "þ": "th",
        "ı": "i",
    }
)


def ascii_letters(text: str) -> str:
    """Lowercase ASCII letters and digits of ``text`` (accents folded: Köksal -> koksal, Łucki -> lucki)."""
    folded = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    folded = folded.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def family_name(author: str) -> str:
    """Family name of an author written "Family, Given" or "Given Family"; a group's whole name."""
    if author.split() and author.split()[-1] in GROUP_WORDS:
        return author
    if "," in author:
        return author.split(",", 1)[0].strip()
    return author.strip().split()[-1] if author.strip() else ""


def title_word(title: str) -> str:
    for word in re.split(r"[\s:/]+", title):
        cleaned = ascii_letters(word)
        if cleaned and cleaned not in _STOPWORDS and not cleaned.isdigit():
            return cleaned
    return "paper"


def make_key(authors: list[str], year: int, title: str, taken: Iterable[str] = ()) -> str:
    """A new unique key; ``anon`` stands for an unknown first author; suffixes b…z, then 27, 28…
    break ties."""
    known = [a for a in authors if a != ETAL]
    family = ascii_letters(family_name(known[0])) if known else ""
    base = f"{family or 'anon'}{year}{title_word(title)}"
    if not base[0].isalpha():
        base = f"anon{base}"
    taken_lower = {key.lower() for key in taken}
    return next(c for c in _candidates(base) if c not in taken_lower)


def _candidates(base: str) -> Iterator[str]:
    yield base
    for letter in string.ascii_lowercase[1:]:
        yield base + letter
    for number in count(27):
        yield f"{base}{number}"
