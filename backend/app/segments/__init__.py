"""Segments: saved conditions (the journeys' condition data) with a live count."""
