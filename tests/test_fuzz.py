"""Fuzzing (property-based, with hypothesis): random YAML, and valid records mutated in their
structure, their text and their bytes, never make the validator raise; it always answers with
located problems or with success. A record it accepts always renders, and always builds.

The budget is fixed and the examples derandomized, so CI runs the same cases every time:
raise max_examples locally to search harder.
"""
from __future__ import annotations

import copy

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, make_project, json_paths
from kb import yamlload
from kb.checks import check_corpus
from kb.corpus import load_corpus
from kb.render.pages import render_site
from kb.site import build_site

VALID = FIXTURES / "valid" / "two-records" / "evidence"
RECORD = "alpha-infusion.yaml"
VALID_TEXT = (VALID / RECORD).read_text(encoding="utf-8")
VALID_DATA = yaml.safe_load(VALID_TEXT)

FUZZ = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
FUZZ_BUILD = settings(FUZZ, max_examples=6)  # each accepted example runs the whole site engine

# Pieces that mean something to YAML, Markdown, HTML or our subset, mixed with random text.
PIECES = ["<", ">", "&", "*", "_", "[", "]", "(", ")", "{", "}", "`", "|", "#", "!", "-", "1. ", "\n", "\n\n",
          "  ", "\t", ":", "'", '"', "\\", "%", "---", "&lt;", "](", "![", "{:", "<script>", "javascript:",
          "https://example.org/a_b", "\u202e", "\x00", "\x85", "é", "💉"]
hostile_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=25).map("".join)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), hostile_text)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)), max_leaves=12)


ALL_PATHS = [p for p in json_paths(VALID_DATA) if p]


def set_at(data, path, value):
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    if value is DELETE:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value


DELETE = object()


@st.composite
def structural_mutation(draw) -> bytes:
    """The valid record with some values replaced by anything, some removed, some fields added."""
    data = copy.deepcopy(VALID_DATA)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from([p for p in ALL_PATHS if _exists(data, p)] or [("id",)]))
        set_at(data, path, draw(st.one_of(values, st.just(DELETE))))
    if draw(st.booleans()):
        data[draw(st.text(min_size=1, max_size=10))] = draw(values)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()


def _exists(data, path):
    try:
        for part in path:
            data = data[part]
    except (KeyError, IndexError, TypeError):
        return False
    return True


@st.composite
def text_mutation(draw) -> bytes:
    """The valid record's text with characters inserted, lines deleted or bytes spliced in."""
    text = VALID_TEXT
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "duplicate-line"]))
        if kind == "insert":
            text = text[:at] + draw(hostile_text) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
        else:
            lines = text.split("\n")
            index = at % len(lines)
            text = "\n".join(lines[:index + 1] + lines[index:])
    raw = text.encode("utf-8")
    if draw(st.integers(0, 9)) == 0:
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.binary(max_size=4)) + raw[at:]
    return raw


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    """One project whose record each example overwrites."""
    return make_project(tmp_path_factory.mktemp("fuzz") / "project", VALID)


def validate(root, raw: bytes):
    """Load and check with the record replaced by raw; every answer must be a located problem."""
    (root / "evidence" / RECORD).write_bytes(raw)
    corpus = load_corpus(root)
    problems = check_corpus(corpus)
    for problem in problems:
        assert problem.path.startswith("evidence/") and problem.line >= 1 and problem.col >= 1, problem
        assert problem.rule and problem.message and problem.severity in ("error", "warning"), problem
    return corpus, [p for p in problems if p.is_error]


def assert_renders(corpus, where):
    pages = render_site(corpus, where).written
    for page in pages:
        markdown.markdown(page.read_text(encoding="utf-8"),
                          extensions=["admonition", "attr_list", "md_in_html", "tables", "toc"])


@FUZZ
@given(text=st.one_of(hostile_text, st.text()))
def test_the_yaml_loader_answers_random_text_with_data_or_a_located_error(text):
    try:
        yamlload.load(text)
    except yamlload.YamlError as error:
        assert error.line >= 1 and error.col >= 1 and error.message


@FUZZ
@given(raw=st.binary(max_size=200))
def test_decoding_random_bytes_gives_text_or_a_located_error(raw):
    try:
        yamlload.decode(raw)
    except yamlload.YamlError as error:
        assert error.line >= 1 and error.col >= 1


@FUZZ
@given(raw=st.one_of(structural_mutation(), text_mutation()))
def test_the_validator_never_raises_and_whatever_it_accepts_renders(root, tmp_path_factory, raw):
    corpus, errors = validate(root, raw)
    event("refused" if errors else "accepted")
    if not errors:
        assert_renders(corpus, tmp_path_factory.mktemp("docs"))


# Text fields and the pieces of an accepted text: the subset, and characters that are only text.
PROSE_FIELDS = [("summary", "clinician"), ("mechanism", "description"), ("claims", 0, "statement"),
                ("claims", 0, "assessment"), ("evidence", "rationale"), ("evidence", "outcomes", 0, "population"),
                ("evidence", "outcomes", 0, "note"), ("positions", 0, "statement"), ("safety", 0, "statement"),
                ("regimens_studied", 0, "statement")]
ACCEPTED_PIECES = ["word", " ", "*em*", "**strong**", "_em_", "[a link](https://example.org/x_y?a=1&b=2)",
                   "\n- item", "\n1. item", "\n\n", "p < 0.05", "(95% CI 0.8 to 1.3)", "[1]", "#", "|", "`",
                   "~", "-", "!", ":", "=", "+", ">", "1.", "é", "—", "💉", "&", "%", "'", '"', "\\", "$"]
accepted_text = st.lists(st.sampled_from(ACCEPTED_PIECES), min_size=1, max_size=30).map("".join).filter(str.strip)


@FUZZ_BUILD
@given(edits=st.lists(st.tuples(st.sampled_from(PROSE_FIELDS), accepted_text), min_size=1, max_size=5),
       name=st.lists(st.sampled_from(["Alpha", " ", "-", "(", ")", "&", "#", "+", "é", "/", "'"]), min_size=1,
                     max_size=12).map(lambda parts: "Alpha " + "".join(parts)))
def test_a_record_the_validator_accepts_always_builds(root, edits, name):
    data = copy.deepcopy(VALID_DATA)
    for path, text in edits:
        set_at(data, path, text)
    data["name"] = name
    corpus, errors = validate(root, yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode())
    event("refused" if errors else "accepted")
    if errors:
        return  # refused: nothing to build
    result = build_site(root)
    assert result.ok, "\n".join(p.as_text() for p in result.problems)
