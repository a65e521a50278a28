"""Demo data, so a new user sees the product alive (`python -m app seed`, `make run`).

One module per part of the product (accounts, contacts, journeys, jobs, channels, portal,
segments, automation, events), each idempotent and going through the real services;
`loader` runs them in order. Nothing below `app.demo` imports it: demo data is not part
of any domain.
"""
