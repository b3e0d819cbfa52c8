"""Homework from therapists, and reports a learner can bring to a session.

``homework`` reads and checks homework files, ``install`` copies what they
need into the data folder and records the assignments, ``status`` says how
each assignment is going, ``report`` builds a report's content (pure) and
``markdown`` / ``html`` render it. Nothing here imports the UI.
"""
