"""The forest plot: every comparative row of a record, a panel per question, each axis labelled
with the side that favours the add-on for its rows (or, for a question that compares people with
and without a test result, neutrally: which group had more), drawn wide and narrow."""
from __future__ import annotations

import importlib
import itertools
import json

import pytest

from conftest import ROOT
from kb.corpus import load_corpus
from kb.findings import is_comparative, outcome_rows, verdict
from kb.render import labels
from kb.render.figures.svg import text_width, SMALL
from svg_helpers import NS, by_class, drawings, text_of, texts

# The module, not the function that kb.render.figures exports under the same name.
fp = importlib.import_module("kb.render.figures.forest_plot")


def source(key):
    return f"Source {key}"


def row(outcome="Live birth", measure="RR", estimate=1.98, ci=(1.39, 2.80), desirable="higher", **extra):
    return {"outcome": outcome, "importance": "critical", "desirable": desirable, "population": "Women having IVF",
            "measure": measure, "estimate": estimate, "ci": list(ci), "studies": 1, "participants": 544,
            "certainty": "low", "citation": "zhou2020", **extra}


def rate(outcome="Live birth at next transfer", estimate=39.8):
    found = row(outcome, "percent", estimate)
    del found["ci"]
    return found


def question(population="recurrent-implantation-failure", comparison="Intralipid vs placebo", *rows):
    return {"population": population, "comparison": comparison, "outcomes": list(rows)}


def record(*questions, record_id="test-record", name="Test add-on"):
    return {"id": record_id, "name": name, "kind": "treatment", "review": {"status": "reviewed"},
            "evidence": {"certainty": "low", "direction": "uncertain", "questions": list(questions)}}


def plot(data, **options):
    return drawings(fp.forest_plot(data, source, **options))


def groups(root):
    return by_class(root, "kb-forest-group")


def rows_of(element):
    return by_class(element, "kb-forest-row")


def effects(element):
    return [texts(r, "kb-effect") for r in rows_of(element)]


@pytest.fixture(scope="module")
def real_records():
    return [r.data for r in load_corpus(ROOT).records]


LIVE_BIRTH_UP = row()  # RR 1.98 (1.39 to 2.80): more live births, a benefit
MISCARRIAGE_NULL = row("Miscarriage", estimate=0.75, ci=(0.48, 1.17), desirable="lower")
MISCARRIAGE_DOWN = row("Miscarriage", estimate=0.5, ci=(0.3, 0.8), desirable="lower")  # fewer: a benefit
MISCARRIAGE_UP = row("Miscarriage", estimate=2.0, ci=(1.2, 3.3), desirable="lower")  # more: a harm
LIVE_BIRTH_RD_NULL = row(measure="RD", estimate=-6.2, ci=(-18.8, 6.4))


# --- what is drawn -----------------------------------------------------------------------------

def test_every_comparative_row_is_drawn_null_results_included():
    data = record(question("recurrent-implantation-failure", "Intralipid vs placebo", LIVE_BIRTH_UP, MISCARRIAGE_NULL),
                  question("recurrent-pregnancy-loss", "Intralipid vs saline", LIVE_BIRTH_RD_NULL, rate()))
    for root in plot(data).values():
        drawn = effects(root)
        assert drawn == ["RR 1.98 (1.39 to 2.80)", "RR 0.75 (0.48 to 1.17)",
                         "RD −6.2 percentage points (−18.8 to 6.4)"]
        assert [verdict(r) for r in (LIVE_BIRTH_UP, MISCARRIAGE_NULL, LIVE_BIRTH_RD_NULL)] == [
            "benefit", "no-clear-difference", "no-clear-difference"]  # the two nulls are drawn too


def test_a_panel_per_question_headed_by_its_patient_group_and_comparison():
    data = record(question("recurrent-implantation-failure", "Intralipid vs *placebo*", LIVE_BIRTH_UP),
                  question("recurrent-pregnancy-loss", "Intralipid vs saline", MISCARRIAGE_NULL),
                  question("unselected-ivf", "A rate in one group", rate()))
    for root in plot(data).values():
        panels = by_class(root, "kb-forest-panel")
        assert len(panels) == 2  # the question with only a rate has nothing to draw
        assert text_of(panels[0]).startswith("Recurrent implantation failureIntralipid vs placebo")
        assert text_of(panels[1]).startswith(labels.POPULATION["recurrent-pregnancy-loss"] + "Intralipid vs saline")


