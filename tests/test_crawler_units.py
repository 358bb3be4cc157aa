"""Pure pieces of the crawler: Link headers, rate-limit headers, backoff, item validation."""

from __future__ import annotations

import asyncio
import json
import random
import signal
import threading
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.settings import Settings as ScrapySettings

from talent.crawler import parse, ratelimit
from talent.crawler.backoff import backoff_delay
from talent.crawler.spiders.base import link_rels
from talent.crawler.stop import RequestInterrupted, Stop
from talent.store.items import (
    InvalidItem,
)

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"


def fixture(name: str) -> dict:
    path = FIXTURES / name
    if not path.exists():
        pytest.skip(f"{path} is missing (it comes from ../shared)")
    return json.loads(path.read_text())


def headers_of(recording: dict) -> dict[str, str]:
    return {k.lower(): str(v) for k, v in recording["response_headers"].items()}


def test_link_header_next_last_and_templated_first() -> None:
    page1 = fixture("github/search-users-page1.json")
    rels = link_rels(headers_of(page1)["link"])
    assert set(rels) == {"next", "last"}
    page2 = link_rels(headers_of(fixture("github/search-users-page2.json"))["link"])
    assert set(page2) == {"next", "last", "first", "prev"}
    users = link_rels(headers_of(fixture("github/users-list-since-pagination.json"))["link"])
    assert "since=" in users["next"] and "first" not in users  # /users{?since} is a template
    assert link_rels(None) == {} and link_rels("") == {}


def test_github_budget_from_a_recorded_response() -> None:
    budget = ratelimit.github_budget(headers_of(fixture("github/user-profile.json")))
    assert budget.remaining == 4996 and budget.reset_at == 1735944560.0


def test_primary_exhaustion_without_reset_header() -> None:
    recorded = fixture("github/rate-limited-403.json")
    headers = headers_of(recorded)
    assert ratelimit.is_primary_exhausted(recorded["status"], headers)
    assert ratelimit.github_budget(headers).reset_at is None  # 2013: no reset header


def test_secondary_limit_is_told_apart_by_retry_after_and_message() -> None:
    recorded = fixture("github/secondary-rate-limit-403-retry-after.json")
    headers = headers_of(recorded)
    body = json.dumps(recorded["body"]).encode()
    assert ratelimit.is_secondary_limit(403, headers, body)
    assert ratelimit.retry_after(headers) == 60
    assert not ratelimit.is_primary_exhausted(403, headers)
    assert ratelimit.is_secondary_limit(
        403, {}, b'{"message": "You have exceeded a secondary rate limit"}'
    )
    assert not ratelimit.is_secondary_limit(403, {}, b'{"message": "Forbidden"}')
    assert not ratelimit.is_secondary_limit(500, {"retry-after": "1"}, b"")


def test_hf_ratelimit_header() -> None:
    budget = ratelimit.hf_budget({"ratelimit": '"api";r=12;t=40'}, now=1000.0)
    assert budget == ratelimit.Budget(12, 1040.0)
    assert ratelimit.hf_budget({}, now=0).remaining is None


def test_search_has_its_own_bucket() -> None:
    assert ratelimit.bucket_for("github", "/search/users") == "github:search"
    assert ratelimit.bucket_for("github", "/users/x") == "github:core"
    assert ratelimit.bucket_for("hf", "/api/models") == "hf:core"


def test_backoff_grows_is_jittered_and_capped() -> None:
    rng = random.Random(1)
    delays = [backoff_delay(n, 0.5, 10, rng) for n in range(1, 10)]
    assert delays[0] <= 0.5 and delays[3] > delays[0]
    assert max(delays) <= 10
    assert len({round(d, 6) for d in delays}) == len(delays)


