"""Textual's footer, composed once with its keys rather than twice.

Textual's ``Footer`` mounts empty, waits for the screen to announce its
bindings, then recomposes, and recomposes again whenever focus moves, even
when the keys it shows stay the same. Each pass mounts a row of
``FooterKey`` widgets and lays the screen out again (at start-up the
library screen was drawn twice for it). This footer shows
its keys from the first compose, and recomposes only when the keys it would
show differ from the ones on screen. Its keys also start with the compact
class that Textual's footer would only add after mounting them (restyling
each key once more). It looks and behaves the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.screen import Screen

Shown = tuple[tuple[str, str, str, bool, str], ...]


class KeyFooter(Footer):
    """A ``Footer`` that composes with its keys at once and redraws only when they change."""

    def __init__(self, *, compact: bool = False) -> None:
        super().__init__(compact=compact)
        self.set_reactive(Footer._bindings_ready, True)
        self._shown: Shown | None = None

    def _keys(self) -> Shown:
        """What the footer shows: each visible binding's key, label, action, state, tooltip."""
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple(
            (binding.key, binding.description, binding.action, enabled, tooltip)
            for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == palette
        )

    def compose(self) -> ComposeResult:
        self._shown = self._keys()
        for widget in super().compose():
            if self.compact and isinstance(widget, FooterKey):
                # the class Footer's binding adds once mounted, restyling each key
                widget.add_class("-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen and self._keys() == self._shown:
            return  # the same keys: nothing to redraw
        super().bindings_changed(screen)
