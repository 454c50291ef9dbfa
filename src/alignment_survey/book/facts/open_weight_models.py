"""Facts of the chapter on open-weight models (``chapters/open_weight_models.md``).

The chapter's code is::

    survey = setup()
    facts = open_weight_models.facts(survey)
    glue_facts(facts)
    papers = open_weight_models.papers(survey)

``facts()`` returns only glued values (numbers and short, formatted texts); the chapter's papers, a
DataFrame for the taxonomy and timeline charts, come from ``papers()``, so that ``glue_facts`` never
sees a frame. :data:`GAP_PANELS` names the benchmarks of the gap chart.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from alignment_survey.analysis import stats
from alignment_survey.analysis.selection import papers_in
from alignment_survey.book.guards import claim
from alignment_survey.charts.open_models import recipe_counts, snapshot_gaps
from alignment_survey.data.load import Dataset

BRANCH = "open-weight-models"
RECENT_FROM = 2025  # "the releases of 2025 and 2026": the chapter's recent period
N_LATEST = 6  # how many of the newest open and of the newest proprietary releases the chapter names
ARENA_SINCE = 2024  # "since 2024 the Arena lead has moved between N and M points"
ARENA = ("Chatbot Arena", "Arena Elo rating")
GAP_PANELS = [
    ARENA,
    ("MMLU", "MMLU score as listed"),
    ("OSQ-bench Overall", "open-style question accuracy, GPT-4-judged (large-scale leaderboard)"),
    ("GPQA Diamond", "accuracy (%) as reported (pass@1 unless noted)"),
    ("AIME 2024", "accuracy (%) as reported (pass@1 unless noted)"),
    ("AIME 2025", "accuracy (%) as reported (pass@1 unless noted)"),
    ("LiveCodeBench", "pass@1 (%) as reported; problem window or version differs by report"),
]


@dataclass(frozen=True)
class OpenWeightModelsFacts:
    """The values the chapter glues; every name starts with ``ow_``."""

    ow_n_papers: int
    ow_n_models: int
    ow_n_open: int
    ow_recent_from: int
    ow_n_open_recent: int
    ow_n_moe: int
    ow_n_moe_recent: int
    ow_moe_first: str
    ow_moe_first_date: str
    ow_moe_median_active: str
    ow_largest_open: str
    ow_largest_open_b: str
    ow_largest_open_active_b: str
    ow_latest_open: str
    ow_latest_closed: str
    ow_n_recent_licence: int
    ow_n_recent_open_licence: int
    ow_share_recent_open_licence: str
    ow_arena_n: int
    ow_arena_first: str
    ow_arena_last: str
    ow_arena_gap_first: str
    ow_arena_gap_last: str
    ow_arena_since: int
    ow_arena_gap_min: str
    ow_arena_gap_max: str
    ow_arena_last_open: str
    ow_arena_last_closed: str
    ow_sr_n: int
    ow_sr_n_open_led: int
    ow_sr_gap_max: str
    ow_osq_date: str
    ow_osq_gap: str
    ow_n_recipes: int
    ow_n_recipes_recent: int
    ow_n_rlvr_recent: int
    ow_n_distil_recent: int
    ow_n_dpo_before: int
    ow_n_recipes_before: int


def papers(survey: Dataset) -> pd.DataFrame:
    """The chapter's papers: those placed in the open-weight branch of the taxonomy."""
    return papers_in(survey.papers, survey.taxonomy, node=BRANCH)


