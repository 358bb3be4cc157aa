"""Settings precedence: defaults < config/talent.toml < environment < CLI flags; secrets masked."""

from __future__ import annotations

from pathlib import Path

import pytest

from talent.errors import ConfigError
from talent.settings import REAL_GITHUB_API, load_settings, load_toml


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    folder.mkdir()
    monkeypatch.setenv("TALENT_CONFIG_DIR", str(folder))
    return folder


def test_defaults_point_at_the_real_services(config_dir: Path, talent_home: Path) -> None:
    settings = load_settings()
    assert settings.github_base == REAL_GITHUB_API
    assert settings.hf_base == "https://huggingface.co"
    assert settings.home == talent_home
    assert settings.sqlalchemy_url == f"sqlite:///{talent_home / 'talent.db'}"
    assert settings.effective_concurrency == settings.crawl.concurrency


def test_precedence_toml_then_env_then_flags(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (config_dir / "talent.toml").write_text(
        'log_level = "DEBUG"\nupstream = "http://toml:1"\n[crawl]\nconcurrency = 3\ntimeout = 7.5\n'
    )
    settings = load_settings()
    assert (settings.log_level, settings.upstream, settings.crawl.concurrency) == (
        "DEBUG",
        "http://toml:1",
        3,
    )
    monkeypatch.setenv("TALENT_UPSTREAM", "http://env:2/")
    monkeypatch.setenv("TALENT_CRAWL__CONCURRENCY", "5")
    settings = load_settings()
    assert settings.upstream == "http://env:2"
    assert settings.crawl.concurrency == 5
    assert settings.crawl.timeout == 7.5  # the TOML value survives a partial env override
    settings = load_settings(upstream="http://flag:3", crawl={"concurrency": 7})
    assert settings.upstream == "http://flag:3"
    assert settings.crawl.concurrency == 7
    assert settings.github_base == settings.hf_base == "http://flag:3"


def test_tokens_come_from_the_environment_and_are_masked(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    canary = "ghp_canary_0123456789abcdef"
    monkeypatch.setenv("GITHUB_TOKEN", canary)
    monkeypatch.setenv("HF_TOKEN", "hf_canary_token")
    settings = load_settings()
    assert settings.github_token is not None
    assert settings.github_token.get_secret_value() == canary
    assert canary not in repr(settings)
    assert canary not in str(settings.model_dump())
    assert "hf_canary_token" not in repr(settings)


def test_a_token_in_a_config_file_is_refused(config_dir: Path) -> None:
    (config_dir / "talent.toml").write_text('github_token = "ghp_leaked"\n')
    with pytest.raises(ConfigError) as err:
        load_settings()
    assert "environment" in str(err.value)
    assert "ghp_leaked" not in str(err.value)


def test_corrupt_toml_names_file_and_line(config_dir: Path) -> None:
    (config_dir / "talent.toml").write_text('log_level = "INFO"\n[crawl\nconcurrency = 2\n')
    with pytest.raises(ConfigError) as err:
        load_settings()
    assert "talent.toml" in str(err.value)
    assert "line 2" in str(err.value)


def test_invalid_values_name_the_key(config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TALENT_CRAWL__CONCURRENCY", "lots")
    with pytest.raises(ConfigError) as err:
        load_settings()
    assert "crawl.concurrency" in str(err.value)


def test_unknown_keys_are_rejected(config_dir: Path) -> None:
    (config_dir / "talent.toml").write_text("concurency = 3\n")
    with pytest.raises(ConfigError) as err:
        load_settings()
    assert "concurency" in str(err.value)


def test_reference_toml_is_cached_by_content_and_settings_never_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config_dir: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    cached = tmp_path / "cache" / "talent" / "config"
    source = tmp_path / "places.toml"
    source.write_text('[a]\nname = "Minsk"\n')
    assert load_toml(source, cached=True) == {"a": {"name": "Minsk"}}
    (entry,) = cached.iterdir()
    assert load_toml(source, cached=True) == {"a": {"name": "Minsk"}}  # read from the cache
    entry.write_bytes(b"not a pickle")  # a damaged entry is parsed again, and replaced
    assert load_toml(source, cached=True) == {"a": {"name": "Minsk"}}
    source.write_text('[a]\nname = "Gomel"\n')  # new bytes, a new entry: never stale
    assert load_toml(source, cached=True) == {"a": {"name": "Gomel"}}
    assert len(list(cached.iterdir())) == 2
    source.write_text("[a\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_toml(source, cached=True)
    # the settings file is never cached: it is where a misplaced token would be
    (config_dir / "talent.toml").write_text('log_level = "DEBUG"\n')
    assert load_settings().log_level == "DEBUG"
    assert len(list(cached.iterdir())) == 2
