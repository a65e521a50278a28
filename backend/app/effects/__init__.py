"""Carrying out the effects a journey's steps ask for: the handler protocol with its two
faces (execute for real, preview without side effects), the registry the outbox
dispatches with, and the previews. The engine says what to do (app.engine.effects); the
domains provide the handlers (channels, jobs, automation); the worker's assembly registers
them; the outbox (app.runs.outbox) carries them out."""