def facts(survey: Dataset) -> OpenWeightModelsFacts:
    """Compute the chapter's glued values and check the sentences no glued value carries."""
    models = survey.models
    open_models = models[models["open_weights"].astype(bool)]
    recent = open_models[open_models["release_date"].dt.year >= RECENT_FROM]
    moe = open_models[open_models["active_params_b"].notna() & open_models["params_max_b"].notna()]
    first_moe = moe.sort_values("release_date").iloc[0]
    largest = open_models.loc[open_models["params_max_b"].astype(float).idxmax()]
    active_share = (moe["active_params_b"] / moe["params_max_b"]).astype(float)
    family = recent["license"].map(stats.licence_family)
    n_recorded = int((family != "not recorded").sum())
    n_open_licence = int((family == "open licence").sum())

    gaps = snapshot_gaps(survey.scores, GAP_PANELS)
    arena = gaps[(gaps["benchmark"] == ARENA[0]) & (gaps["kind"] == "independent")]
    arena = arena.sort_values("as_of")
    claim(
        "the best proprietary model led the best open one at every Arena snapshot",
        bool((arena["gap"] > 0).all()),
        now="open ahead at "
        + ", ".join(f"{d:%Y-%m-%d}" for d in arena.loc[arena["gap"] <= 0, "as_of"]),
    )
    since = arena[arena["as_of"].dt.year >= ARENA_SINCE]["gap"]
    reported = gaps[gaps["kind"] == "self-reported"]
    osq = gaps[(gaps["benchmark"] == GAP_PANELS[2][0]) & (gaps["metric"] == GAP_PANELS[2][1])]

    claim(
        "Most recent releases use standard open licences",
        n_open_licence > n_recorded / 2,
        now=f"{n_open_licence} of {n_recorded} open releases since {RECENT_FROM}",
    )

    recipes = recipe_counts(models)
    per_year = recipes.groupby("year")["recorded"].first()
    late = recipes[recipes["year"] >= RECENT_FROM]
    early = recipes[recipes["year"] < RECENT_FROM]
    n_early, n_late = (
        per_year[per_year.index < RECENT_FROM].sum(),
        per_year[per_year.index >= RECENT_FROM].sum(),
    )
    share = {
        (method, period): _named(part, method) / max(int(total), 1)
        for method in ("DPO-family", "RLVR/GRPO", "distillation")
        for period, part, total in (("early", early, n_early), ("late", late, n_late))
    }
    claim(
        "DPO-family methods dominate 2023-2024, while RL on verifiable rewards and distillation "
        "rise from 2025",
        share["DPO-family", "early"]
        >= max(share["RLVR/GRPO", "early"], share["distillation", "early"])
        and share["RLVR/GRPO", "late"] > share["RLVR/GRPO", "early"]
        and share["distillation", "late"] > share["distillation", "early"],
        now=", ".join(f"{m} {p} {v:.0%}" for (m, p), v in share.items()),
    )
    return OpenWeightModelsFacts(
        ow_n_papers=len(papers(survey)),
        ow_n_models=len(models),
        ow_n_open=len(open_models),
        ow_recent_from=RECENT_FROM,
        ow_n_open_recent=len(recent),
        ow_n_moe=len(moe),
        ow_n_moe_recent=int((moe["release_date"].dt.year >= RECENT_FROM).sum()),
        ow_moe_first=str(first_moe["name"]),
        ow_moe_first_date=f"{first_moe['release_date']:%B %Y}",
        ow_moe_median_active=f"{round(100 * active_share.median())}%",
        ow_largest_open=str(largest["name"]),
        ow_largest_open_b=f"{float(largest['params_max_b']):,g}",
        ow_largest_open_active_b=_size(largest["active_params_b"]),
        ow_latest_open=latest_releases(open_models, N_LATEST),
        ow_latest_closed=latest_releases(models[~models["open_weights"].astype(bool)], N_LATEST),
        ow_n_recent_licence=n_recorded,
        ow_n_recent_open_licence=n_open_licence,
        ow_share_recent_open_licence=stats.share(n_open_licence, n_recorded),
        ow_arena_n=len(arena),
        ow_arena_first=f"{arena['as_of'].iloc[0]:%B %Y}",
        ow_arena_last=f"{arena['as_of'].iloc[-1]:%B %Y}",
        ow_arena_gap_first=f"{arena['gap'].iloc[0]:.0f}",
        ow_arena_gap_last=f"{arena['gap'].iloc[-1]:.0f}",
        ow_arena_since=ARENA_SINCE,
        ow_arena_gap_min=f"{since.min():.0f}",
        ow_arena_gap_max=f"{since.max():.0f}",
        ow_arena_last_open=str(arena["open_model"].iloc[-1]),
        ow_arena_last_closed=str(arena["proprietary_model"].iloc[-1]),
        ow_sr_n=len(reported),
        ow_sr_n_open_led=int((reported["gap"] < 0).sum()),
        ow_sr_gap_max=f"{reported['gap'].max():.1f}",
        ow_osq_date=f"{osq['as_of'].iloc[-1]:%B %Y}",
        ow_osq_gap=f"{osq['gap'].iloc[-1]:.1f}",
        ow_n_recipes=int(per_year.sum()),
        ow_n_recipes_recent=int(per_year[per_year.index >= RECENT_FROM].sum()),
        ow_n_rlvr_recent=_named(late, "RLVR/GRPO"),
        ow_n_distil_recent=_named(late, "distillation"),
        ow_n_dpo_before=_named(early, "DPO-family"),
        ow_n_recipes_before=int(per_year[per_year.index < RECENT_FROM].sum()),
    )


def latest_releases(models: pd.DataFrame, n: int) -> str:
    """The ``n`` newest releases of a model table as prose: name, month, size and licence if known.

    For example ``"DeepSeek-V4-Pro (April 2026; 1,600 billion parameters, 49 billion active; MIT)"``;
    the newest first, ties in name order.
    """
    newest = models.sort_values(["release_date", "name"], ascending=[False, True]).head(n)
    return "; ".join(_release(row) for _, row in newest.iterrows())


def _release(row: pd.Series) -> str:
    details = [f"{row['release_date']:%B %Y}"]
    if pd.notna(row["params_max_b"]):
        most = f"{float(row['params_max_b']):,g} billion parameters"
        size = most if row["params_min_b"] == row["params_max_b"] else f"up to {most}"
        if pd.notna(row["active_params_b"]):
            size += f", {float(row['active_params_b']):,g} billion active"
        details.append(size)
    if pd.notna(row["license"]) and str(row["license"]).strip():
        details.append(str(row["license"]).split(" (")[0])
    return f"{row['name']} ({'; '.join(details)})"


def _named(counts: pd.DataFrame, method: str) -> int:
    return int(counts.loc[counts["method"] == method, "releases"].sum())


def _size(value: object) -> str:
    return "not recorded" if pd.isna(value) else f"{float(value):g}"
