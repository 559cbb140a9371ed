"""How vocabulary values are shown to readers. The values themselves are defined (and
documented) in the JSON Schema; this is only their wording on the page."""
from __future__ import annotations

from typing import Callable

from ..as_written import plain
from ..grade import SYMBOL, WORDS

KIND = {"treatment": "Treatment", "test": "Test"}
KIND_FOLDER = {"treatment": "treatments", "test": "tests"}
KIND_PLURAL = {"treatment": "Treatments", "test": "Tests"}

CATEGORY = {
    "immunomodulator": "Immune-modulating treatment",
    "antithrombotic": "Blood-thinning treatment",
    "intrauterine-infusion": "Infusion into the womb",
    "endometrial-procedure": "Procedure on the womb or its lining",
    "receptivity-test": "Endometrial receptivity test",
    "immune-test": "Immune test",
    "thrombophilia-test": "Clotting (thrombophilia) test",
    "hormone": "Hormone treatment",
    "antibiotic": "Antibiotic treatment",
    "other-medicine": "Other medicine",
    "laboratory-technique": "IVF laboratory technique",
    "infection-test": "Infection or microbiome test",
    "genetic-test": "Genetic test",
}

POPULATION = {
    "recurrent-implantation-failure": "Recurrent implantation failure",
    "recurrent-pregnancy-loss": "Recurrent pregnancy loss",
    "unselected-ivf": "IVF (unselected)",
    "antiphospholipid-syndrome": "Antiphospholipid syndrome",
    "inherited-thrombophilia": "Inherited thrombophilia",
    "thin-endometrium": "Thin endometrium",
    "good-prognosis-ivf": "IVF with a good prognosis",
    "threatened-miscarriage": "Bleeding in early pregnancy",
    "thyroid-autoimmunity": "Thyroid autoimmunity",
    "chronic-endometritis": "Chronic endometritis",
}
# The same groups for patients: a heading naming the situation, and the people in it in a sentence.
POPULATION_PLAIN = {
    "recurrent-implantation-failure": "After failed IVF cycles",
    "recurrent-pregnancy-loss": "After repeated miscarriages",
    "unselected-ivf": "Starting IVF",
    "antiphospholipid-syndrome": "With antiphospholipid syndrome",
    "inherited-thrombophilia": "With an inherited clotting condition",
    "thin-endometrium": "With a thin womb lining",
    "good-prognosis-ivf": "Good chance of success with IVF",
    "threatened-miscarriage": "Bleeding in early pregnancy",
    "thyroid-autoimmunity": "With thyroid antibodies",
    "chronic-endometritis": "With chronic endometritis",
}
POPULATION_PEOPLE = {
    "recurrent-implantation-failure": "women after failed IVF cycles",
    "recurrent-pregnancy-loss": "women after repeated miscarriages",
    "unselected-ivf": "women starting IVF",
    "antiphospholipid-syndrome": "women with antiphospholipid syndrome",
    "inherited-thrombophilia": "women with an inherited clotting condition",
    "thin-endometrium": "women with a thin womb lining",
    "good-prognosis-ivf": "women with a good chance of success with IVF",
    "threatened-miscarriage": "women with bleeding in early pregnancy",
    "thyroid-autoimmunity": "women with thyroid antibodies",
    "chronic-endometritis": "women with chronic endometritis",
}

CERTAINTY = WORDS  # GRADE's levels in words: kb.grade holds them, for the checks and the pages alike
# What each GRADE level means, in the words of GRADE's own definitions made plain.
CERTAINTY_PLAIN = {
    "high": "We are confident in this result: more research is unlikely to change it.",
    "moderate": "We are fairly sure: the true effect is probably close to this, but it could be different.",
    "low": "We are not sure: the true effect could be quite different from this.",
    "very-low": "We are very unsure: the true effect is probably quite different from this.",
}
IMPORTANCE = {"critical": "Critical", "important": "Important"}
DIRECTION = {"benefit": "Benefit", "no-benefit": "No benefit shown", "harm": "Harm",
             "uncertain": "Uncertain"}
