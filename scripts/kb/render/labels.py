"""How vocabulary values are shown to readers. The values themselves are defined (and
documented) in the JSON Schema; this is only their wording on the page."""
from __future__ import annotations

KIND = {"treatment": "Treatment", "test": "Test"}
KIND_FOLDER = {"treatment": "treatments", "test": "tests"}
KIND_PLURAL = {"treatment": "Treatments", "test": "Tests"}

CATEGORY = {
    "immunomodulator": "Immune-modulating treatment",
    "antithrombotic": "Blood-thinning treatment",
    "intrauterine-infusion": "Infusion into the womb",
    "endometrial-procedure": "Procedure on the womb lining",
    "receptivity-test": "Endometrial receptivity test",
    "immune-test": "Immune test",
    "thrombophilia-test": "Clotting (thrombophilia) test",
}

POPULATION = {
    "recurrent-implantation-failure": "Recurrent implantation failure",
    "recurrent-pregnancy-loss": "Recurrent pregnancy loss",
    "unselected-ivf": "IVF (unselected)",
    "antiphospholipid-syndrome": "Antiphospholipid syndrome",
    "inherited-thrombophilia": "Inherited thrombophilia",
    "thin-endometrium": "Thin endometrium",
    "good-prognosis-ivf": "IVF with a good prognosis",
}

CERTAINTY = {"high": "High", "moderate": "Moderate", "low": "Low", "very-low": "Very low"}
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
}


def certainty_badge(value: str) -> str:
    return f'<span class="kb-badge kb-certainty-{value}">{CERTAINTY[value]}</span>'


def verdict_badge(value: str) -> str:
    return f'<span class="kb-badge kb-verdict-{value}">{VERDICT[value].capitalize()}</span>'


def stance_badge(value: str) -> str:
    return f'<span class="kb-badge kb-stance-{value}">{STANCE[value]}</span>'


def number(value: float) -> str:
    # Show numbers as the source gave them; a typographic minus reads better than a hyphen.
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text.replace("-", "−")


def count(value: int | str) -> str:
    return f"{value:,}" if isinstance(value, int) else "not reported"


def effect(row: dict) -> str:
    estimate = number(row["estimate"])
    ci = f" ({number(row['ci'][0])} to {number(row['ci'][1])})" if "ci" in row else ""
    if row["measure"] == "percent":
        ci = f" ({number(row['ci'][0])}% to {number(row['ci'][1])}%)" if "ci" in row else ""
        return f"{estimate}%{ci}"
    if row["measure"] == "RD":
        return f"RD {estimate} percentage points{ci}"
    return f"{row['measure']} {estimate}{ci}"
