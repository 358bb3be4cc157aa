"""Two `talent crawl` processes on one SQLite home: the second is refused at once, naming
the first, and the store holds no person without an account (issue 10, defect 4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from crawl_support import (
    NOW,
    Running,
    crawl_command,
    crawl_env,
    database_url,
    simulator,
    small_config,
    wait_until,
)
from sqlalchemy import create_engine, text

from talent.upstream.generate import generate_world

pytestmark = pytest.mark.slow

ACCOUNTLESS = """
SELECT count(*) FROM people p
WHERE NOT EXISTS (SELECT 1 FROM github_accounts g WHERE g.person_id = p.id)
  AND NOT EXISTS (SELECT 1 FROM hf_accounts h WHERE h.person_id = p.id)
"""


def count(url: str, sql: str) -> int:
    engine = create_engine(url)
    with engine.connect() as conn:
        value = conn.execute(text(sql)).scalar_one()
    engine.dispose()
    return value


def test_a_second_crawl_of_one_sqlite_home_is_refused_at_once(tmp_path: Path) -> None:
    world = tmp_path / "world"
    generate_world(world, people=40, seed=5, now=NOW)
    config = small_config(tmp_path / "config")
    home = tmp_path / "home"
    # Every answer takes half a second: the first crawl is surely still running when the
    # second one starts.
    with simulator(world, faults="slow=1.0,slow_seconds=0.5") as sim:
        first = Running(crawl_command(sim.base_url), crawl_env(home, config))
        wait_until(lambda: sim.in_flight.total() > 0, what="the first crawl's requests")
        second = Running(crawl_command(sim.base_url), crawl_env(home, config))
        refused = second.exits_within(300)
        overlapped = first.proc.poll() is None
        status = first.exits_within(300)
    assert refused == 75, f"the second crawl exited {refused}:\n{second.stderr[-3000:]}"
    assert overlapped, "the first crawl had ended before the second was refused"
    assert status == 0, first.stderr[-3000:]
    assert "Traceback" not in second.stderr
    message = second.stderr.strip().splitlines()
    assert message[0].startswith("Error: talent crawl cannot start: talent crawl (pid "), message
    assert f"pid {first.proc.pid} " in message[0] and "is already writing to" in message[0]
    assert "kill -TERM" in message[1] and "--distributed" in message[1]
    url = database_url(home)
    assert count(url, "SELECT count(*) FROM people") > 0
    assert count(url, ACCOUNTLESS) == 0
    assert count(url, "SELECT count(*) FROM crawl_runs") == 1  # the second recorded nothing
