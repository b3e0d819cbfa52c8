"""Write tests/data/scoring/model-replies.jsonl from the model replies in scenarios/.

The scorer is fitted partly on the bundled scenarios' model replies with their
authors' labels, so that file must say what the scenarios say. This module
builds it: one record per model reply whose three labels are all stated, with
the reply and context exactly as ``ipt-trainer validate`` scores them
(placeholders filled with their defaults, the context being the other person's
last line before the prompt). ``test_model_replies_fixture_is_current`` fails
when the committed file drifts from the scenarios.

Run by hand after changing a scenario's model replies:

    python tests/content/extract_model_replies.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ipt_trainer.core.lint import reply_context
from ipt_trainer.core.loading import LoadedScenario, load_scenario
from ipt_trainer.core.model import PLACEHOLDER_RE, PromptNode, Scenario

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS_DIR = ROOT / "scenarios"
FIXTURE = ROOT / "tests" / "data" / "scoring" / "model-replies.jsonl"


def _fill(scenario: Scenario, text: str) -> str:
    """Placeholders replaced by their defaults, as the linter scores them."""
    defaults = {name: p.default for name, p in scenario.placeholders.items()}
    return PLACEHOLDER_RE.sub(lambda m: defaults.get(m.group(1), m.group(0)), text)


def _records_of(loaded: LoadedScenario) -> list[dict[str, Any]]:
    scenario = loaded.scenario
    out: list[dict[str, Any]] = []
    for node_id, node in scenario.nodes.items():
        if not isinstance(node, PromptNode):
            continue
        context = reply_context(loaded, node_id)
        for index, reply in enumerate(node.model_replies):
            labels = reply.labels
            if None in (labels.assertiveness_style, labels.listening_level, labels.conflict_mode):
                continue  # a rubric record needs all three labels
            mode = None if labels.conflict_mode == "none" else labels.conflict_mode
            out.append(
                {
                    "id": f"{scenario.id}:{node_id}:{index}",
                    "context": context,
                    "reply": _fill(scenario, reply.text),
                    "labels": {
                        "assertiveness_style": labels.assertiveness_style,
                        "listening_level": labels.listening_level,
                        "conflict_mode": mode,
                    },
                }
            )
    return out


def model_reply_records(scenarios_dir: Path = SCENARIOS_DIR) -> list[dict[str, Any]]:
    """Every labelled model reply of the library, by scenario id then file order."""
    loaded = [load_scenario(path) for path in sorted(scenarios_dir.glob("*/*.yaml"))]
    loaded.sort(key=lambda item: item.scenario.id)
    return [record for item in loaded for record in _records_of(item)]


def render(records: list[dict[str, Any]]) -> str:
    """The JSON Lines text, one record a line (ASCII-escaped, like the other fixtures)."""
    return "".join(json.dumps(record) + "\n" for record in records)


def main() -> int:
    """Rewrite the fixture; print how many records it holds."""
    records = model_reply_records()
    FIXTURE.write_text(render(records), encoding="utf-8")
    print(f"wrote {len(records)} model replies to {FIXTURE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
