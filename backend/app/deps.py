"""Dependency annotations shared by controllers (Litestar wants them named explicitly)."""

from __future__ import annotations

from typing import TypeAlias

from litestar.di import NamedDependency

from app.resources import Resources

ResourcesDep: TypeAlias = NamedDependency[Resources]
