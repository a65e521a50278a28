"""Waymark: a visual, no-code journey builder that runs a business's processes."""
