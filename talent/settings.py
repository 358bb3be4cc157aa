"""The one typed settings object.

Precedence, lowest first: defaults < ``config/talent.toml`` < environment (``TALENT_*``,
``GITHUB_TOKEN``, ``HF_TOKEN``) < CLI flags (passed as keyword overrides). Tokens come only
from the environment: a config file that names one is rejected, and ``SecretStr`` masks them
in every repr. Nothing else in the code base reads ``os.environ`` for configuration.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tomllib
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, BaseModel, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    InitSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from talent.errors import ConfigError

REPO_CONFIG_DIR = Path(__file__).resolve().parent.parent / "config"
SETTINGS_FILE = "talent.toml"
REAL_GITHUB_API = "https://api.github.com"
REAL_HF_ENDPOINT = "https://huggingface.co"
_SECRET_KEYS = {"github_token", "hf_token", "qdrant_api_key"}


def config_dir() -> Path:
    """Where the TOML files live: ``TALENT_CONFIG_DIR`` or the ``config/`` folder of the repo."""
    return Path(os.environ.get("TALENT_CONFIG_DIR") or REPO_CONFIG_DIR)


def load_toml(path: Path, *, cached: bool = False) -> dict[str, Any]:
    """Read one TOML file, turning syntax errors into a message that names the file and line.

    ``cached``: keep the parsed file in the user cache, keyed by its bytes (only for reference
    data such as the gazetteer, never a file that could hold a secret): tomllib takes ~50 ms
    for the gazetteer and signals files, a search's largest fixed cost after the index."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            f"config file not found: {path}",
            "set TALENT_CONFIG_DIR to a folder holding it, or restore it from the repository",
        ) from None
    cache = _parsed_cache(raw) if cached else None
    if cache is not None:
        try:
            with cache.open("rb") as fh:
                found = pickle.load(fh)
            if isinstance(found, dict):
                return found
        except Exception:  # absent, or damaged in any of pickle's many ways: parse again
            pass
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"{path} is not valid TOML: {exc}", "fix the line named above and run again"
        ) from None
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            temporary = cache.with_suffix(f".{os.getpid()}.tmp")
            with temporary.open("wb") as fh:
                pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, cache)
        except OSError:  # a read-only cache: parse again next time
            pass
    return data


def _parsed_cache(raw: bytes) -> Path:
    from platformdirs import user_cache_dir

    digest = hashlib.sha256(raw).hexdigest()[:24]
    version = f"{sys.version_info[0]}{sys.version_info[1]}"  # pickles follow the Python
    return Path(user_cache_dir("talent")) / "config" / f"{digest}-{version}.pickle"


class CrawlSettings(BaseModel):
    """How politely and how far the crawler goes."""

    concurrency: int = Field(2, ge=1, le=64, description="concurrent requests, real services")
    simulator_concurrency: int = Field(16, ge=1, le=256, description="when --upstream is set")
    download_delay: float = Field(0.0, ge=0)
    max_retries: int = Field(6, ge=0, le=20)
    backoff_base: float = Field(0.5, gt=0, description="seconds; doubles per retry, with jitter")
    backoff_max: float = Field(120.0, gt=0)
    rate_limit_reserve: int = Field(
        20, ge=0, description="pause when this few requests remain in the budget"
    )
    max_wait: float = Field(3900.0, gt=0, description="longest single wait for a budget reset")
    timeout: float = Field(30.0, gt=0, description="seconds per request")
    unreachable_after: float = Field(
        60.0, gt=0, description="seconds of only connection failures before the crawl fails"
    )
    max_people: int | None = Field(None, ge=1)
    max_requests: int | None = Field(None, ge=1)
    absent_recheck_days: float = Field(
        7.0, ge=0, description="days before asking again for a file that was not there"
    )
    redis_prefix: str = Field("talent", description="key prefix of distributed crawl state")
    lease_seconds: float = Field(
        30.0,
        ge=1,
        description="a distributed worker silent this long is dead: its requests are re-queued",
    )


