"""The bundled scenarios never trip the crisis card on their own lines.

Every line in the library (partner lines, suggestions, model replies, coach
notes) is ordinary role-play talk, including grief and conflict. If one of
them is flagged, a learner who copies a suggestion would see a crisis card:
a false alarm we can catch before shipping.
"""

from __future__ import annotations

from collections.abc import Iterator

from ruamel.yaml import YAML

from ipt_trainer.core.safety import check_text
from ipt_trainer.paths import bundled_scenarios_dir


def _strings(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)
    elif isinstance(node, str) and len(node.split()) >= 3:
        yield node


def test_no_line_in_the_bundled_scenarios_is_flagged() -> None:
    yaml = YAML(typ="safe")
    checked = 0
    flagged = []
    for path in sorted(bundled_scenarios_dir().rglob("*.yaml")):
        for text in _strings(yaml.load(path.read_text(encoding="utf-8"))):
            checked += 1
            result = check_text(text)
            if result.crisis:
                flagged.append(f"{path.name}: {result.match!r} in {text!r}")
    assert checked > 100
    assert flagged == []
