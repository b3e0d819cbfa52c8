"""Reusable widgets: each renders data handed down and posts messages up."""
