"""The event log: one table of everything that happened to each contact, the one writer of
its rows, and the typed events the product itself records (`kinds`)."""
