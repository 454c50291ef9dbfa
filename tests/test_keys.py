"""The key rule: family name, year, first significant title word; unique and always valid."""

from __future__ import annotations

import re

from alignment_survey.data.keys import make_key
from alignment_survey.data.schema import KEY_PATTERN


def test_key_from_family_name_year_and_title_word():
    title = "Towards Scalable Automated Alignment"
    assert make_key(["Boxi Cao", "others"], 2024, title) == "cao2024scalable"
    assert make_key(["Köksal, Abdullatif"], 2024, "LongForm: Effective") == "koksal2024longform"


def test_unknown_author_gives_anon():
    assert make_key([], 2025, "The Benchmark") == "anon2025benchmark"
    assert make_key(["others"], 2025, "A Study") == "anon2025study"


def test_ties_get_suffixes_and_stay_valid_past_the_alphabet():
    taken: list[str] = []
    for _ in range(40):
        taken.append(make_key(["A Smith"], 2024, "Same title", taken))
    assert taken[:3] == ["smith2024same", "smith2024sameb", "smith2024samec"]
    assert taken[25:28] == ["smith2024samez", "smith2024same27", "smith2024same28"]
    assert len(set(taken)) == 40 and all(re.match(KEY_PATTERN, key) for key in taken)


def test_ties_ignore_case():
    assert make_key(["A Smith"], 2024, "Same", ["SMITH2024SAME"]) == "smith2024sameb"


def test_letters_without_a_decomposition_fold_to_ascii():
    assert (
        make_key(["Aengus Łucki"], 2024, "An Adversarial Perspective", []) == "lucki2024adversarial"
    )
    assert make_key(["Søren Ørsted"], 2020, "Weiß", []) == "orsted2020weiss"


def test_a_number_is_not_the_title_word():
    key = make_key(["Rishi Bommasani"], 2025, "The 2024 Foundation Model Transparency Index", [])
    assert key == "bommasani2025foundation"


def test_a_hyphenated_word_stays_one_word():
    assert (
        make_key(["Collin Burns"], 2023, "Weak-to-Strong Generalization", [])
        == "burns2023weaktostrong"
    )
    assert make_key(["Yang Liu"], 2023, "G-Eval: NLG Evaluation", []) == "liu2023geval"


def test_a_group_author_gives_its_whole_name():
    assert make_key(["Gemma Team"], 2024, "Gemma 2", []) == "gemmateam2024gemma"
    assert make_key(["BigScience Workshop"], 2022, "BLOOM", []) == "bigscienceworkshop2022bloom"