def test_items_from_real_recordings_validate() -> None:
    user = parse.github_account(fixture("github/user-profile.json")["body"], "u")
    user.validate()
    assert user.login == "jacquev6" and user.created_at.year == 2010
    org = parse.github_account(
        fixture("github/user-profile-organization-account.json")["body"], "u"
    )
    org.validate()
    assert org.type == "Organization" and org.location is None
    repo = parse.repository(fixture("github/repo.json")["body"], "u")
    repo.validate()
    assert repo.full_name == "PyGithub/PyGithub" and repo.owner is not None
    model = parse.hf_artifact(fixture("huggingface/model-info-gated.json")["body"], "u", "model")
    model.validate()
    assert model.gated == "manual" and model.author == "meta-llama"


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ({"login": "x"}, "'id' is missing"),
        ({"id": 3, "login": "has space"}, "'login'"),
        ({"id": "3", "login": "x"}, "'id'"),
        ({"id": 3, "login": "bad\ud800"}, "'login'"),
        ({"id": 3, "login": "x", "type": "Robot"}, "unknown account type"),
    ],
)
def test_bad_github_payloads_are_rejected_with_a_reason(payload: dict, reason: str) -> None:
    item = parse.github_account(payload, "https://api.example/users/x")
    with pytest.raises(InvalidItem, match=reason):
        item.validate()


def test_nulls_are_fine_where_github_sends_them() -> None:
    item = parse.github_account(
        {"id": 1, "login": "a", "name": None, "bio": None, "hireable": None, "followers": None},
        "u",
    )
    item.validate()
    assert item.followers == 0


def test_hf_overview_orgs_must_have_names() -> None:
    ok = parse.hf_account({"user": "a", "orgs": [{"name": "o"}]}, "u", "user")
    ok.validate()
    assert ok.orgs == ["o"]
    unnamed = parse.hf_account({"user": "a", "orgs": [{"name": "o"}, {"x": 1}]}, "u", "user")
    assert unnamed.validate() and unnamed.orgs == ["o"], "the account stays, less the org"
    with pytest.raises(InvalidItem):
        parse.hf_account({"user": "has space"}, "u", "user").validate()


REQUEST = Request("http://127.0.0.1:1/users/octocat")


def test_a_stop_ends_an_hour_long_wait_when_thrown_from_another_thread() -> None:
    async def scenario() -> Stop:
        stop = Stop()
        await stop.sleep(0.01, REQUEST)  # not stopped: an ordinary sleep
        # As a signal handler does: from outside the loop's callbacks, via call_soon_threadsafe.
        threading.Timer(0.1, stop.set, args=(signal.SIGTERM,)).start()
        with pytest.raises(RequestInterrupted):
            await asyncio.wait_for(stop.sleep(3600, REQUEST), 10)
        with pytest.raises(RequestInterrupted):  # and every later request at once
            await stop.sleep(5, REQUEST)
        return stop

    stop = asyncio.run(scenario())
    assert stop.signum == signal.SIGTERM and stop.dropped == 2


def test_a_stop_cancels_the_work_it_races() -> None:
    async def scenario() -> tuple[str, list[str]]:
        stop = Stop()
        done = await stop.race(asyncio.sleep(0, result="body"), REQUEST)
        seen: list[str] = []

        async def hung_download() -> None:
            try:
                await asyncio.Event().wait()
            except asyncio.CancelledError:
                seen.append("cancelled")  # where a download closes its connection
                raise

        asyncio.get_running_loop().call_later(0.1, stop.set, signal.SIGINT)
        with pytest.raises(RequestInterrupted, match="left for --resume"):
            await asyncio.wait_for(stop.race(hung_download(), REQUEST), 10)
        return done, seen

    assert asyncio.run(scenario()) == ("body", ["cancelled"])


def test_every_copy_of_the_scrapy_settings_shares_the_one_stop() -> None:
    stop = Stop()
    copied = ScrapySettings({"TALENT_STOP": stop}).copy()  # what each Crawler does
    assert copied["TALENT_STOP"] is stop
