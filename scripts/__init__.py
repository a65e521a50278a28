"""Developer tooling for Waymark: bootstrap, private services, `make run` and `make test`.

Everything in this package uses the standard library only: it runs before the virtualenv
exists. Run its commands from the repository root as modules, e.g. `python -m scripts.run`.
"""
