"""The pure domain core: scenarios, engine, scoring, safety.

Nothing under ``core`` imports Textual, Rich or ``ipt_trainer.ui``; a test
checks it, so the CLI stays fast and the logic stays testable.
"""
