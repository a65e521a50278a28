"""Accounts, roles, sessions, API keys and the checks that guard every endpoint."""