def test_each_row_names_its_outcome_source_participants_and_certainty():
    unreported = row("Clinical pregnancy", participants="not-reported", certainty="very-low", citation="han2021")
    for root in plot(record(question("recurrent-implantation-failure", "X vs Y", LIVE_BIRTH_UP, unreported))).values():
        first, second = (text_of(r) for r in rows_of(root))
        for words in ("Live birth", "Source zhou2020", "544 participants", "⊕⊕◯◯", "Low certainty"):
            assert words in first, words
        for words in ("Clinical pregnancy", "Source han2021", "participants not reported",
                      "⊕◯◯◯ Very low certainty"):
            assert words in second, words


def test_favours_labels_sit_on_the_side_that_is_good_for_the_patient():
    data = record(question("recurrent-implantation-failure", "X vs Y", LIVE_BIRTH_UP),
                  question("recurrent-pregnancy-loss", "X vs Y", MISCARRIAGE_DOWN),
                  question("unselected-ivf", "X vs Y", MISCARRIAGE_UP))
    expected = [("benefit", "right"), ("benefit", "left"), ("harm", "right")]  # verdict, side of the estimate
    for root in plot(data).values():
        for group, (said, side) in zip(groups(root), expected, strict=True):
            (drawn,) = rows_of(group)
            square = by_class(drawn, "kb-estimate")[0]
            estimate_x = float(square.get("x")) + float(square.get("width")) / 2
            null_x = float(by_class(group, "kb-null")[0].get("x1"))
            assert (estimate_x > null_x) == (side == "right")
            label = texts(group, f"kb-favours-{side}")
            other = texts(group, f"kb-favours-{'left' if side == 'right' else 'right'}")
            assert ("Favours add-on" in label) == (said == "benefit")
            assert {label.strip("←→ "), other.strip("←→ ")} == {"Favours add-on", "Favours control"}


def test_the_favours_labels_flip_with_desirable():
    data = record(question("recurrent-implantation-failure", "X vs Y", LIVE_BIRTH_UP, MISCARRIAGE_NULL))
    for root in plot(data).values():
        higher, lower = groups(root)
        assert (texts(higher, "kb-favours-left"), texts(higher, "kb-favours-right")) == (
            "← Favours control", "Favours add-on →")
        assert (texts(lower, "kb-favours-left"), texts(lower, "kb-favours-right")) == (
            "← Favours add-on", "Favours control →")
        assert "Higher is better" in text_of(higher) and "Lower is better" in text_of(lower)


# --- association questions: what a test result predicts ---------------------------------------

NK_HIGH = "High vs normal peripheral blood NK percentage"


def association(population="recurrent-pregnancy-loss", comparison=NK_HIGH, *rows):
    return {**question(population, comparison, *rows), "association": True}


def panels_of(root):
    return by_class(root, "kb-forest-panel")


def axis_labels(group):
    return texts(group, "kb-favours-left"), texts(group, "kb-favours-right")


def test_an_association_panel_never_says_favours_and_a_normal_panel_still_does():
    data = record(question("recurrent-implantation-failure", "Intralipid vs placebo", LIVE_BIRTH_UP),
                  association("recurrent-pregnancy-loss", NK_HIGH, MISCARRIAGE_UP, MISCARRIAGE_NULL))
    for root in plot(data).values():
        add_on, marker = panels_of(root)
        assert axis_labels(add_on) == ("← Favours control", "Favours add-on →")
        assert "favours" not in text_of(marker).lower()
        assert "favours" not in " ".join(t.text for r in rows_of(marker) for t in r.iter(f"{NS}title")).lower()


def test_an_association_axis_says_which_group_had_more_named_from_the_comparison():
    data = record(association("recurrent-pregnancy-loss", "High vs normal NK", MISCARRIAGE_UP))
    for root in plot(data).values():
        (group,) = groups(root)
        assert axis_labels(group) == ("← Lower with high NK", "Higher with high NK →")
        assert "Lower is better; 1 means no difference between the groups" in " ".join(
            t.text for t in group.iter(f"{NS}text"))
        # More miscarriage with high NK: the estimate is right of no difference, under "Higher".
        square = by_class(group, "kb-estimate")[0]
        assert float(square.get("x")) > float(by_class(group, "kb-null")[0].get("x1"))


