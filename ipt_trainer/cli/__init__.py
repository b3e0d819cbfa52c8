"""The ``ipt-trainer`` command line: one module per group of subcommands.

Each module exposes ``register(subparsers)``; only ``main`` knows the list.
None of them imports Textual: the app is loaded only when it is opened.
"""
