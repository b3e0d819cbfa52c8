"""Ready-made replies the learner can pick with the arrow keys, Enter, a number key or a click.

Options are numbered as the number keys pick them, and each is shown
literally (never as markup). Only the first eight can have a number key;
more are still reachable with the arrows or the mouse.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ipt_trainer.core.events import SuggestionView


class SuggestionList(OptionList):
    """A numbered list of suggestions; posts ``Picked`` with the suggestion id."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # one footer entry for all eight keys; the others are bound but not listed
        Binding("1", "pick(1)", "Pick", key_display="1-8"),
        *(
            Binding(str(number), f"pick({number})", f"Pick {number}", show=False)
            for number in range(2, 9)
        ),
    ]

    class Picked(Message):
        """The learner chose suggestion ``suggestion_id``."""

        def __init__(self, suggestion_list: SuggestionList, suggestion_id: str) -> None:
            super().__init__()
            self.suggestion_list = suggestion_list
            self.suggestion_id = suggestion_id

        @property
        def control(self) -> SuggestionList:
            """The list the suggestion came from."""
            return self.suggestion_list

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)

    def show(self, suggestions: tuple[SuggestionView, ...]) -> None:
        """Replace the options with ``suggestions``, numbered from 1."""
        self.clear_options()
        self.add_options(
            Option(Text(f"{index}. ") + Text(item.text), id=item.id)
            for index, item in enumerate(suggestions, start=1)
        )
        if suggestions:
            self.highlighted = 0

    def action_pick(self, number: int) -> None:
        """Pick the ``number``-th suggestion (1-based), if there is one."""
        if 1 <= number <= self.option_count:
            self._post_pick(number - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._post_pick(event.option_index)

    def _post_pick(self, index: int) -> None:
        option = self.get_option_at_index(index)
        if option.id is not None:
            self.post_message(self.Picked(self, option.id))
