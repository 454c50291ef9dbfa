"""One-off import: build the project's dataset from the shared raw material.

This script documents how ``data/`` was first made from ``../shared/data/`` (see its README).
After the import, the records in ``data/`` are the source of truth: curators edit them, or
refresh them from arXiv, and never re-run this import over curated data. It refuses to write
into a ``data/papers/`` folder that already holds records unless ``--force`` is given.

    python scripts/import_shared_data.py --shared ../shared/data --out data

What it does, in order:
1. reads every row of ``auto_alignment_papers.csv`` and ``topic_papers.csv``;
2. merges rows that are the same paper: same arXiv id, else same normalised title;
3. maps each row's heading or subtopic to a node of ``data/taxonomy.yaml`` (tables below);
4. completes author lists from ``authors_enrichment.csv`` (by arXiv id or exact title);
5. applies the corrections listed in the shared README (``FIXES``);
6. writes one YAML record per paper, the seed reference list, and the model and score tables.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml

from alignment_survey.atomic import write_text_atomic
from alignment_survey.keys import make_key
from alignment_survey.records import write_record
from alignment_survey.schema import ETAL

AUTO_HEADINGS = {
    "Aligning through inductive bias > Uncertainty Filtering": "aa-uncertainty-filtering",
    "Aligning through inductive bias > Self-Judge / Critique / Refine": "aa-self-judge",
    "Aligning through inductive bias > Context Distillation": "aa-context-distillation",
    "Aligning through inductive bias > Task Decompsition": "aa-task-decomposition",
    "Aligning through inductive bias > Self-play": "aa-self-play",
    "Aligning through inductive bias > Self-play > Debate": "aa-self-play-debate",
    "Aligning through inductive bias > Self-play > Generator-Discriminator": "aa-generator-discriminator",
    "Aligning through behaviour imitation > Instruction Construction > In-Context Generation": "aa-in-context-generation",
    "Aligning through behaviour imitation > Instruction Construction > Instruction Evolution": "aa-instruction-evolution",
    "Aligning through behaviour imitation > Instruction Construction > Instruction Backtranslation": "aa-instruction-backtranslation",
    "Aligning through behaviour imitation > Response-Guided Distillation > Instruction Following": "aa-rgd-instruction-following",
    "Aligning through behaviour imitation > Response-Guided Distillation > Math": "aa-rgd-math",
    "Aligning through behaviour imitation > Response-Guided Distillation > Code": "aa-rgd-code",
    "Aligning through behaviour imitation > Response-Guided Distillation > Agent": "aa-rgd-agent",
    "Aligning through behaviour imitation > Preference-Guided Distillation": "aa-preference-distillation",
    "Aligning through behaviour imitation > Weak-to-Strong Alignment": "aa-weak-to-strong",
    "Aligning through model feedback > Scalar Reward": "aa-scalar-reward",
    "Aligning through model feedback > Binary Verifier": "aa-binary-verifier",
    "Aligning through model feedback > Text Critic": "aa-text-critic",
    "Aligning through environment feedback > Social Interactions": "aa-social-interactions",
    "Aligning through environment feedback > Human Collective Intelligence": "aa-human-collective",
    "Aligning through environment feedback > Tool Execution Feedback": "aa-tool-execution",
    "Aligning through environment feedback > Embodied Environment": "aa-embodied",
    "Underlying Mechanism of Automated Alignment > Alignment Mechanism": "aa-mech-alignment",
    "Underlying Mechanism of Automated Alignment > Inner Workings of Self-feedback": "aa-mech-self-feedback",
    "Underlying Mechanism of Automated Alignment > Feasibility of Weak-to-strong": "aa-mech-weak-to-strong",
}

# (topic, subtopic) -> node. Subtopics that are only a year heading ("Papers: 2023") are not
# taxonomy nodes: those papers go to the node named in PAPER_NODES, else to the branch root.
TOPIC_SUBTOPICS = {
    "scalable-oversight": {
        "Task Decomposition": "so-task-decomposition",
        "Debate": "so-debate",
        "AI-Mediated Debate & Amplification": "so-debate",
        "Weak-to-Strong Alignment": "so-weak-to-strong",
        "Supervision Generalization": "so-weak-to-strong",
        "Process & Internal State Supervision": "so-process",
        "Advanced Reward Modeling": "so-reward-modeling",
        "Human-Cognitive Alignment & Interaction": "so-human-factors",
        "Automated Evaluators & AI Critics": "so-critique",
        "Self-Correction & Self-Critique": "so-critique",
        "Theoretical Frameworks & Surveys": "so-theory",
        "Benchmark & Dataset Creation": "eval-oversight-benchmarks",
    },
    "llm-as-judge": {
        "Adversarial Attacks on LLMs-as-Judges": "judge-adversarial",
        "Cognitive-Related Biases": "judge-bias-cognitive",
        "Meta-evaluation benchmarks: Comprehensive Data": "judge-meta-evaluation",
        "Model Evaluation": "judge-use",
        "Presentation-Related Biases": "judge-bias-presentation",
        "Prompt-based: Step-by-step": "judge-prompting",
        "Social-Related Biases": "judge-bias-social",
        "Tuning-based: Preference-based Learning": "judge-tuning",
    },
    "multimodal-alignment": {
        "Agent": "mm-applications",
        "Embodied Intelligence": "mm-applications",
        "Mathematics": "mm-applications",
        "Medicine": "mm-applications",
        "Alignment": "eval-alignment-benchmarks",
        "Audio-Text": "mm-modalities",
        "Audio-Visual": "mm-modalities",
        "Video": "mm-modalities",
        "Multi-Image": "mm-modalities",
        "Close-Source LLM/MLLM": "mm-capabilities",
        "Enhancing Comprehensive Capabilities": "mm-capabilities",
        "ICL": "mm-capabilities",
        "Mitigating Hallucinations": "mm-hallucination",
        "Reward Model": "mm-reward-models",
        "Safety": "mm-safety",
    },
    "preference-optimization": {
        "Basic": "po-direct",
        "Binary Verifier": "po-reasoning",
        "Point-Wise Feedback": "po-pointwise",
        "Reference-Free DPO": "po-reference-free",
    },
    "red-teaming-bias": {
        "Jailbreaking: White-box Attacks": "rt-jailbreak",
        "Red Teaming: Automated Red Teaming": "rt-automated",
        "Red Teaming: Evaluation": "eval-safety-benchmarks",
        "Social Bias: Evaluation Datasets": "rt-social-bias",
        "Toxicity: Generation-based Benchmarks": "eval-safety-benchmarks",
    },
}

# Papers whose source heading is only a year, or whose heading does not say what they do:
# placed by reading the title (the reason is the paper's own title).
PAPER_NODES = {
    "kirchner2024prover": ["so-prover-verifier"],
    "leike2018scalable": ["so-reward-modeling"],
    "bai2022constitutional": ["po-ai-feedback"],
    "lee2024rlaif": ["po-ai-feedback"],
    "liu2024direct": ["po-ai-feedback"],
    "azar2023general": ["po-direct"],
    "zhou2023beyond": ["po-direct"],
    "song2023preference": ["po-direct"],
    "yuan2023rrhf": ["po-direct"],
    "cheng2023adversarial": ["po-direct"],
    "zhang2024reward": ["po-direct"],
    "chen2024self": ["po-direct"],
    "ji2024align": ["mm-modalities"],
    "yu2024rlhf": ["mm-hallucination"],
    "unknown2023mitigating": ["mm-hallucination"],
    "ganguli2022red": ["rt-human"],
    "perez2022discovering": ["rt-automated"],
}
YEAR_HEADING = re.compile(r"^Papers: ")
YEAR_HEADING_DEFAULT = {"preference-optimization": "po-rlhf"}

# The seed report's ten references, in its order, with their place in the taxonomy.
SEEDS = [
    ("cao2024scalable", ["surveys"], ["automated-alignment"]),
    ("yu2025aligning", ["surveys"], ["multimodal-alignment"]),
    (
        "myrzakhan2024openllmleaderboard",
        ["eval-leaderboards"],
        ["evaluation", "open-weight-models"],
    ),
    ("wei2024systematic", ["judge-meta-evaluation"], ["llm-as-judge"]),
    ("li2024arbllm", ["adj-compression"], ["adjacent"]),
    ("wang2023making", ["po-reasoning"], ["preference-optimization"]),
    (
        "cantini2025benchmarking",
        ["rt-social-bias", "judge-use"],
        ["red-teaming-bias", "llm-as-judge"],
    ),
    ("sudhir2025benchmark", ["eval-oversight-benchmarks"], ["scalable-oversight", "evaluation"]),
    ("oepen2025hplt", ["adj-multilingual"], ["adjacent"]),
    ("konya2023deliberative", ["adj-deliberation"], ["adjacent"]),
]

# Corrections from the shared README, keyed by normalised title.
FIXES = {
    "towardoptimalllmalignmentsusingtwoplayergames": {
        "arxiv_id": None,
        "url": "https://arxiv.org/search/?query=Toward+optimal+llm+alignments+using+two-player+games&searchtype=title",
        "notes": "The source linked this paper to arXiv 2406.01252, which is the automated-alignment "
        "survey itself; the identifier is left empty and the link is a title search until a curator "
        "confirms the right one.",
    },
    "judgingllmasajudgewithmtbenchandchatbotarena": {
        "year": 2023,
        "venue": "NeurIPS 2023 Datasets and Benchmarks",
        "notes": "One source lists NeurIPS 2024; the proceedings link is the 2023 volume.",
    },
    "gracediscriminatorguidedchainofthoughtreasoning": {
        "venue": "Findings of EMNLP 2023",
        "notes": "The source says Findings of ACL 2023; its link is to Findings of EMNLP 2023.",
    },
    "ultrafeedbackboostinglanguagemodelswithscaledaifeedback": {
        "title": "UltraFeedback: Boosting Language Models with Scaled AI Feedback",
        "venue": "ICML 2024",
        "url": "https://openreview.net/forum?id=BOorDpKHiJ",
        "notes": "One source lists the ICLR 2024 OpenReview submission (first title: '... with "
        "High-quality Feedback'); the paper appeared at ICML 2024 as '... with Scaled AI Feedback'.",
    },
    "longformeffectiveinstructiontuningwithreverseinstructions": {
        "venue": "Findings of EMNLP 2024",
        "notes": "The source says arXiv; the paper appeared in Findings of EMNLP 2024 (spot check).",
    },
}

# Title variants of one paper that neither the arXiv id nor the normalised title joins
# (a later version's title, or a source's wording): variant -> the title to merge it with.
SAME_PAPER = {
    "learningtosummarizewithhumanfeedback": "learningtosummarizefromhumanfeedback",
    "rrhfrankresponsestoalignlanguagemodelswithhumanfeedbackwithouttears": (
        "rrhfrankresponsestoalignlanguagemodelswithhumanfeedback"
    ),
    "judgingthejudgesasystematicinvestigationofpositionbiasinpairwisecomparativeassessments": (
        "judgingthejudgesasystematicinvestigationofpositionbiasinpairwisecomparativeassessmentsbyllms"
    ),
    "ultrafeedbackboostinglanguagemodelswithhighqualityfeedback": (
        "ultrafeedbackboostinglanguagemodelswithscaledaifeedback"
    ),
}

ARXIV_VENUES = {"arxiv", "arxiv preprint", "arxiv.org"}


def norm_title(title: str) -> str:
    """Lowercase letters and digits only; known variants map to the title they merge with."""
    normal = re.sub(r"[^a-z0-9]", "", title.lower())
    return SAME_PAPER.get(normal, normal)


def parse_authors(cell: str | None) -> list[str]:
    if not cell:
        return []
    names = [name.strip() for name in cell.split(";") if name.strip()]
    return [ETAL if name.lower() in ("et al.", "et al", "others") else name for name in names]


def better_authors(current: list[str], candidate: list[str]) -> list[str]:
    """Prefer a complete list over a truncated one, then the longer list."""

    def rank(names: list[str]) -> tuple[bool, int]:
        return (bool(names) and names[-1] != ETAL, len([n for n in names if n != ETAL]))

    return candidate if rank(candidate) > rank(current) else current


def read_rows(path: Path) -> list[dict[str, str | None]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            {k: (v.strip() or None) if v else None for k, v in row.items()}
            for row in csv.DictReader(handle)
        ]


def row_nodes(row: dict, kind: str) -> list[str]:
    if row["key"] in PAPER_NODES:
        return PAPER_NODES[row["key"]]
    if kind == "auto":
        return [AUTO_HEADINGS[row["taxonomy"]]]
    topic, subtopic = row["topic"], row["subtopic"]
    if YEAR_HEADING.match(subtopic) or subtopic.startswith(
        ("Publicly Available", "Open LLMs", "Milestone", "Tech reports")
    ):
        if topic == "open-weight-models":
            return ["ow-early" if subtopic.startswith("Publicly Available") else "ow-tech-reports"]
        return [YEAR_HEADING_DEFAULT.get(topic, topic)]
    return [TOPIC_SUBTOPICS[topic][subtopic]]


def merge_rows(auto: list[dict], topic: list[dict]) -> list[list[tuple[str, dict]]]:
    """Group rows that describe one paper (union-find on arXiv id and normalised title)."""
    rows = [("auto", r) for r in auto] + [("topic", r) for r in topic]
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_by: dict[str, int] = {}
    for index, (_, row) in enumerate(rows):
        fix = FIXES.get(norm_title(row["title"]), {})
        if "arxiv_id" in fix:
            row["arxiv_id"] = fix["arxiv_id"]
        for label in (
            f"id:{row['arxiv_id']}" if row["arxiv_id"] else None,
            f"t:{norm_title(row['title'])}",
        ):
            if label is None:
                continue
            if label in first_by:
                parent[find(index)] = find(first_by[label])
            else:
                first_by[label] = index
    groups: dict[int, list[tuple[str, dict]]] = defaultdict(list)
    for index, item in enumerate(rows):
        groups[find(index)].append(item)
    return list(groups.values())


def build_records(shared: Path) -> tuple[list[dict], list[dict]]:
    auto = read_rows(shared / "auto_alignment_papers.csv")
    topic = read_rows(shared / "topic_papers.csv")
    enrichment = read_rows(shared / "authors_enrichment.csv")
    enrich_by_id = {r["arxiv_id"]: r for r in enrichment if r["arxiv_id"] and r["match"] == "arxiv"}
    enrich_by_title = {norm_title(r["title"]): r for r in enrichment}
    seed_nodes = {key: (nodes, topics) for key, nodes, topics in SEEDS}

    records, seeds, taken = [], [], set()
    groups = merge_rows(auto, topic)
    # seeds first, then the automated-alignment list, then the topic lists: earlier rows win
    groups.sort(
        key=lambda g: min(
            (0 if r["key"] in seed_nodes else 1 if kind == "auto" else 2, i)
            for i, (kind, r) in enumerate(g)
        )
    )
    for group in groups:
        group.sort(
            key=lambda item: 0 if item[1]["key"] in seed_nodes else 1 if item[0] == "auto" else 2
        )
        kind, main = group[0]
        nodes, topics, sources, authors = [], [], [], []
        for row_kind, row in group:
            if row["key"] in seed_nodes and row.get("taxonomy") == "Seed report":
                row_node_list, row_topics = seed_nodes[row["key"]]
            else:
                row_node_list = row_nodes(row, row_kind)
                row_topics = ["automated-alignment"] if row_kind == "auto" else [row["topic"]]
            nodes += row_node_list
            topics += row_topics
            if any(n.startswith("eval-") for n in row_node_list):
                topics.append("evaluation")
            sources.append(row["source"])
            authors = better_authors(authors, parse_authors(row["authors"]))
        arxiv_id = next((r["arxiv_id"] for _, r in group if r["arxiv_id"]), None)
        fix = FIXES.get(norm_title(main["title"]), {})
        title = fix.get("title", main["title"])
        extra = enrich_by_id.get(arxiv_id) if arxiv_id else None
        extra = extra or enrich_by_title.get(norm_title(title))
        if extra:
            enriched = better_authors(authors, parse_authors(extra["authors"]))
            if enriched is not authors:
                authors = enriched
                sources.append(f"authors: {extra['source']}")
            if not arxiv_id and extra["arxiv_id"] and "arxiv_id" not in fix:
                arxiv_id = extra["arxiv_id"]
                sources.append(f"arxiv_id: {extra['source']}")
        year = int(fix.get("year", main["year"]))
        month = next(
            (int(r["month"]) for _, r in group if r["month"] and int(r["year"]) == year), None
        )
        venue = (
            fix.get("venue")
            or next(
                (
                    r["venue"]
                    for _, r in group
                    if r["venue"] and r["venue"].lower() not in ARXIV_VENUES
                ),
                None,
            )
            or "arXiv"
        )
        url = (
            fix.get("url")
            or main["url"]
            or (f"https://arxiv.org/abs/{arxiv_id}" if arxiv_id else None)
        )
        doi = next((r["doi"] for _, r in group if r["doi"]), None)
        key = main["key"]
        if key.startswith("unknown") and authors or key.lower() in taken:
            key = make_key(authors, year, title, taken)
        taken.add(key.lower())
        source_text = "; ".join(dict.fromkeys(s for s in sources if s))
        record = {
            "key": key,
            "title": title,
            "authors": authors,
            "year": year,
            "month": month,
            "venue": venue,
            "arxiv_id": arxiv_id,
            "doi": doi,
            "url": url,
            "topics": list(dict.fromkeys(topics)),
            "taxonomy": list(dict.fromkeys(nodes)),
            "source": source_text,
            "notes": fix.get("notes"),
        }
        records.append(record)
        for seed_number, (seed_key, _, _) in enumerate(SEEDS, start=1):
            if any(r["key"] == seed_key and r.get("taxonomy") == "Seed report" for _, r in group):
                seeds.append({"number": seed_number, "key": key})
    seeds.sort(key=lambda s: s["number"])
    return records, seeds


MODEL_FIXES = {
    "StableLM-Alpha": {"params_b": "3/7", "note": "only the 3B and 7B checkpoints were released"},
    "Code Llama": {"context_length": "16k training, up to 100k at inference"},
}


def write_tables(shared: Path, out: Path) -> None:
    models = read_rows(shared / "models.csv")
    for row in models:
        fix = MODEL_FIXES.get(row["name"], {})
        row.update({k: v for k, v in fix.items() if k != "note"})
    write_csv(out / "models.csv", models, list(models[0].keys()))

    scores = read_rows(shared / "benchmark_scores.csv")
    tidy = []
    for row in scores:
        metric, notes = row["metric"], None
        votes = re.match(r"^(Arena Elo rating) \((\d+) votes\)$", metric)
        if votes:
            metric, notes = votes.group(1), f"{votes.group(2)} votes"
        as_of, _, detail = row["as_of"].partition(" ")
        detail = detail.strip("()")
        notes = "; ".join(x for x in (notes, detail) if x) or None
        tidy.append(
            {
                "model": row["model"],
                "open_weights": row["open_weights"],
                "benchmark": row["benchmark"],
                "metric": metric,
                "score": row["score"],
                "as_of": as_of,
                "notes": notes,
                "source": row["source"],
            }
        )
    write_csv(out / "benchmark_scores.csv", tidy, list(tidy[0].keys()))


def write_csv(path: Path, rows: list[dict], columns: list[str]) -> None:
    import io

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: "" if row.get(c) is None else row[c] for c in columns})
    write_text_atomic(path, buffer.getvalue())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("data"))
    parser.add_argument("--force", action="store_true", help="overwrite existing records")
    args = parser.parse_args()
    papers = args.out / "papers"
    if any(papers.glob("*.yaml")) and not args.force:
        print(
            f"{papers}: already holds records (the source of truth); use --force to re-import",
            file=sys.stderr,
        )
        return 1
    records, seeds = build_records(args.shared)
    for record in records:
        write_record(papers, record)
    written = {f"{record['key']}.yaml" for record in records}
    for stale in papers.glob("*.yaml"):  # with --force the import replaces the records exactly
        if stale.name not in written:
            stale.unlink()
    header = "# The ten references of the seed report, in its order ([1] to [10]).\n"
    write_text_atomic(
        args.out / "seed_references.yaml", header + yaml.safe_dump(seeds, sort_keys=False)
    )
    write_tables(args.shared, args.out)
    print(f"wrote {len(records)} records and {len(seeds)} seed references to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
