"""One settings class for the whole service; every field can be set as JUDGE_<NAME>."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JUDGE_", extra="ignore")

    bank_dir: Path | None = None
    database_url: str = "sqlite:///judge.db"
    workers: int = 2
    warm_sandboxes: int = 2
    max_code_bytes: int = 64 * 1024
    wait_timeout_s: float = 60.0
    cgroup_parent: str = "judge"
    sandbox_uid_base: int = 62000
    hint_penalty: int = 10
    hint_after_failures: int = 3
    admin_token: str | None = None
    llm_base_url: str | None = None
    llm_api_key: str | None = None
    llm_model: str = "gpt-4o-mini"


@lru_cache
def get_settings() -> Settings:
    return Settings()
