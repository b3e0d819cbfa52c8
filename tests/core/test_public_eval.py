"""The label mappings that read the scorer's output as the public datasets' labels."""

import pytest

from ipt_trainer.core.scoring import score_reply
from ipt_trainer.core.scoring.public_eval import exploration_level


@pytest.mark.parametrize(
    ("reply", "level"),
    [
        ("That sounds exhausting. I'm sorry.", 0),
        ("What happened?", 1),
        ("Oh no. What's up?", 1),
        ("What has been the hardest part of having your mum move in?", 2),
        ("What happened? Did your manager say why the shifts were cut?", 2),
    ],
)
def test_epitome_explorations_read_short_questions_as_generic(reply: str, level: int) -> None:
    """EPITOME's weak exploration is a generic prompt, its strong one a specific question."""
    assert exploration_level(score_reply(reply, "I had an awful day at work.")) == level
