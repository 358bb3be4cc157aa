"""``talent upstream …``: the GitHub + Hugging Face simulator and its worlds."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import click

from talent.errors import ConfigError, UpstreamError


@click.group()
def upstream() -> None:
    """Generate simulated worlds and serve them as GitHub and Hugging Face APIs.

    Tests, the demo and benchmarks crawl this simulator on loopback instead of the real
    services. See docs/world-format.md for the world format.

    \b
    Examples:
      talent upstream generate --people 2000 --seed 7 --out world/
      talent upstream serve --world world/ --port 8700
      talent upstream stats --url http://127.0.0.1:8700
    """


@upstream.command()
@click.option(
    "--world",
    "world_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="World directory to serve. Example: --world world/",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Example: --host 127.0.0.1")
@click.option(
    "--port",
    default=0,
    type=click.IntRange(0, 65535),
    show_default=True,
    help="TCP port; 0 picks a free one. Example: --port 8700",
)
@click.option(
    "--faults",
    default="",
    metavar="SPEC",
    help="Injected faults as NAME=PROBABILITY pairs: 500, 502, 503, reset, slow, truncate, "
    "malformed, secondary, 401 (token rejected); slow_seconds=S. "
    "Example: --faults 500=0.05,reset=0.02,slow=0.01",
)
@click.option(
    "--seed", default=0, show_default=True, help="Seed for fault injection. Example: --seed 42"
)
@click.option(
    "--core-limit",
    default=5000,
    show_default=True,
    help="GitHub requests per window per token. Example: --core-limit 100",
)
@click.option(
    "--anon-limit",
    default=60,
    show_default=True,
    help="GitHub requests per window without a token. Example: --anon-limit 60",
)
@click.option(
    "--search-limit",
    default=30,
    show_default=True,
    help="GitHub search requests per minute. Example: --search-limit 30",
)
@click.option(
    "--window",
    default=3600.0,
    show_default=True,
    help="Seconds of the GitHub core budget window. Example: --window 10",
)
@click.option(
    "--hf-limit",
    default=1000,
    show_default=True,
    help="Hub API requests per HF window. Example: --hf-limit 500",
)
@click.option(
    "--hf-window",
    default=300.0,
    show_default=True,
    help="Seconds of the Hub's fixed rate-limit window. Example: --hf-window 300",
)
@click.option(
    "--max-concurrency",
    default=100,
    show_default=True,
    help="Concurrent requests per token above which the secondary limit answers. "
    "Example: --max-concurrency 8",
)
@click.option(
    "--port-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the bound base URL to this file once listening. Example: --port-file url.txt",
)
def serve(
    world_dir: Path,
    host: str,
    port: int,
    faults: str,
    seed: int,
    core_limit: int,
    anon_limit: int,
    search_limit: int,
    window: float,
    hf_limit: int,
    hf_window: float,
    max_concurrency: int,
    port_file: Path | None,
) -> None:
    """Serve a world as GitHub REST v3 and the Hugging Face Hub API until interrupted.

    \b
    Examples:
      talent upstream serve --world world/ --port 8700
      talent upstream serve --world world/ --faults 500=0.1,reset=0.02 --seed 3
      GITHUB_API_URL=http://127.0.0.1:8700 python -c "import github; ..."
    """
    from talent.upstream.faults import parse_faults
    from talent.upstream.server import Simulator, SimulatorConfig
    from talent.upstream.world import load_world

    try:
        fault_spec = parse_faults(faults)
    except ValueError as exc:
        raise ConfigError(str(exc), "see `talent upstream serve --help` for fault names") from None
    world = load_world(world_dir)
    config = SimulatorConfig(
        host=host,
        port=port,
        seed=seed,
        faults=fault_spec,
        core_limit=core_limit,
        anon_limit=anon_limit,
        search_limit=search_limit,
        window=window,
        hf_limit=hf_limit,
        hf_window=hf_window,
        max_concurrency=max_concurrency,
    )
    simulator = Simulator(world, config)
    try:
        simulator.start()
    except OSError as exc:
        raise UpstreamError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}",
            "pick another --port, or 0 for a free one",
        ) from None
    click.echo(f"serving {world_dir} at {simulator.base_url} (Ctrl-C to stop)", err=True)
    if port_file:
        port_file.write_text(simulator.base_url + "\n")
    try:
        simulator.wait()
    except KeyboardInterrupt:
        pass
    finally:
        simulator.stop()


@upstream.command()
@click.option(
    "--people",
    default=2000,
    show_default=True,
    type=click.IntRange(1, 1_000_000),
    help="How many people. Example: --people 100000",
)
@click.option("--seed", default=7, show_default=True, help="Random seed. Example: --seed 7")
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Output directory (created). Example: --out world/",
)
@click.option(
    "--now",
    default="2026-11-26",
    show_default=True,
    help="The world's present (UTC date); same seed + same now = same bytes. "
    "Example: --now 2026-11-26",
)
@click.option("--force", is_flag=True, help="Overwrite a non-empty --out. Example: --force")
def generate(people: int, seed: int, out: Path, now: str, force: bool) -> None:
    """Write a deterministic, realistic world of engineers, repositories and HF artifacts.

    \b
    Examples:
      talent upstream generate --people 2000 --out world/
      talent upstream generate --people 100000 --seed 1 --out big-world/ --force
    """
    from talent.upstream.generate import generate_world

    try:
        present = datetime.fromisoformat(now).replace(tzinfo=UTC)
    except ValueError:
        raise ConfigError(f"--now {now!r} is not a date", "use YYYY-MM-DD") from None
    if out.exists() and any(out.iterdir()) and not force:
        raise ConfigError(f"{out} is not empty", "pass --force to overwrite it")
    summary = generate_world(out, people=people, seed=seed, now=present)
    click.echo(json.dumps(summary, indent=2, sort_keys=True))


@upstream.command()
@click.option(
    "--url",
    required=True,
    help="Base URL of a running simulator. Example: --url http://127.0.0.1:8700",
)
@click.option("--json", "as_json", is_flag=True, help="Print raw JSON. Example: --json")
def stats(url: str, as_json: bool) -> None:
    """Print what a running simulator has served: requests by status, endpoint and token.

    \b
    Example:
      talent upstream stats --url http://127.0.0.1:8700
    """
    from talent.upstream.server import fetch_stats

    data = fetch_stats(url)
    if as_json:
        click.echo(json.dumps(data, indent=2, sort_keys=True))
        return
    click.echo(
        f"requests: {data['requests']:,}   charged: {data['charged']:,}"
        f"   not modified: {data.get('not_modified', 0):,}"
    )
    for section in ("by_status", "by_endpoint", "by_token", "faults", "limited"):
        if section not in data:
            continue
        click.echo(f"{section}:")
        for key, value in sorted(data[section].items(), key=lambda kv: -kv[1]):
            click.echo(f"  {key:<40} {value:>8,}")
