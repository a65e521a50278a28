"""Contacts: everyone Waymark knows — customers, leads, staff, affiliates."""