@pytest.mark.parametrize("comparison, first", [
    ("High vs normal peripheral blood NK percentage", "high peripheral blood NK percentage"),
    ("High (11.8 or more) vs normal Th1/Th2 ratio; treatment not stated", "high Th1/Th2 ratio"),
    ("Dysregulated vs balanced profile, both given conventional care", "dysregulated profile"),
    ("Non-receptive women given pET vs receptive women given standard transfer", "non-receptive women given pET"),
    ("*NK-positive* versus NK-negative women", "NK-positive"),
    ("LMWH vs no treatment", "LMWH"),  # "no" qualifies nothing: no noun is borrowed
    ("Women with a high ratio", None),
])
def test_the_first_group_is_the_comparison_before_vs_in_a_few_words(comparison, first):
    assert fp.first_group(comparison) == first


def test_an_association_axis_says_the_first_group_when_the_name_needs_over_three_lines_or_there_is_none():
    too_long = "High vs normal peripheral blood NK percentage or activity"  # four lines at either width
    data = record(association("recurrent-pregnancy-loss", too_long, MISCARRIAGE_UP),
                  association("unselected-ivf", "Women tested and found high", LIVE_BIRTH_UP),
                  association("recurrent-implantation-failure", None, LIVE_BIRTH_UP))
    del data["evidence"]["questions"][2]["comparison"]  # optional: no comparison at all
    for variant, root in plot(data).items():
        for group in groups(root):
            assert axis_labels(group) == ("← Lower in the first group", "Higher in the first group →"), variant


@pytest.mark.parametrize("comparison, first", [(NK_HIGH, "high peripheral blood NK percentage"),
                                               ("Abnormal vs normal uterine NK cell density",
                                                "abnormal uterine NK cell density")])
def test_a_named_first_group_wraps_to_three_lines_with_its_arrow_kept_on_a_word(comparison, first):
    data = record(association("recurrent-pregnancy-loss", comparison, MISCARRIAGE_UP))
    for variant, root in plot(data).items():
        (group,) = groups(root)
        assert axis_labels(group) == (f"← Lower with {first}", f"Higher with {first} →"), variant
        right = [t.text for t in group.iter(f"{NS}text") if "kb-favours-right" in (t.get("class") or "")]
        assert len(right) == 3 and right[-1] != "→" and right[-1].endswith(" →"), (variant, right)


def test_an_association_description_says_what_a_result_predicts_not_an_effect_of_testing():
    data = record(association("recurrent-pregnancy-loss", NK_HIGH, MISCARRIAGE_UP, MISCARRIAGE_NULL),
                  question("recurrent-implantation-failure", "Intralipid vs placebo", LIVE_BIRTH_UP))
    for root in plot(data).values():
        desc = root.find(f"{NS}desc").text
        assert ("Recurrent pregnancy loss: High vs normal peripheral blood NK percentage. This panel compares "
                "people with and without a test result: it shows what the result predicts, not an effect of "
                "testing or of any treatment. Miscarriage (lower is better): RR 2.00 (1.20 to 3.30), higher in "
                "the first group;") in desc
        assert "Miscarriage (lower is better): RR 0.75 (0.48 to 1.17), the interval includes no difference;" in desc
        assert "Live birth (higher is better): RR 1.98 (1.39 to 2.80), favours the add-on;" in desc
        assert desc.count("what the result predicts") == 1  # said of the association panel only


def test_rows_share_an_axis_only_with_the_same_scale_and_the_same_good_direction():
    rows = [row(), row("Clinical pregnancy", "OR", 1.2, (0.9, 1.6)), MISCARRIAGE_NULL, LIVE_BIRTH_RD_NULL,
            row("Endometrial thickness (mm)", "MD", 0.5, (0.1, 0.9)), row("Th1/Th2 ratio", "MD", -0.2, (-0.4, 0.0)),
            row("Live birth", "HR", 1.1, (0.9, 1.3))]
    for root in plot(record(question("recurrent-implantation-failure", "X vs Y", *rows))).values():
        drawn = [[e.split()[0] for e in effects(g)] for g in groups(root)]
        assert drawn == [["RR", "OR", "HR"], ["RR"], ["RD"], ["MD"], ["MD"]]  # each MD outcome has its own units
        titles = [text_of(g) for g in groups(root)]
        assert "Lower is better" in titles[1] and all("Higher is better" in t for t in titles[:1] + titles[2:])


