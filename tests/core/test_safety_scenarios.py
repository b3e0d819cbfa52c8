"""The bundled scenarios never trip the crisis card on their own lines.

Every line in the library (partner lines, suggestions, model replies, coach
notes) is ordinary role-play talk, including grief and conflict. If one of
them is flagged, a learner who copies a suggestion would see a crisis card:
a false alarm we can catch before shipping.
"""

from __future__ import annotations

from ipt_trainer.core.safety import check_text
from ipt_trainer.core.safety_fit import scenario_lines


def test_no_line_in_the_bundled_scenarios_is_flagged() -> None:
    lines = list(scenario_lines())
    flagged = [
        f"{result.match!r} in {text!r}" for text in lines if (result := check_text(text)).crisis
    ]
    assert len(lines) > 100
    assert flagged == []
