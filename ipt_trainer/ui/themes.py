"""The themes the app offers: Textual's dark and light, and a high-contrast one of its own.

The stylesheet uses theme variables only, so a theme is just colours. High
contrast keeps text pure white on black and draws focus and selection in
saturated yellow and cyan, which stay distinct for most kinds of colour
vision.
"""

from __future__ import annotations

from typing import Final

from textual.theme import Theme

DARK: Final = "textual-dark"
LIGHT: Final = "textual-light"
HIGH_CONTRAST: Final = "ipt-high-contrast"

THEME_TITLES: Final[dict[str, str]] = {
    DARK: "Dark",
    LIGHT: "Light",
    HIGH_CONTRAST: "High contrast",
}
"""The themes offered in the command palette, in order."""

HIGH_CONTRAST_THEME: Final = Theme(
    name=HIGH_CONTRAST,
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#00FFFF",
    warning="#FFFF00",
    error="#FF6060",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#202020",
    boost="#FFFFFF",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={
        "text-muted": "#FFFFFF",
        "button-color-foreground": "#000000",
        "footer-key-foreground": "#FFFF00",
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "input-selection-background": "#00FFFF 60%",
    },
)
