"""Start a new chapter: ``python scripts/new_chapter.py "Reward hacking" --topic scalable-oversight``.

Writes ``chapters/<slug>.md`` from the book's template (jupytext header, dataset loading, a taxonomy
and a timeline chart of the topic's papers, a narrative skeleton with one citation) and appends it
to the survey part of ``_toc.yml``. The chapter builds at once with ``make book``.
"""

import argparse
import sys
from pathlib import Path

from alignment_survey.book.scaffold import new_chapter
from alignment_survey.data.load import load_for_command

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("title", help="the chapter's title")
    parser.add_argument(
        "--topic",
        help="topic id from data/taxonomy.yaml that scopes the charts (default: the first)",
    )
    parser.add_argument("--root", type=Path, default=ROOT, help="the book's folder")
    args = parser.parse_args()
    dataset = load_for_command(args.root, "new_chapter.py")
    if dataset is None:
        return 2
    topics = list(dataset.topics["id"])
    topic = args.topic or topics[0]
    if topic not in topics:
        print(
            f"new_chapter.py: --topic: unknown topic {topic!r} (one of {', '.join(topics)})",
            file=sys.stderr,
        )
        return 2
    keys = sorted(
        key
        for key, tags in zip(dataset.papers["key"], dataset.papers["topics"], strict=True)
        if topic in tags
    )
    if not keys:
        print(f"new_chapter.py: --topic: no paper has topic {topic!r} yet", file=sys.stderr)
        return 2
    try:
        path = new_chapter(args.root, args.title, topic, keys[0])
    except FileExistsError as exc:
        print(f"new_chapter.py: {exc}", file=sys.stderr)
        return 1
    print(
        f"created {path.relative_to(args.root).as_posix()} (topic {topic}) and listed it in _toc.yml"
    )
    print("next: write the narrative, then `make book` and `make test`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
