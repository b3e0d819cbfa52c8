"""IPT Trainer: practise the conversations Interpersonal Psychotherapy works on.

The package root imports nothing on purpose: every command pays only for
what it uses, and the author tools never load Textual.
"""

__version__ = "0.1.0"
