"""The project installs as one import namespace (``talent``), with every package folder and
the migrations in the wheel, and its layer rules hold on the installed layout."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("talent", "crawler", "indexer", "search", "upstream")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PIP_WHEEL = (sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built from a copy so the checkout gets no build folders."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for name in SOURCES:
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [*PIP_WHEEL, "-w", str(dist), str(src)],
        check=True,
        capture_output=True,
    )
    return next(dist.glob("talent-*.whl"))


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel unpacked, as site-packages would hold it."""
    site = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    return site


def _names(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


def test_the_wheel_adds_one_import_namespace(wheel: Path) -> None:
    tops = {name.split("/")[0] for name in _names(wheel)}
    assert tops == {"talent", "talent-0.1.0.dist-info"}


def test_every_package_folder_is_in_the_wheel_under_talent(wheel: Path) -> None:
    names = set(_names(wheel))
    mapping = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    folders = {folder: package for package, folder in mapping["package-dir"].items()}
    expected = set()
    for source in SOURCES:
        for init in (ROOT / source).rglob("__init__.py"):
            if "__pycache__" in init.parts:
                continue
            inside = init.relative_to(ROOT / source).parent.parts
            expected.add("/".join([*folders[source].split("."), *inside, "__init__.py"]))
    missing = sorted(expected - names)
    assert not missing, f"add these packages to [tool.setuptools] packages: {missing}"


def test_the_migrations_ship_with_the_store(wheel: Path) -> None:
    names = set(_names(wheel))
    assert "talent/store/migrations/env.py" in names
    versions = sorted((ROOT / "talent/store/migrations/versions").glob("*.py"))
    assert versions and all(f"talent/store/migrations/versions/{v.name}" in names for v in versions)


def _lint(site: Path) -> subprocess.CompletedProcess[str]:
    shutil.copy(ROOT / "pyproject.toml", site / "pyproject.toml")
    return subprocess.run(
        [str(LINT_IMPORTS), str(site / "pyproject.toml"), "--no-cache"],
        cwd=site,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
    )


def test_the_layer_rules_hold(installed: Path) -> None:
    result = _lint(installed)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout and "4 kept" in result.stdout


@pytest.mark.parametrize(
    ("module", "target"),
    [
        ("talent.indexer._probe", "talent.search.ranking"),  # a stage importing a sibling
        ("talent.search._probe", "talent.indexer.run"),  # beyond the vector/query API
        ("talent.store._probe", "talent.crawler.parse"),  # the core importing a stage
        ("talent.cli._probe", "talent.crawler.runner"),  # the CLI skipping the app
        ("talent.upstream._probe", "talent.app.search"),  # the simulator importing the app
        ("talent.search._probe", "talent.upstream.world"),  # a stage importing the simulator
    ],
)
def test_a_broken_rule_is_reported(
    installed: Path, tmp_path: Path, module: str, target: str
) -> None:
    site = tmp_path / "site"
    shutil.copytree(installed, site)
    (site / Path(*module.split("."))).with_suffix(".py").write_text(f"import {target}\n")
    result = _lint(site)
    assert result.returncode != 0
    assert f"{module} -> {target}" in result.stdout
