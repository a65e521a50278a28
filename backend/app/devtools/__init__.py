"""Test-only controls, mounted only when WAYMARK_ENV=test (end-to-end tests drive them)."""
