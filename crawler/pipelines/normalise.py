"""Second pipeline: tidies text and adds the normalised country/city to GitHub profiles.

The raw location text stays as written; ``country`` (ISO 3166 alpha-2) and ``city`` come from
the reviewed gazetteer, or stay empty rather than guessed.
"""

from __future__ import annotations

from typing import Any

from talent.geo import normalise_location
from talent.store.items import GithubAccountItem, HfAccountItem

_TEXT_FIELDS = ("name", "company", "blog", "location", "email", "bio", "twitter_username")


class NormalisePipeline:
    def process_item(self, item: Any) -> Any:
        if isinstance(item, GithubAccountItem):
            for name in _TEXT_FIELDS:
                value = getattr(item, name)
                if isinstance(value, str):
                    setattr(item, name, value.strip() or None)
            place = normalise_location(item.location)
            item.country, item.city = place.country, place.city
        elif isinstance(item, HfAccountItem):
            for name in ("fullname", "details"):
                value = getattr(item, name)
                if isinstance(value, str):
                    setattr(item, name, value.strip() or None)
        return item
