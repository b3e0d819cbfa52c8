"""The fast Evidence builder must give exactly what model_construct gives."""

from __future__ import annotations

from ipt_trainer.core.scores import Evidence
from ipt_trainer.core.scoring.spans import make_evidence


def test_make_evidence_matches_model_construct() -> None:
    built = make_evidence(3, 9, "sounds", "reflects", "active_listening", "strength")
    ref = Evidence.model_construct(
        start=3,
        end=9,
        text="sounds",
        label="reflects",
        skill="active_listening",
        polarity="strength",
    )
    assert built == ref
    assert built.model_dump_json() == ref.model_dump_json()
    assert list(built.__dict__) == list(ref.__dict__)
    assert built.model_fields_set == ref.model_fields_set
    assert hash(built) == hash(ref)


def test_make_evidence_fields_set_not_shared() -> None:
    a = make_evidence(0, 1, "a", "x", "assertiveness", "concern")
    b = make_evidence(0, 1, "a", "x", "assertiveness", "concern")
    assert a.model_fields_set is not b.model_fields_set
