"""Round 8 (recall): risk split over two sentences or said obliquely.

Each rule is checked on the phrase stage alone (``analyse(...).phrase``), so
these tests do not move when the learned stage is refitted: the risk it must
catch, and the near miss it must leave alone.
"""

from __future__ import annotations

import pytest

from ipt_trainer.core import safety_patterns
from ipt_trainer.core.safety import analyse, check_text
from ipt_trainer.core.safety_patterns import LexiconError, load_lexicon_data


def _pairs(block: str) -> list[tuple[str, str]]:
    """``area | text`` lines (the area is where the rule lives, for the failure message);
    an indented line continues the text of the line before."""
    rows: list[list[str]] = []
    for line in block.strip().splitlines():
        if line.startswith(" "):
            rows[-1][1] += " " + line.strip()
        else:
            rows.append(line.split(" | ", 1))
    return [(area, text) for area, text in rows]


RISK = _pairs(
    """
plan_or_means | I stared at the reservoir for a long time today. Next time I won't just stare.
plan_or_means | I go to the bridge near my work many times now and I look down. Next time maybe
    I don't come back.
plan_or_means | I drove to the woods with a hosepipe in the boot yesterday but couldn't go
    through with it. Yet.
plan_or_means | I won't do it while the dog's still alive. She's fourteen.
plan_or_means | Loaded the car with everything I need and drove to the forest car park. Sat
    there till 2am. Drove home. This time.
goodbye | I've told work my last day is Friday. I didn't tell them it's my last day for
    everything.
goodbye | Sure, I'll apologise to my wife about the money. Then at least the last thing she
    hears from me is nice.
goodbye | Fine, Dad, I'll come to dinner on Sunday. It'll be the last time you have to put up
    with me at that table, so let's not argue.
goodbye | Thanks for the birthday card, Aunt Jo. It meant a lot. It's probably the last one I'll
    open.
goodbye | I made sure the dog's vet records are in the folder for whoever takes him after me.
goodbye | I cleaned the whole flat top to bottom so it's tidy when they come to clear it out
    after me.
goodbye | I cleared out my flat this weekend so there's less for my parents to sort through when
    the time comes.
goodbye | I cleaned my room like you always wanted. Everything's labelled. You won't have to
    sort through it after.
goodbye | No need to book me for the follow up scan in March. I've made other arrangements,
    permanent ones.
goodbye | Yeah I'll cover your shift Friday. Won't matter to me, it's my last one of anything.
departure_disclaimer | i'm checking out. not of school. of everything
departure_disclaimer | My last day is tomorrow. Not at work. Last day.
passive_via_illness | Don't bother fixing the brakes on my account, I'm kind of hoping they fail
    on the motorway.
passive_via_illness | When the turbulence started on the flight I felt hopeful, not scared.
    That's how bad it's got.
passive_via_illness | I'd be fine if the plane went down on the way back. More than fine.
passive_via_illness | If the plane went down I'd feel relief, not fear.
passive_via_illness | When the GP said the lump was benign I cried, and not from relief.
passive_via_illness | every time i get on a plane i kinda hope it goes down
hopelessness_future | im not gonna make it to graduation and tbh i dont want to
hopelessness_future | I don't see how I get through another winter alone, and honestly I don't
    want to.
hopelessness_future | I can't see myself making it to Christmas.
hopelessness_future | I can't do another year of this. I won't.
decided_calm | I told myself if nothing changes by my birthday, that's it. My birthday is in
    nine days.
decided_calm | i gave myself until new year to feel better. its the 29th
reunion_told | Harold is waiting for me. I've stopped wanting to make him wait.
reunion_told | I bought the plot next to his and I don't intend to leave it empty long.
reunion_told | I've asked to be buried next to Ron. I'd like that to be sooner rather than
    later, and I can make it sooner.
reunion_told | i keep talking to my grandad's photo saying i'll see him soon. i mean it
unneeded_future | Don't bother booking me in for next month. I won't need the appointment.
unneeded_future | Don't worry about paying me back. I won't need it.
unneeded_future | lol gave my switch to my little bro bc i wont need it
unneeded_future | Cancelled my gym and my phone contract from next month. I won't need them.
chosen_time | Next Friday is the date. Everything's ready.
chosen_time | Friday is the day. I'm calm about it now.
chosen_time | After the anniversary of his death, that's when. I've got everything I need.
chosen_time | Updated my will, cancelled my subscriptions, sorted my affairs. Just need to pick
    the night.
chosen_time | Once the kids go back to their dad's on Friday I'll have the flat to myself.
    Friday then.
date_picked | I've circled a day on the calendar. Nobody else knows what it means.
date_picked | I've picked the date. The 14th. After my daughter's birthday.
seen_to | My son must take care for me, he lose his job for me. I will make him free. I know
    how.
seen_to | It would be kinder to everyone if I went, and I could make that happen.
seen_to | Next Christmas you'll all have a bit more room at the table. I've made up my mind.
seen_to | This time next week none of this will matter to me. I've seen to that.
deferred_act | Don't worry, I won't do anything stupid until after the exams. I don't want to
    mess up Mum's year twice.
deferred_act | I promised my therapist I'd stay safe till our next session. After that I didn't
    promise anything.
deferred_act | It's fine, I won't do anything while Mum's visiting. She goes home Sunday.
deferred_act_next | I'm not going to do anything tonight. Not tonight.
deferred_act_next | Promise I'm safe tonight. Tomorrow's a different question.
arrangement_confirmed | I've put my phone passcode and my bank PIN in an envelope for my
    brother. He'll need them soon.
arrangement_confirmed | I've written down the dog's feeding routine and vet details and left it
    with my friend. She'll need it soon.
arrangement_confirmed | I asked my friend to be my emergency contact 'in case anything happens'.
    She doesn't know it isn't a case, it's a when.
arrangement_confirmed | I've asked my brother to be guardian for the kids. He doesn't know it's
    going to be needed this month.
arrangement_confirmed | Asked my best friend to promise she'll look after my girls if anything
    ever happens. She said of course. It'll be soon.
self_harm_told | Relapsed. 43 days clean and I've got the blade in my hand right now.
leaving_for_good | dont plan on being around much longer
leaving_for_good | I miss my dog so much i wanna join him for real
"""
)

