"""The pure journey interpreter: definitions in, decisions out.

No Litestar, SQLAlchemy, Redis or arq import is allowed here (an import-linter contract
checks it), so the engine can be tested exhaustively without I/O.
"""
