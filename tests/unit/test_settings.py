from __future__ import annotations

import pytest

from app.settings import SettingsError, load_settings


def test_reads_typed_values_from_the_environment() -> None:
    settings = load_settings(
        {
            "DATABASE_URL": "postgresql+asyncpg://u@db:5432/w",
            "REDIS_URL": "redis://cache:6379/1",
            "WAYMARK_PORT": "9000",
            "WAYMARK_ENV": "production",
        }
    )
    assert settings.port == 9000
    assert settings.env == "production"
    assert settings.database_url == "postgresql+asyncpg://u@db:5432/w"
    assert not settings.debug


def test_empty_variables_fall_back_to_defaults() -> None:
    assert load_settings({"WAYMARK_PORT": ""}).port == 8000


@pytest.mark.parametrize(
    ("variable", "value"),
    [("WAYMARK_PORT", "eighty"), ("WAYMARK_PORT", "70000"), ("WAYMARK_ENV", "staging")],
)
def test_a_bad_value_names_the_variable(variable: str, value: str) -> None:
    with pytest.raises(SettingsError, match=variable):
        load_settings({variable: value})