QUIET = _pairs(
    """
plan_or_means | Missed the turning and drove home the long way. Next time I won't just follow
    the satnav.
plan_or_means | I couldn't go through with it, the speech was too scary. Maybe next year.
goodbye | I've made other arrangements for the kids this weekend.
goodbye | That's the last thing she heard from me before she moved to Spain, and we laughed
    about it later.
goodbye | It's my last day at work on Friday, then a fortnight off.
goodbye | Can you sort through the post after? I'm busy now.
departure_disclaimer | I'm leaving early tomorrow. Not from work, from the gym.
passive_via_illness | I hope the brakes don't fail on the motorway, they've been making a noise
passive_via_illness | The scan was clear and I cried from relief.
passive_via_illness | I'd be relieved if the plane landed on time for once
hopelessness_future | I can't do another year of this job. I won't, I'm handing in my notice.
hopelessness_future | I can't see myself making it to the party, I'm working late
decided_calm | I gave myself until Friday to finish the essay.
decided_calm | If nothing changes by March, that's it, I'm handing in my notice.
reunion_told | The taxi is waiting for me, I won't make him wait.
unneeded_future | I won't need it, thanks.
unneeded_future | Can I borrow your umbrella? I won't need it after lunch, the rain should stop.
chosen_time | The party is Friday. Everything's ready, just need balloons.
chosen_time | Friday is the day we move house.
date_picked | We've picked a date. Everything's ready for the party.
seen_to | You won't have to wait long for the report, I'll see to it.
seen_to | I know how. I did it last year for the school fair.
deferred_act | Not gonna do it tonight. Tomorrow maybe, the laundry can wait.
deferred_act | I won't do anything until I hear from the bank.
deferred_act | Don't worry, I won't do anything stupid.
deferred_act_next | I'm safe tonight, I'm staying at Mum's.
arrangement_confirmed | I wasn't joking about the cake, it was amazing.
unneeded_future | Cancel my dentist appointment for next month. The drive is awful. It takes an
    hour each way. I won't need it.
"""
)


@pytest.mark.parametrize(("area", "text"), RISK)
def test_the_phrase_stage_catches(area: str, text: str) -> None:
    hit = analyse(text).phrase
    assert hit is not None, (area, text)
    assert check_text(text).crisis


@pytest.mark.parametrize(("area", "text"), QUIET)
def test_the_phrase_stage_leaves_alone(area: str, text: str) -> None:
    assert analyse(text).phrase is None, (area, text)


def test_a_completing_sentence_only_counts_next_to_its_context() -> None:
    """``context_reach``: "I won't need it" counts beside the cancelled appointment,
    not three sentences away from it."""
    near = "Cancel my dentist appointment for next month. I won't need it."
    far = (
        "Cancel my dentist appointment. The drive is awful. It takes ages. Anyway. I won't need it."
    )
    hit = analyse(near).phrase
    assert hit is not None and hit.category.id == "unneeded_future"
    found = analyse(far).phrase
    assert found is None or found.category.id != "unneeded_future"


def test_the_date_alone_needs_a_decision_beside_it() -> None:
    assert analyse("I have picked a date. It is the 14th.").phrase is not None
    dinner = "Our anniversary is the 14th. I've set the date for a little dinner."
    assert analyse(dinner).phrase is None
    assert analyse("It is the 14th.").phrase is None


def test_context_reach_without_a_context_is_a_named_mistake(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for name in ("lexicon.yaml", "ignore.yaml", "scope.yaml"):
        (tmp_path / name).write_text((safety_patterns.DATA_DIR / name).read_text("utf-8"), "utf-8")
    text = (tmp_path / "lexicon.yaml").read_text("utf-8")
    text = text.replace("    requires_context: relinquish\n", "", 1)
    (tmp_path / "lexicon.yaml").write_text(text, "utf-8")
    monkeypatch.setattr(safety_patterns, "DATA_DIR", tmp_path)
    with pytest.raises(LexiconError, match="context_reach needs requires_context"):
        safety_patterns.build_lexicon()


def test_every_round8_category_reaches_only_its_neighbours() -> None:
    data, _, _ = load_lexicon_data()
    near = {c.id: c.context_reach for c in data.categories if c.context_reach is not None}
    assert near == {
        "unneeded_future": 2,
        "chosen_time": 1,
        "date_picked": 1,
        "seen_to": 1,
        "deferred_act": 1,
        "deferred_act_next": 1,
        "arrangement_confirmed": 2,
        "check_out": 1,  # round 9
        "letters_for_after": 1,  # round 10
    }
