"""Channels: email, SMS and letters (message templates now; sending later)."""