class IndexSettings(BaseModel):
    """Embedding model and vector index."""

    model: str = Field("packaged:all-MiniLM-L6-v2", description="'packaged:…' or a local path")
    device: Literal["cpu", "cuda"] = "cpu"
    batch_size: int = Field(64, ge=1, le=4096)
    max_doc_chars: int = Field(2000, ge=200, le=100_000)
    collection: str = Field("people", pattern=r"^[A-Za-z0-9_-]+$")


class Settings(BaseSettings):
    """Everything configurable, with its source precedence handled by pydantic-settings."""

    model_config = SettingsConfigDict(
        env_prefix="TALENT_",
        env_nested_delimiter="__",
        extra="forbid",
        validate_default=True,
    )

    home: Path = Field(default_factory=lambda: _default_home())
    database_url: str | None = Field(None, description="SQLAlchemy URL; default SQLite in home")
    qdrant_url: str | None = Field(None, description="Qdrant server; default embedded engine")
    qdrant_api_key: SecretStr | None = None
    redis_url: str = "redis://127.0.0.1:6379/0"
    upstream: str | None = Field(None, description="simulator base URL for GitHub and HF")
    github_api_url: str = REAL_GITHUB_API
    hf_endpoint: str = REAL_HF_ENDPOINT
    github_token: SecretStr | None = Field(
        None, validation_alias=AliasChoices("GITHUB_TOKEN", "TALENT_GITHUB_TOKEN", "github_token")
    )
    hf_token: SecretStr | None = Field(
        None, validation_alias=AliasChoices("HF_TOKEN", "TALENT_HF_TOKEN", "hf_token")
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    crawl: CrawlSettings = Field(default_factory=CrawlSettings)
    index: IndexSettings = Field(default_factory=IndexSettings)

    @field_validator("upstream", "github_api_url", "hf_endpoint", "qdrant_url")
    @classmethod
    def _strip_slash(cls, value: str | None) -> str | None:
        return value.rstrip("/") if value else value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = InitSettingsSource(settings_cls, init_kwargs=_settings_from_toml())
        return (init_settings, env_settings, toml)

    # Derived locations -------------------------------------------------------------------
    @cached_property
    def sqlalchemy_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home / 'talent.db'}"

    @property
    def vectors_path(self) -> Path:
        return self.home / "vectors"

    @property
    def models_path(self) -> Path:
        return self.home / "models"

    @property
    def reports_path(self) -> Path:
        return self.home / "reports"

    @property
    def github_base(self) -> str:
        """API root the crawler and PyGithub talk to (the simulator when ``upstream`` is set)."""
        return self.upstream or self.github_api_url

    @property
    def hf_base(self) -> str:
        return self.upstream or self.hf_endpoint

    @property
    def effective_concurrency(self) -> int:
        return self.crawl.simulator_concurrency if self.upstream else self.crawl.concurrency

    def ensure_home(self) -> Path:
        self.home.mkdir(parents=True, exist_ok=True)
        return self.home


def _default_home() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("talent", appauthor=False))


def _settings_from_toml() -> dict[str, Any]:
    path = config_dir() / SETTINGS_FILE
    if not path.exists():
        return {}
    data = load_toml(path)
    leaked = _SECRET_KEYS & set(data)
    if leaked:
        raise ConfigError(
            f"{path} sets {', '.join(sorted(leaked))}; tokens come only from the environment",
            "delete the key from the file and export GITHUB_TOKEN / HF_TOKEN instead",
        )
    return data


def load_settings(**overrides: Any) -> Settings:
    """Build the settings; ``overrides`` are CLI flags (``None`` means "not given")."""
    given = {key: value for key, value in overrides.items() if value is not None}
    try:
        return Settings(**given)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'settings'}: {err['msg']}"
            for err in exc.errors()
        )
        raise ConfigError(
            f"invalid settings: {problems}",
            f"check {config_dir() / SETTINGS_FILE}, TALENT_* variables and the flags you passed",
        ) from None