VERDICT = {"supported": "supported by the evidence", "contradicted": "contradicted by the evidence",
           "unproven": "unproven", "mixed": "mixed evidence"}
VERDICT_ADMONITION = {"supported": "success", "contradicted": "failure", "unproven": "warning",
                      "mixed": "question"}
CLAIM_TYPE = {"mechanism": "mechanism", "efficacy": "benefit", "safety": "safety", "cost": "cost",
              "regimen": "regimen", "regulatory": "regulation"}

STANCE = {
    "recommended": "Recommended", "suggested": "Suggested", "can-be-considered": "Can be considered",
    "not-routinely-recommended": "Not recommended for routine use", "suggested-against": "Suggested against",
    "not-recommended": "Not recommended", "insufficient-evidence": "Insufficient evidence",
    "research-only": "Research use only", "investigational-only": "Investigational use only",
    "green": "Green", "amber": "Amber", "grey": "Grey", "red": "Red", "black": "Black",
    "not-addressed": "Does not address this", "not-retrieved": "Wording not retrieved",
}


def certainty_badge(value: str) -> str:
    return f'<span class="kb-badge kb-certainty-{value}">{CERTAINTY[value]}</span>'


def graded_badge(value: str) -> str:
    """The certainty badge with GRADE's symbols (⊕⊕◯◯): the symbols are for the eye, the word for
    everyone, so a screen reader says only the word."""
    return (f'<span class="kb-badge kb-certainty-{value}"><span aria-hidden="true">{SYMBOL[value]}</span> '
            f"<span>{WORDS[value]}</span></span>")


def verdict_badge(value: str) -> str:
    return f'<span class="kb-badge kb-verdict-{value}">{VERDICT[value].capitalize()}</span>'


def stance_badge(value: str) -> str:
    return f'<span class="kb-badge kb-stance-{value}">{STANCE[value]}</span>'


def number(value: int | float | str, min_decimals: int = 0) -> str:
    """A number for the page: the text typed from the source ('1.20', from kb.as_written), or a
    value as its shortest plain decimal, with at least min_decimals decimals (a ratio typed as
    0.8 is shown 0.80, as Cochrane's tables show ratios). A typographic minus reads better."""
    shown = value if isinstance(value, str) else plain(value)
    whole, _, decimals = shown.partition(".")
    if len(decimals) < min_decimals:
        shown = f"{whole}.{decimals.ljust(min_decimals, '0')}"
    return shown.replace("-", "−")


# The fewest decimals each measure is shown with: ratios two, differences one.
DECIMALS = {"RR": 2, "OR": 2, "Peto-OR": 2, "HR": 2, "RD": 1, "MD": 1, "percent": 0}


def count(value: int | str) -> str:
    return f"{value:,}" if isinstance(value, int) else "not reported"


MEASURE_SHOWN = {"Peto-OR": "Peto OR"}
Written = Callable[[tuple], str]  # a row's field path, e.g. ("ci", 0) -> the number as typed


def effect(row: dict, written: Written | None = None) -> str:
    """'RR 1.20 (0.90 to 1.61)', 'RD −2.6 percentage points (−15.0 to 9.9)', '32.5% (28% to 37%)'.

    written: the numbers as the editor typed them from the source (a record page passes
    kb.as_written, since YAML reads 1.20 as 1.2); without it, each number's shortest form.
    Either way a number has at least its measure's DECIMALS."""
    def shown(*path) -> str:
        value = row
        for step in path:
            value = value[step]
        return number(written(path) if written else value, DECIMALS.get(row["measure"], 0))
    estimate = shown("estimate")
    low, high = (shown("ci", 0), shown("ci", 1)) if "ci" in row else (None, None)
    if row["measure"] == "percent":
        return f"{estimate}%" + (f" ({low}% to {high}%)" if low else "")
    ci = f" ({low} to {high})" if low else ""
    if row["measure"] == "RD":
        return f"RD {estimate} percentage points{ci}"
    return f"{MEASURE_SHOWN.get(row['measure'], row['measure'])} {estimate}{ci}"
