"""The hardened loader: what a record's YAML may and may not contain."""
from __future__ import annotations

import pytest

from kb import yamlload
from kb.yamlload import YamlError


def load_error(text: str) -> YamlError:
    with pytest.raises(YamlError) as caught:
        yamlload.load(text)
    return caught.value


def test_dates_stay_text_and_numbers_stay_numbers():
    assert yamlload.load("d: 2024-01-05\nn: 3\nx: 0.95\nt: true\ne: ~\n") == {
        "d": "2024-01-05", "n": 3, "x": 0.95, "t": True, "e": None}


def test_yes_no_and_on_off_are_words_not_booleans():
    assert yamlload.load("a: [no, yes, on, off, NO]") == {"a": ["no", "yes", "on", "off", "NO"]}


def test_quoted_scalars_are_always_text():
    assert yamlload.load("a: '3'\nb: \"true\"\nc: !!str 4\n") == {"a": "3", "b": "true", "c": "4"}


def test_duplicate_key_is_an_error_at_the_second_key():
    error = load_error("id: a\nname: x\nid: b\n")
    assert (error.rule, error.line, error.col) == ("yaml-duplicate-key", 3, 1)
    assert "first at line 1" in error.message


def test_anchors_and_aliases_are_refused():
    error = load_error("a: &x [1, 2]\nb: *x\n")
    assert (error.rule, error.line, error.col) == ("yaml-anchor", 1, 4)


def test_alias_bomb_is_refused_before_expansion():
    bomb = 'a: &a ["lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n'
    assert load_error(bomb).rule == "yaml-anchor"


def test_explicit_tags_are_refused():
    error = load_error("a: !!python/object/apply:os.system ['true']\n")
    assert (error.rule, error.line) == ("yaml-tag", 1)


def test_tab_indentation_gets_a_hint():
    error = load_error("a:\n\t- b\n")
    assert (error.rule, error.line) == ("yaml-syntax", 2)
    assert "tabs" in error.hint


def test_unclosed_bracket_is_reported_where_it_opens():
    error = load_error("a: [1, 2\nb: 3\n")
    assert (error.rule, error.line, error.col) == ("yaml-syntax", 1, 4)
    assert "never closed" in error.message


def test_a_second_document_is_refused():
    assert load_error("a: 1\n---\nb: 2\n").rule == "yaml-syntax"


def test_nesting_deeper_than_the_limit_is_refused():
    deep = "a: " + "[" * (yamlload.MAX_DEPTH + 5) + "]" * (yamlload.MAX_DEPTH + 5) + "\n"
    assert load_error(deep).rule == "yaml-depth"


def test_empty_file_loads_as_none():
    assert yamlload.load("") is None
    assert yamlload.load("# only a comment\n") is None


@pytest.mark.parametrize("raw, message", [
    (b"\xef\xbb\xbfid: a\n", "byte-order mark"),
    (b"id: a\nname: \x00\n", "NUL byte"),
    (b"id: a\nname: \xff\n", "not valid UTF-8"),
])
def test_bad_encodings_are_refused_with_a_position(raw, message):
    with pytest.raises(YamlError) as caught:
        yamlload.decode(raw)
    assert caught.value.rule == "encoding" and message in caught.value.message


def test_invalid_utf8_reports_the_line_and_column_of_the_byte():
    with pytest.raises(YamlError) as caught:
        yamlload.decode(b"id: a\nname: ab\xff\n")
    assert (caught.value.line, caught.value.col) == (2, 9)


def test_positions_of_values_and_keys_are_one_based():
    values, keys = yamlload.value_positions("a: 1\nb:\n  - x\n  - y: 2\n")
    assert values[("a",)] == (1, 4)
    assert values[("b", 1, "y")] == (4, 8)
    assert keys[("b",)] == (2, 1)


@pytest.mark.parametrize("text, message", [
    ("a: " + "9" * 16 + "\n", "a whole number of 16 digits is too long"),
    ("a: " + "9" * 5000 + "\n", "a whole number of 5000 digits is too long"),  # Python itself refuses > 4,300 digits
    ("a: 1e999\n", "the number 1e999 is too large"),
])
def test_numbers_that_would_not_survive_json_are_refused_where_they_are(text, message):
    error = load_error(text)
    assert (error.rule, error.line, error.col, error.message) == ("yaml-number", 1, 4, message)


def test_the_largest_number_we_keep_is_exact():
    assert yamlload.load("a: 999999999999999\nb: -0.000001\n") == {"a": 999_999_999_999_999, "b": -0.000001}


def test_a_record_with_more_values_than_the_limit_is_refused_at_the_first_one_too_many():
    error = load_error("a:\n" + "  - x\n" * (yamlload.MAX_VALUES + 5))
    # The mapping and the list are values too: item n is on line n + 1.
    assert (error.rule, error.line) == ("yaml-size", yamlload.MAX_VALUES)


def test_a_control_character_is_refused_at_its_line_and_column():
    error = load_error("a: 1\nb: x\x07y\n")
    assert (error.rule, error.line, error.col) == ("yaml-syntax", 2, 5)
    assert "U+0007" in error.message


def test_an_unclosed_quote_is_reported_where_it_opens():
    error = load_error('a: "open\nb: 1\nc: "closed"\n')
    assert (error.rule, error.line, error.col) == ("yaml-syntax", 1, 4)
    assert "runs on to line 3" in error.message


@pytest.mark.parametrize("raw, message", [
    ("id: a\n".encode("utf-16"), "encoded as UTF-16"),
    ("id: a\n".encode("utf-32"), "encoded as UTF-32"),
    ("id: a\nname: x\u2028y\n".encode(), "unusual line separator U+2028"),
])
def test_other_encodings_and_odd_line_breaks_are_refused(raw, message):
    with pytest.raises(YamlError) as caught:
        yamlload.decode(raw)
    assert message in caught.value.message


def test_line_and_column_count_every_kind_of_line_break():
    assert yamlload.line_col("a\r\nb\rc\nd", 7) == (4, 1)
    assert yamlload.offset_of("a\r\nb\rc\nd", 4, 1) == 7
