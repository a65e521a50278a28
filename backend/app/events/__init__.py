"""Events: everything that happens to a contact, committed before it is acknowledged."""
