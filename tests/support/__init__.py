"""Helpers that tests share: real servers started for a test run."""
