"""Journeys: drafts, published versions, the journey library and the API around them.

The definition itself, its exits and its validation live in the pure `app.engine`.
"""