def test_one_range_per_scale_through_the_figure_so_no_difference_stays_put():
    data = record(question("recurrent-implantation-failure", "X vs Y", LIVE_BIRTH_UP),
                  question("recurrent-pregnancy-loss", "X vs Y", row(estimate=30, ci=(3, 400))))
    for root in plot(data).values():
        first, second = groups(root)
        assert [t.text for t in by_class(first, "kb-tick")] == [t.text for t in by_class(second, "kb-tick")]
        assert {n.get("x1") for n in by_class(root, "kb-null")} == {by_class(root, "kb-null")[0].get("x1")}


def test_rates_in_one_group_are_not_drawn_and_the_figure_says_so():
    data = record(question("recurrent-implantation-failure", "X vs Y", LIVE_BIRTH_UP, rate()))
    for root in plot(data).values():
        assert len(rows_of(root)) == 1
        assert "1 result reports a rate in one group, with no comparison: it is in the table, not drawn." in (
            " ".join(t.text for t in root.iter(f"{NS}text")))
        assert "Not drawn, a rate in one group with no comparison: Live birth at next transfer, 39.8% " \
               "(Source zhou2020)." in root.find(f"{NS}desc").text
    assert "not drawn" not in fp.forest_plot(record(question("unselected-ivf", "X vs Y", LIVE_BIRTH_UP)), source)


def test_a_record_with_no_comparative_rows_gives_nothing():
    assert fp.forest_plot(record(question("unselected-ivf", "One arm", rate())), source) == ""
    assert fp.forest_plot(record(), source) == ""


def test_the_description_reads_every_row_in_words():
    data = record(question("recurrent-implantation-failure", "Intralipid vs placebo", LIVE_BIRTH_UP, MISCARRIAGE_NULL),
                  question("recurrent-pregnancy-loss", None, MISCARRIAGE_UP))
    del data["evidence"]["questions"][1]["comparison"]
    for root in plot(data).values():
        desc = root.find(f"{NS}desc").text
        assert ("Recurrent implantation failure: Intralipid vs placebo. Live birth (higher is better): "
                "RR 1.98 (1.39 to 2.80), favours the add-on; Source zhou2020, 544 participants, low certainty "
                "(⊕⊕◯◯). Miscarriage (lower is better): RR 0.75 (0.48 to 1.17), the interval includes no "
                "difference;") in desc
        assert ("Recurrent pregnancy loss. Miscarriage (lower is better): RR 2.00 (1.20 to 3.30), "
                "favours the control;") in desc
        assert root.find(f"{NS}title").text == (
            "Test add-on: 3 comparative results with 95% confidence intervals, by patient group")


def test_numbers_are_shown_as_the_source_typed_them_when_the_caller_knows():
    typed = {("evidence", "questions", 0, "outcomes", 0, "estimate"): "1.980",
             ("evidence", "questions", 0, "outcomes", 0, "ci", 0): "1.39",
             ("evidence", "questions", 0, "outcomes", 0, "ci", 1): "2.800"}
    data = record(question("recurrent-implantation-failure", "X vs Y", LIVE_BIRTH_UP))
    for root in plot(data, written=typed.__getitem__).values():
        assert effects(root) == ["RR 1.980 (1.39 to 2.800)"]


# --- scales --------------------------------------------------------------------------------

def tick_positions(group) -> dict[str, float]:
    return {t.text: float(t.get("x")) for t in by_class(group, "kb-tick")}


def test_ratios_use_a_log_scale_with_no_effect_at_1():
    for root in plot(record(question("recurrent-implantation-failure", "X vs Y", LIVE_BIRTH_UP))).values():
        (group,) = groups(root)
        x = tick_positions(group)
        assert x["0.5"] < x["1"] < x["2"]
        assert x["1"] - x["0.5"] == pytest.approx(x["2"] - x["1"], abs=0.11)
        assert float(by_class(group, "kb-null")[0].get("x1")) == x["1"]


def test_differences_use_a_linear_scale_with_no_effect_at_0():
    for root in plot(record(question("recurrent-pregnancy-loss", "X vs Y", LIVE_BIRTH_RD_NULL))).values():
        (group,) = groups(root)
        x = tick_positions(group)
        assert list(x) == ["−20", "−10", "0", "10", "20"]
        gaps = [b - a for a, b in itertools.pairwise(x.values())]
        assert max(gaps) - min(gaps) < 0.2
        assert float(by_class(group, "kb-null")[0].get("x1")) == x["0"]


