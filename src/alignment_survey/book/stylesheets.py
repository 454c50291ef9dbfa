"""The theme's stylesheet, cut down to the rules the built site can use.

pydata-sphinx-theme ships Bootstrap and the whole Font Awesome catalogue in one stylesheet of
about 400 KB (66 KB gzip). Every page waits for it before its first paint, and on a phone its
unused rules cost as much to match as the used ones. After the build, :func:`purge_stylesheet`
rewrites the site's copy from the theme's original, keeping a rule when every class and id its
selector needs appears somewhere in the site's pages or scripts (which keeps the classes that
scripts add, such as ``show`` or ``collapsing``), and the few that Bootstrap builds at run time.
``tests/test_stylesheets.py`` checks in Chromium that every element of the site's kinds of page
is styled exactly as with the full stylesheet, in light and dark mode, with menus open.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

import tinycss2

from alignment_survey.files.atomic import write_text_atomic

WORD = re.compile(r"[A-Za-z0-9_-]+")
BUILT_AT_RUN_TIME = ("bs-tooltip-", "bs-popover-")  # bootstrap.js: `bs-${NAME}-auto`
GROUPS = {"media", "supports", "layer", "container", "document"}  # at-rules holding rules


def site_words(site: Path) -> set[str]:
    """Every word of the site's pages and scripts: the class names and ids they can use."""
    words: set[str] = set()
    for path in [*site.rglob("*.html"), *site.rglob("*.js")]:
        words |= set(WORD.findall(path.read_text(encoding="utf-8", errors="ignore")))
    return words


def purge(css: str, words: set[str]) -> str:
    """The stylesheet without the rules whose selectors name a class or id absent from ``words``."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return "".join(_kept(rules, words))


def purge_stylesheet(original: Path, target: Path, site: Path, cache: Path) -> tuple[int, int]:
    """Write ``target`` as ``original`` purged for ``site``; return the sizes before and after.

    The purge takes seconds; it is kept in the folder ``cache`` with a key of its inputs (the
    original, and the size and time of every page and script of the site) and reused while they
    stay the same, so a rebuild that writes no page does not purge again.
    """
    css = original.read_text(encoding="utf-8")
    key = _inputs_key(css, site)
    kept = cache / f"{target.name}.{key}"
    if kept.is_file():
        purged = kept.read_text(encoding="utf-8")
    else:
        purged = purge(css, site_words(site))
        cache.mkdir(parents=True, exist_ok=True)
        for old in cache.glob(f"{target.name}.*"):
            old.unlink()
        write_text_atomic(kept, purged)
    if not target.is_file() or target.read_text(encoding="utf-8") != purged:
        target.write_text(purged, encoding="utf-8")
    return len(css.encode()), len(purged.encode())


def _inputs_key(css: str, site: Path) -> str:
    digest = hashlib.sha256(css.encode())
    for path in sorted([*site.rglob("*.html"), *site.rglob("*.js")]):
        stat = path.stat()
        digest.update(f"{path.relative_to(site)} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:20]


def _kept(rules: Iterable, words: set[str]) -> list[str]:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s for s in _selectors(rule.prelude) if _usable(s, words)]
            if selectors:
                prelude = ",".join(tinycss2.serialize(s).strip() for s in selectors)
                kept.append(prelude + "{" + tinycss2.serialize(rule.content) + "}")
        elif rule.type == "at-rule" and rule.lower_at_keyword in GROUPS and rule.content:
            inner = tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True)
            contents = _kept([r for r in inner if r.type != "comment"], words)
            if contents:
                prelude = tinycss2.serialize(rule.prelude)
                kept.append(f"@{rule.at_keyword}{prelude}{{{''.join(contents)}}}")
        elif rule.type == "at-rule":
            kept.append(tinycss2.serialize([rule]))
    return kept


def _selectors(prelude: list) -> list[list]:
    """A selector list split at its top-level commas (commas inside ``:is(...)`` stay)."""
    selectors: list[list] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return [s for s in selectors if tinycss2.serialize(s).strip()]


def _usable(selector: list, words: set[str]) -> bool:
    """False when the selector needs a class or id that nothing in the site names.

    Only the selector's own compound parts count: what ``:not()``, ``:is()`` or ``:has()`` hold
    may match without the class, so it never removes a rule.
    """
    for previous, token in zip([None, *selector], selector, strict=False):
        name = None
        if token.type == "hash":
            name = token.value
        elif token.type == "ident" and previous is not None and previous.type == "literal":
            name = token.value if previous.value == "." else None
        if name and name not in words and not name.startswith(BUILT_AT_RUN_TIME):
            return False
    return True
