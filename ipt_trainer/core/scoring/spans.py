"""Fast construction of the result models for values the scorer produced itself.

Why: every field comes from our own offsets, fixed labels and band arithmetic,
so the schema already holds; validating it again (or ``model_construct``,
which still walks the field table) was a visible share of scoring time. These
build the same objects: same ``__dict__`` in field order, same fields-set, no
extras or private state. ``make_score`` checks the cheap invariants itself and
falls back to the validating constructor for anything unexpected, so a bad
value from a skill module still raises exactly as before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from itertools import repeat
from operator import is_
from typing import Any, Literal, TypeVar, get_args

from pydantic import BaseModel

from ipt_trainer.core.model import AssertivenessStyle, ConflictMode, Skill
from ipt_trainer.core.scores import Evidence, Polarity, ReplyScore, Tip

_new = object.__new__
_set = object.__setattr__
_SCORE_FIELDS = frozenset(ReplyScore.model_fields)
_SKILLS = frozenset(get_args(Skill))
_STYLES = frozenset(get_args(AssertivenessStyle))
_MODES = frozenset(get_args(ConflictMode))
_UNSET: Any = object()
M = TypeVar("M", bound=BaseModel)


def _slot_setter(name: str) -> Callable[[Any, Any], None]:
    """The C setter of one of ``BaseModel``'s slots (cheaper than ``object.__setattr__``,
    which looks the name up on every call); the generic path if pydantic lays them out
    differently."""
    setter: Callable[[Any, Any], None] | None = getattr(
        BaseModel.__dict__.get(name), "__set__", None
    )
    if setter is not None:
        return setter

    def generic(obj: Any, value: Any) -> None:
        _set(obj, name, value)

    return generic


_set_dict = _slot_setter("__dict__")
_set_fields = _slot_setter("__pydantic_fields_set__")
_set_extra = _slot_setter("__pydantic_extra__")
_set_private = _slot_setter("__pydantic_private__")
_REPEAT_EVIDENCE = repeat(Evidence)
_REPEAT_TIP = repeat(Tip)


def _built(kind: type[M], values: dict[str, Any], fields_set: set[str]) -> M:
    """An instance of ``kind`` holding ``values`` as pydantic itself would store them."""
    made: M = _new(kind)
    _set_dict(made, values)
    _set_fields(made, fields_set)
    _set_extra(made, None)
    _set_private(made, None)
    return made


def make_evidence(
    start: int,
    end: int,
    text: str,
    label: str,
    skill: SkillName,
    polarity: Polarity,
) -> Evidence:
    """An :class:`Evidence` equal to ``Evidence.model_construct(...)`` with these values.

    ``_built`` written out: several of these are made per reply.
    """
    made: Evidence = _new(Evidence)
    _set_dict(
        made,
        {
            "start": start,
            "end": end,
            "text": text,
            "label": label,
            "skill": skill,
            "polarity": polarity,
        },
    )
    _set_fields(made, {"start", "end", "text", "label", "skill", "polarity"})
    _set_extra(made, None)
    _set_private(made, None)
    return made


SkillName = Literal["assertiveness", "active_listening", "conflict_resolution"]


def cue_evidence(
    reply: str,
    cues: Mapping[str, list[tuple[int, int]]],
    labelled: Mapping[str, tuple[str, Polarity]],
    skill: SkillName,
) -> list[Evidence]:
    """Evidence for every span of the cue families in ``labelled`` (family -> label and
    polarity), in ``labelled`` order: the part of each skill's evidence that only names
    the cues it found."""
    out: list[Evidence] = []
    add = out.append
    for fam in filter(cues.__contains__, labelled):  # in ``labelled`` order, found in C
        label, pol = labelled[fam]
        for s, e in cues[fam]:
            add(make_evidence(s, e, reply[s:e], label, skill, pol))
    return out


def make_tip(
    skill: Literal["assertiveness", "active_listening", "conflict_resolution"],
    quote: str,
    message: str,
    suggestion: str | None = _UNSET,
) -> Tip:
    """A :class:`Tip` equal to ``Tip(skill=..., quote=..., message=...[, suggestion=...])``.

    As with the validating constructor, ``suggestion`` counts as set only when passed.
    """
    plain = skill in _SKILLS and type(quote) is str and type(message) is str
    if suggestion is _UNSET:
        if not plain:
            return Tip(skill=skill, quote=quote, message=message)  # validates (and raises)
        fields = {"skill", "quote", "message"}
        suggestion = None
    else:
        if not plain or not (suggestion is None or type(suggestion) is str):
            return Tip(skill=skill, quote=quote, message=message, suggestion=suggestion)
        fields = {"skill", "quote", "message", "suggestion"}
    made: Tip = _new(Tip)
    _set_dict(made, {"skill": skill, "quote": quote, "message": message, "suggestion": suggestion})
    _set_fields(made, fields)
    _set_extra(made, None)
    _set_private(made, None)
    return made


def make_score(
    *,
    assertiveness: int,
    assertiveness_style: str,
    active_listening: int,
    listening_level: int,
    conflict_resolution: int | None,
    conflict_mode: str | None,
    evidence: tuple[Evidence, ...],
    feedback: tuple[Tip, ...],
) -> ReplyScore:
    """A :class:`ReplyScore` equal to ``ReplyScore(...)`` with all eight fields passed."""
    if not (
        # Percentages: exact ints in 0..100 (checked inline: a helper call each was measurable).
        type(assertiveness) is int
        and 0 <= assertiveness <= 100
        and assertiveness_style in _STYLES
        and type(active_listening) is int
        and 0 <= active_listening <= 100
        and type(listening_level) is int
        and 0 <= listening_level <= 3
        and (
            (conflict_mode is None and conflict_resolution is None)
            or (
                conflict_mode in _MODES
                and type(conflict_resolution) is int
                and 0 <= conflict_resolution <= 100
            )
        )
        and type(evidence) is tuple
        and all(map(is_, map(type, evidence), _REPEAT_EVIDENCE))
        and type(feedback) is tuple
        and all(map(is_, map(type, feedback), _REPEAT_TIP))
    ):
        # Anything unusual: let pydantic coerce or raise exactly as it always has.
        return ReplyScore(
            assertiveness=assertiveness,
            assertiveness_style=assertiveness_style,  # type: ignore[arg-type]
            active_listening=active_listening,
            listening_level=listening_level,
            conflict_resolution=conflict_resolution,
            conflict_mode=conflict_mode,  # type: ignore[arg-type]
            evidence=evidence,
            feedback=feedback,
        )
    return _built(
        ReplyScore,
        {
            "assertiveness": assertiveness,
            "assertiveness_style": assertiveness_style,
            "active_listening": active_listening,
            "listening_level": listening_level,
            "conflict_resolution": conflict_resolution,
            "conflict_mode": conflict_mode,
            "evidence": evidence,
            "feedback": feedback,
        },
        set(_SCORE_FIELDS),
    )