def test_extreme_or_open_ended_intervals_are_clipped_with_an_arrow():
    rows = [row(measure="OR", estimate=2.0, ci=(1.5, 3.0)), row(measure="OR", estimate=17.0, ci=(0.82, 1e6)),
            row(measure="RR", estimate=1.1, ci=(0.0, float("inf"))),
            row(measure="RD", estimate=1.0, ci=(-1.0, 3.0)), row(measure="RD", estimate=2.0, ci=(-2.0, 4.0)),
            row(measure="RD", estimate=3.0, ci=(-400.0, 400.0))]
    for root in plot(record(question("unselected-ivf", "X vs Y", *rows))).values():
        ratio, difference = groups(root)
        assert max(float(t.text) for t in by_class(ratio, "kb-tick")) == 50  # not 1e6: the rest stay readable
        assert len(by_class(ratio, "kb-clipped")) == 3  # 1e6, 0 and infinity
        assert max(float(t.text.replace("−", "-")) for t in by_class(difference, "kb-tick")) <= 20
        assert len(by_class(difference, "kb-clipped")) == 2  # both ends of the one far wider row


def test_every_comparative_measure_in_the_schema_has_a_scale():
    schema = json.loads((ROOT / "schema" / "record.schema.json").read_text())
    comparative = schema["$defs"]["outcome"]["allOf"][0]["if"]["properties"]["measure"]["enum"]
    assert sorted(fp.FAMILY) == sorted(comparative) == sorted(fp.MEASURE_NAME)


# --- every real record -----------------------------------------------------------------------

def test_every_real_record_draws_each_comparative_row_once_per_drawing(real_records):
    for data in real_records:
        comparative = [r for r in outcome_rows(data) if is_comparative(r.row)]
        html = fp.forest_plot(data, source)
        if not comparative:
            assert html == ""
            continue
        ids = []
        for variant, root in drawings(html).items():
            assert root.get("role") == "img"
            assert len(rows_of(root)) == len(comparative), (data["id"], variant)
            title, desc = root.find(f"{NS}title"), root.find(f"{NS}desc")
            assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
            ids += [e.get("id") for e in root.iter() if e.get("id")]
        assert len(ids) == len(set(ids)) and all(i.startswith(f"kb-forest-{data['id']}") for i in ids)


def test_whiskers_are_ordered_and_hold_their_estimate_on_the_axis(real_records):
    for data in real_records:
        html = fp.forest_plot(data, source)
        for root in (drawings(html).values() if html else ()):
            for group in groups(root):
                axis = by_class(group, "kb-axis")[0]
                left, right = float(axis.get("x1")), float(axis.get("x2"))
                for drawn in rows_of(group):
                    ci = by_class(drawn, "kb-ci")[0]
                    x1, x2 = float(ci.get("x1")), float(ci.get("x2"))
                    assert left <= x1 <= x2 <= right
                    for square in by_class(drawn, "kb-estimate"):
                        assert x1 <= float(square.get("x")) + float(square.get("width")) / 2 <= x2


def test_tick_labels_never_touch_and_no_difference_is_always_a_tick(real_records):
    for data in real_records:
        html = fp.forest_plot(data, source)
        for root in (drawings(html).values() if html else ()):
            for group in groups(root):
                x = tick_positions(group)
                null = float(by_class(group, "kb-null")[0].get("x1"))
                assert any(null == position for label, position in x.items() if label in ("0", "1"))
                spans = sorted((p - text_width(t, SMALL) / 2, p + text_width(t, SMALL) / 2) for t, p in x.items())
                assert all(a[1] < b[0] for a, b in itertools.pairwise(spans))


def test_untrusted_record_text_is_escaped():
    hostile = "<script>alert(1)</script> & \"quoted\" \x07bell"
    data = record(question("unselected-ivf", hostile, row(outcome=hostile)), name=hostile)
    html = fp.forest_plot(data, lambda key: hostile)
    assert "<script" not in html and "\x07" not in html
    for root in drawings(html).values():
        assert not [e for e in root.iter() if e.tag.endswith("script")]
        assert "<script>alert(1)</script> & \"quoted\"" in text_of(root)


def test_markdown_in_record_text_shows_as_plain_words():
    data = record(question("unselected-ivf", "*Alpha* vs [placebo](https://example.org)",
                           row(outcome="*Live* birth")))
    for root in plot(data).values():
        assert "Alpha vs placebo" in text_of(root) and "Live birth" in text_of(root)
