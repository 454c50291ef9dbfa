"""Synthetic datasets of any size, for the scale benchmark and scale tests (never committed).

The tables (taxonomy, models, benchmarks, scores) are copied from the real dataset; the paper
records are made up but shaped like real ones: unique keys and arXiv ids, topics and taxonomy
nodes from the taxonomy, authors that sometimes end in ``others``, some papers dated by year only.
The output depends only on ``n_papers`` and ``seed``. Records are written as YAML text directly
(no YAML library), so 50,000 papers take seconds.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import tempfile
from pathlib import Path

import yaml

from alignment_survey.data.schema import ETAL
from alignment_survey.files import layout

TABLES = ("taxonomy.yaml", "models.csv", "benchmarks.csv", "benchmark_scores.csv")
MAX_ARXIV = 90_000  # five-digit arXiv numbers 10000..99999 keep every synthetic id unique
FIRST_YEAR, LAST_YEAR = 2017, 2025
N_SEEDS = 10
_ARXIV_ID = re.compile(r"^arxiv_id: '?([^'\n]+)'?$", re.M)

_GIVEN = (
    "Ada",
    "Wei",
    "Priya",
    "Jonas",
    "Fatima",
    "Kenji",
    "Sofia",
    "Omar",
    "Lena",
    "Mateo",
    "Chen",
    "Aisha",
    "Lukas",
    "Yuki",
    "Noor",
    "Élodie",
    "Sven",
    "Ana",
    "Ravi",
    "Zoë",
)
_FAMILY = (
    "Smith",
    "Wang",
    "Patel",
    "Müller",
    "Kim",
    "Garcia",
    "Okafor",
    "Rossi",
    "Novak",
    "Tanaka",
    "Silva",
    "Cohen",
    "Nguyen",
    "Ivanova",
    "Haddad",
    "Larsen",
    "Zhou",
    "Diaz",
)
_WORDS = (
    "scalable",
    "oversight",
    "preference",
    "reward",
    "debate",
    "judge",
    "feedback",
    "alignment",
    "constitutional",
    "critique",
    "weak",
    "strong",
    "generalization",
    "red",
    "teaming",
    "bias",
    "multimodal",
    "open",
    "weights",
    "evaluation",
    "models",
    "language",
    "learning",
    "optimization",
    "self",
    "play",
    "instruction",
    "safety",
)
_VENUES = (
    "arXiv",
    "arXiv",
    "arXiv",
    "NeurIPS",
    "ICML",
    "ICLR",
    "ACL",
    "EMNLP",
    "Findings of ACL",
    "TMLR",
    "AAAI",
    "COLM",
)


def write_synthetic_dataset(dest: Path, n_papers: int, seed: int = 0) -> Path:
    """Write a complete valid dataset of ``n_papers`` made-up papers into ``dest`` (a new folder).

    The folder appears whole or not at all: it is written beside ``dest`` and renamed.
    """
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise FileExistsError(f"{dest}: folder exists and is not empty")
    source = layout.find_data_dir()
    taxonomy = yaml.safe_load(layout.taxonomy_file(source).read_text(encoding="utf-8"))
    topic_ids = [topic["id"] for topic in taxonomy["topics"]]
    node_ids = branch_nodes(taxonomy["nodes"])
    credited = list(dict.fromkeys(n["credit"] for n in taxonomy["nodes"] if n.get("credit")))
    rng = random.Random(seed)
    dest.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
    try:
        for name in TABLES:
            shutil.copyfile(source / name, work / name)
        papers = work / "papers"
        papers.mkdir()
        keys: set[str] = set()
        for index in range(n_papers):
            wanted = credited[index] if index < len(credited) else None
            key, text = paper_record(rng, index, topic_ids, node_ids, keys, wanted)
            (papers / f"{key}.yaml").write_text(text, encoding="utf-8")
        (work / "seed_references.yaml").write_text(seed_text(credited, keys, rng), encoding="utf-8")
        if dest.exists():
            dest.rmdir()
        work.rename(dest)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return dest


def add_papers(data_dir: Path, n_papers: int) -> list[Path]:
    """Grow a dataset folder (a copy of the real one) to ``n_papers`` with copies of its records.

    Copy ``c`` of ``key`` is ``key_c<c>``, with an arXiv id of the same month never used before
    and ``.c<c>`` after any DOI, so the result validates. Everything else is kept, so the papers
    per year, topic, branch and source list keep their proportions, and a book built on it still
    finds every paper its chapters cite: ten times the data, shaped like the data.
    """
    papers = layout.papers_dir(data_dir)
    originals = sorted(papers.glob("*.yaml"))
    texts = [path.read_text(encoding="utf-8") for path in originals]
    taken = {found for text in texts for found in _ARXIV_ID.findall(text)}
    numbers: dict[str, int] = {}
    written: list[Path] = []
    copy = 1
    while len(originals) + len(written) < n_papers:
        copy += 1
        for path, text in zip(originals, texts, strict=True):
            if len(originals) + len(written) >= n_papers:
                break
            key = f"{path.stem}_c{copy}"
            text = re.sub(r"^key: .*$", f"key: {key}", text, count=1, flags=re.M)
            text = re.sub(r"^(doi: '?)([^'\n]+)", rf"\g<1>\g<2>.c{copy}", text, count=1, flags=re.M)
            for arxiv_id in _ARXIV_ID.findall(text):
                month = arxiv_id.split(".")[0] if "." in arxiv_id else "9901"
                new = arxiv_id
                while new in taken:
                    numbers[month] = numbers.get(month, 89_999) + 1
                    new = f"{month}.{numbers[month]:05d}"
                taken.add(new)
                text = text.replace(f"arxiv_id: '{arxiv_id}'", f"arxiv_id: '{new}'")
                text = text.replace(f"arxiv_id: {arxiv_id}\n", f"arxiv_id: '{new}'\n")
            target = papers / f"{key}.yaml"
            target.write_text(text, encoding="utf-8")
            written.append(target)
    return written


def paper_record(
    rng: random.Random,
    index: int,
    topic_ids: list[str],
    node_ids: dict[str, list[str]],
    keys: set[str],
    key: str | None = None,
) -> tuple[str, str]:
    """One made-up paper as ``(key, YAML text)``; ``keys`` (those already used) gains the key."""
    families = [rng.choice(_FAMILY) for _ in range(rng.randint(1, 8))]
    authors = [f"{rng.choice(_GIVEN)} {family}" for family in families]
    if rng.random() < 0.2:
        authors.append(ETAL)
    year = rng.randint(FIRST_YEAR, LAST_YEAR)
    words = rng.sample(_WORDS, rng.randint(3, 8))
    title = " ".join(words).capitalize() + (": a study" if rng.random() < 0.3 else "")
    if key is None:
        key = f"{_ascii(families[0])}{year}{words[0]}"
        if key in keys:
            key = f"{key}_{index}"
    keys.add(key)
    has_arxiv = index < MAX_ARXIV and rng.random() < 0.85
    month = rng.randint(1, 12) if has_arxiv or rng.random() < 0.3 else None
    lines = [
        f"key: {key}",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        "authors:",
        *(f"- {json.dumps(name, ensure_ascii=False)}" for name in authors),
        f"year: {year}",
    ]
    if month is not None:
        lines.append(f"month: {month}")
    lines.append(f"venue: {json.dumps(rng.choice(_VENUES))}")
    if has_arxiv:
        arxiv_id = f"{year % 100:02d}{month:02d}.{10_000 + index:05d}"
        lines += [f"arxiv_id: '{arxiv_id}'", f"url: https://arxiv.org/abs/{arxiv_id}"]
    else:
        doi = f"10.5555/synthetic.{index}"
        lines += [f"doi: {doi}", f"url: https://doi.org/{doi}"]
    lines.append("topics:")
    topics = rng.sample(topic_ids, rng.choice((1, 1, 2)))
    lines += [f"- {topic}" for topic in topics]
    lines.append("taxonomy:")  # nodes of the first topic's branch, as in the real records
    nodes = node_ids.get(topics[0]) or node_ids[""]
    lines += [f"- {node}" for node in rng.sample(nodes, min(len(nodes), rng.choice((1, 1, 1, 2))))]
    lines.append("source: synthetic benchmark data")
    return key, "\n".join(lines) + "\n"


def branch_nodes(nodes: list[dict]) -> dict[str, list[str]]:
    """Node ids by the root of their branch (whose id is often a topic's), and all under ``""``."""
    parent = {node["id"]: node.get("parent") for node in nodes}

    def root(node: str) -> str:
        while parent.get(node):
            node = parent[node]
        return node

    by_root: dict[str, list[str]] = {"": list(parent)}
    for node in parent:
        by_root.setdefault(root(node), []).append(node)
    return by_root


def seed_text(credited: list[str], keys: set[str], rng: random.Random) -> str:
    """``seed_references.yaml``: the credited papers first, then a few others, numbered."""
    others = sorted(keys - set(credited))
    chosen = credited + rng.sample(others, min(len(others), max(0, N_SEEDS - len(credited))))
    return "".join(f"- number: {n}\n  key: {key}\n" for n, key in enumerate(chosen, start=1))


def _ascii(name: str) -> str:
    return "".join(c for c in name.lower() if "a" <= c <= "z") or "anon"
