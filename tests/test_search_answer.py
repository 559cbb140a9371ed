"""What a record's search result shows (kb.render.search_answer): its kind, the certainty and what
the evidence shows, and the first sentence of its plain summary. The browser tests check that
readers see it (tests/browser/test_search.py)."""
from __future__ import annotations

import copy

import pytest
import yaml

from conftest import FIXTURES
from kb.corpus import load_corpus
from kb.render.record_page import render_record
from kb.render.search_answer import LONGEST, first_sentence, search_answer

VALID = FIXTURES / "valid" / "two-records" / "evidence"


@pytest.mark.parametrize("summary, shown", [
    ("Intralipid is a fat drip. Clinics give it.", "Intralipid is a fat drip."),
    ("Is it safe? Nobody knows.", "Is it safe?"),
    ("A dose of 2.5 mg a day is given. Then more.", "A dose of 2.5 mg a day is given."),
    ("A *small* dose of [aspirin](https://example.org/a). More.", "A small dose of aspirin."),
    ("One line\nwrapped in YAML. Next.", "One line wrapped in YAML."),
    ("No full stop at the end", "No full stop at the end"),
    ("- a list first\n- then more", "a list first"),
])
def test_the_first_sentence_is_plain_text_up_to_the_first_full_stop(summary, shown):
    assert first_sentence(summary) == shown


def test_a_long_first_sentence_is_cut_at_a_word():
    summary = "Clinics " + "offer this add-on " * 30 + "to many."
    shown = first_sentence(summary)
    assert len(shown) <= LONGEST + 1 and shown.endswith("…")
    assert summary.startswith(shown[:-1] + " ")  # whole words


@pytest.fixture
def alpha(project):
    corpus = load_corpus(project(VALID))
    return next(r for r in corpus.records if r.id == "alpha-infusion"), corpus


def test_the_answer_names_the_kind_certainty_direction_and_what_it_is(alpha):
    record, _ = alpha
    assert search_answer(record.data) == (
        '<p class="kb-search-answer"><strong>Treatment</strong> · certainty '
        '<span class="kb-badge kb-certainty-low">Low</span>, no benefit shown</p>'
        f'<p class="kb-search-summary">{first_sentence(record.data["summary"]["patient"])}</p>')


def test_the_record_page_carries_its_answer_in_its_front_matter_with_text_escaped(alpha):
    record, corpus = alpha
    record = copy.deepcopy(record)
    record.data["summary"]["patient"] = 'A <img src=x onerror=alert(1)> drip. More.'
    page = render_record(record, corpus.references)
    front = yaml.safe_load(page.split("---\n")[1])
    assert front["search_answer"] == search_answer(record.data)
    assert '<p class="kb-search-summary">A &lt;img src=x onerror=alert(1)&gt; drip.</p>' in front["search_answer"]
