"""Absolute effects: what a relative effect means out of 1,000 (and out of 100) people.

Computed, never typed: from the row's relative effect (RR, OR, Peto OR, HR or RD) and the control
risk its source reports, with the formulas of the Cochrane Handbook (5.1, sections 11.5.5 and
12.5.4; the worked examples in tests/test_absolute_effects.py come from there):

    RR       risk with = control risk x RR
    OR       risk with = OR x CR / (1 - CR + OR x CR)      (a Peto OR is converted the same way)
    HR       risk with = 1 - (1 - CR) ^ HR                 (events by the time the source reports)
    RD       risk with = CR + RD                           (RD in percentage points here)

The interval comes from putting each end of the relative effect's interval through the same
formula; like the Handbook's, it leaves out the uncertainty in the control risk itself.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

RATIOS = ("RR", "OR", "Peto-OR", "HR")  # the measures whose "no effect" is 1, and which stay above 0
ABSOLUTE_MEASURES = RATIOS + ("RD",)


def control_risk(row: dict) -> float | None:
    """The control risk as a proportion (0 to 1), or None where the source reports none."""
    risk = row.get("control_risk") or {}
    if "events" in risk and risk.get("total"):
        return risk["events"] / risk["total"]
    if "percent" in risk:
        return risk["percent"] / 100
    if "per_1000" in risk:
        return risk["per_1000"] / 1000
    return None


def risk_with(measure: str, effect: float, control: float) -> float:
    """The risk with the add-on, for a control risk and one value of the relative effect."""
    if measure == "RR":
        risk = control * effect
    elif measure in ("OR", "Peto-OR"):
        risk = effect * control / (1 - control + effect * control)
    elif measure == "HR":
        risk = 1 - (1 - control) ** effect
    elif measure == "RD":
        risk = control + effect / 100
    else:
        raise ValueError(f"no absolute effect for measure {measure!r}")
    return min(1.0, max(0.0, risk))  # a risk ratio above 1/CR would pass 1,000 per 1,000


def per(n: int, risk: float) -> int:
    """A risk as a whole number out of n, rounded half up (0.5 of a person is shown as 1)."""
    return math.floor(risk * n + 0.5)


@dataclass(frozen=True)
class AbsoluteEffect:
    """Risks as proportions; `per(n)` turns them into whole people out of n."""
    control: float
    with_addon: float
    low: float
    high: float

    def out_of(self, n: int) -> tuple[int, int, int, int]:
        """(without, with, with-low, with-high) out of n people."""
        return per(n, self.control), per(n, self.with_addon), per(n, self.low), per(n, self.high)

    def difference(self, n: int) -> tuple[int, int, int]:
        """(difference, low, high) out of n: positive is more people with the outcome."""
        without = per(n, self.control)
        return per(n, self.with_addon) - without, per(n, self.low) - without, per(n, self.high) - without


def absolute_effect(row: dict) -> AbsoluteEffect | None:
    """The row's absolute effect, or None: not a dichotomous comparison, or no control risk."""
    control = control_risk(row)
    if row.get("measure") not in ABSOLUTE_MEASURES or control is None or "ci" not in row:
        return None
    low, high = row["ci"]
    measure, estimate = row["measure"], row["estimate"]
    return AbsoluteEffect(control, risk_with(measure, estimate, control),
                          risk_with(measure, low, control), risk_with(measure, high, control))


def why_not_computed(row: dict, detail: bool = True) -> str:
    """Why a row has no absolute effect, in a phrase a reader understands; detail=False leaves
    out the editor's note on what the source shows instead (for a table cell)."""
    if row.get("measure") == "percent":
        return "a rate in one group: there is no comparison"
    if row.get("measure") == "MD":
        return "a mean difference: not a risk"
    reason = (row.get("control_risk") or {}).get("not_reported")
    return "the source does not report the control group's risk" + (f" ({reason})" if reason and detail else "")
