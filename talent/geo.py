"""Free-text locations to a country and a city, and ``--country/--location`` filters.

The data is ``config/gazetteer.toml``; this module only reads it (once per path) and matches.

How ``normalise_location`` decides, so that it never guesses:

- Case, diacritics and scripts are folded ("Kraków" = "Krakow", "Могилёв" = "Могилев") and
  names are matched as whole words, longest first ("San Francisco Bay Area" before "Bay Area").
- Flags count as the country they show (🇧🇾, and 🤍❤️🤍 listed as a symbol of Belarus).
- Two-letter codes count only as a whole part of the text: "BY", "Minsk, BY", never "made by".
  After a place ("Austin, TX", "San Francisco, CA") a code that is also a US state is read as
  the state first; standing alone ("CA") it is the country.
- Relocations: the current place wins. "Minsk → Warsaw" and "Minsk, now Warsaw" give Warsaw;
  a place after "ex-", "formerly", "born in" is ignored; a place after "from" is used only when
  nothing else is named ("From Minsk, living in Vilnius" gives Vilnius). Everything before an
  arrow is in the past, so "Minsk → Remote" gives no country.
- Otherwise each place named votes for its possible countries ("Atlanta, Georgia": Atlanta is
  in the US and Georgia may be the US state, so US). Ties go to a country named outright (a
  country, state, code or flag: "Minsk, Poland" gives Poland), then to the first place named
  and that name's declared default (``[ambiguous]``: "Brest" alone is Brest, Belarus).
- "Remote", "Earth", blank and anything unknown give ``Place(country=None, city=None)``.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from talent.errors import ConfigError
from talent.settings import config_dir, load_toml
from talent.taxonomy import validate_config

GAZETTEER_FILE = "gazetteer.toml"
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]


@dataclass(frozen=True, slots=True)
class Place:
    """A normalised location: ISO 3166-1 alpha-2 ``country``, canonical English ``city``."""

    country: str | None = None
    city: str | None = None
    raw: str | None = None


@dataclass(frozen=True, slots=True)
class PlaceFilter:
    """What a ``--country``/``--location`` value selects: any of ``countries``, and the city."""

    countries: tuple[str, ...]
    city: str | None = None

    def matches(self, place: Place) -> bool:
        if place.country not in self.countries:
            return False
        return self.city is None or place.city == self.city


# The file --------------------------------------------------------------------------------
class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CountrySpec(_Frozen):
    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    symbols: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    cities: dict[str, tuple[str, ...]] = {}


class RelocationMarkers(_Frozen):
    current: tuple[str, ...] = ()
    past: tuple[str, ...] = ()
    weak_past: tuple[str, ...] = ()


class GazetteerFile(_Frozen):
    version: Literal[1] = 1
    unknown: tuple[str, ...] = ()
    ambiguous: dict[str, CountryCode] = {}
    us_states: dict[CountryCode, str] = {}
    relocation: RelocationMarkers = RelocationMarkers()
    regions: dict[str, tuple[CountryCode, ...]] = {}
    countries: dict[CountryCode, CountrySpec]

    @model_validator(mode="after")
    def _codes_exist(self) -> GazetteerFile:
        if "US" not in self.countries and self.us_states:
            raise ValueError("us_states needs a [countries.US] table")
        for region, codes in self.regions.items():
            missing = sorted(set(codes) - set(self.countries))
            if missing:
                raise ValueError(f"region {region!r} names countries not listed: {missing}")
        for alias, code in self.ambiguous.items():
            if code not in self.countries:
                raise ValueError(f"ambiguous.{alias} names {code!r}, which is not listed")
        return self


# Folding and tokens ----------------------------------------------------------------------
_FOLD = str.maketrans({"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ı": "i"})
_MARKS = re.compile("[\u0300-\u036f]")
_FLAG = "[\U0001f1e6-\U0001f1ff]{2}|\U0001f3f4[\U000e0061-\U000e007a]{2,}\U000e007f?"
_TOKEN = re.compile(f"{_FLAG}|[^\\W_]+")
_ARROW = {"->", "=>", "→", "⟶", "➡", "⇒", ">", "»"}
# Hard separators end a place; commas only separate its parts ("Gomel, Belarus").
_SPLIT = re.compile(r"(->|=>|→|⟶|➡|⇒|>|»|/|\||;|·|•|\(|\)|\[|\]|\+|&|\n|\s[-–—]\s|[–—])")


def fold(text: str) -> str:
    """Lower case without diacritics; other scripts kept as they are."""
    if text.isascii():
        return text.lower()
    text = text.translate(_FOLD).casefold()
    return _MARKS.sub("", unicodedata.normalize("NFKD", text))


def _key(text: str) -> str:
    return " ".join(_TOKEN.findall(fold(text)))


def _words_of(piece: str) -> tuple[list[str], set[int]]:
    """The words of one place and the indices of those that make up a comma part alone."""
    words: list[str] = []
    whole: set[int] = set()
    for part in piece.split(","):
        found = _TOKEN.findall(part)
        if len(found) == 1:
            whole.add(len(words))
        words += found
    return words, whole


def _flag_code(token: str) -> str | None:
    """The country a flag shows: 🇧🇾 gives BY; a subdivision flag (England's) its country."""
    if "\U0001f1e6" <= token[0] <= "\U0001f1ff":
        return "".join(chr(ord(ch) - 0x1F1E6 + ord("A")) for ch in token[:2])
    if token[0] == "\U0001f3f4":
        return "".join(chr(ord(ch) - 0xE0061 + ord("A")) for ch in token[1:3])
    return None


def _flag_of(code: str) -> str:
    return "".join(chr(0x1F1E6 + ord(ch) - ord("A")) for ch in code)


_PLACE_CUES = {"in", "from", "near", "based", "around", "at", "в", "из", "у", "з"}


@dataclass(frozen=True, slots=True)
class QueryPlaces:
    """The places a query names (``(words, filter)``, in order) and the one filter they make:
    every named country together; a city only when it is the one place named."""

    mentions: tuple[tuple[str, PlaceFilter], ...] = ()

    @property
    def filter(self) -> PlaceFilter | None:
        if not self.mentions:
            return None
        if len(self.mentions) == 1:
            return self.mentions[0][1]
        countries = (c for _, place in self.mentions for c in place.countries)
        return PlaceFilter(countries=tuple(dict.fromkeys(countries)))


# Compiled entries ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Entry:
    """What one name can mean: ``candidates`` (default first) and the city in each."""

    candidates: tuple[str, ...]
    cities: dict[str, str] = field(default_factory=dict)
    countries_named: frozenset[str] = frozenset()  # a country's own name or code
    states_named: bool = False  # a US state's name or code
    marker: str | None = None  # "current" | "past" | "weak_past" | "none"

    @property
    def explicit(self) -> frozenset[str]:
        return self.countries_named | {"US"} if self.states_named else self.countries_named


@dataclass(slots=True)
class _Mention:
    entry: _Entry
    status: int


_PAST, _WEAK, _NEUTRAL, _CURRENT = 0, 1, 2, 3
_MARKER_STATUS = {"past": _PAST, "weak_past": _WEAK}


class _EntryBuilder:
    """Collects every meaning of every name, then checks ambiguity against [ambiguous]."""

    def __init__(self) -> None:
        self.cities: dict[str, dict[str, str]] = {}
        self.countries: dict[str, dict[str, None]] = {}
        self.named: dict[str, set[str]] = {}
        self.states: set[str] = set()
        self.markers: dict[str, str] = {}

    def country(self, key: str, code: str) -> None:
        self.countries.setdefault(key, {})[code] = None
        self.named.setdefault(key, set()).add(code)

    def city(self, key: str, code: str, city: str) -> None:
        self.countries.setdefault(key, {})[code] = None
        self.cities.setdefault(key, {}).setdefault(code, city)

    def state(self, key: str) -> None:
        self.countries.setdefault(key, {})["US"] = None
        self.states.add(key)

    def build(self, ambiguous: dict[str, str], path: Path) -> dict[str, _Entry]:
        entries = {key: _Entry((), marker=kind) for key, kind in self.markers.items()}
        for key, codes in self.countries.items():
            if key in entries:
                raise ConfigError(
                    f"{path}: {key!r} is both a place and an unknown/marker phrase",
                    "remove it from one of the two lists",
                )
            entries[key] = self._entry(key, list(codes), ambiguous, path)
        return entries

    def _entry(self, key: str, codes: list[str], ambiguous: dict[str, str], path: Path) -> _Entry:
        if len(codes) > 1:
            default = ambiguous.get(key)
            if default not in codes:
                raise ConfigError(
                    f"{path}: {key!r} names places in {codes}; ambiguous.{key} must choose one",
                    f'add `"{key}" = "{codes[0]}"` (the default country) to [ambiguous]',
                )
            codes = [default, *(c for c in codes if c != default)]
        return _Entry(
            candidates=tuple(codes),
            cities=self.cities.get(key, {}),
            countries_named=frozenset(self.named.get(key, ())),
            states_named=key in self.states,
        )


class Gazetteer:
    """The compiled gazetteer: name index, codes, regions; ``normalise`` is cached."""

    def __init__(self, data: GazetteerFile, path: Path) -> None:
        self.data = data
        self.path = path
        self.names = {code: spec.name for code, spec in data.countries.items()}
        self.regions = {_key(r).replace(" ", "-"): codes for r, codes in data.regions.items()}
        self._symbols = {
            fold(s): f" {_flag_of(code)} " for code, c in data.countries.items() for s in c.symbols
        }
        self._unknown = {fold(u).strip() for u in data.unknown}
        self._codes = self._build_codes(data)
        self._index = self._build_index(data)
        self._starts: dict[str, int] = {}
        for key in self._index:
            first, n = key.split(" ", 1)[0], key.count(" ") + 1
            self._starts[first] = max(n, self._starts.get(first, 0))
        self.normalise = lru_cache(maxsize=100_000)(self._normalise)
        self._demonyms = {
            _key(d): code for code, spec in data.countries.items() for d in spec.demonyms
        }
        self._region_names = {key.replace("-", " "): key for key in self.regions}

    # building ------------------------------------------------------------------------
    @staticmethod
    def _build_codes(data: GazetteerFile) -> dict[str, tuple[str | None, bool]]:
        """lower-case code -> (country it names or None, whether it is a US state code)."""
        codes: dict[str, tuple[str | None, bool]] = {}
        for code, spec in data.countries.items():
            for text in (code, *spec.codes):
                codes[_key(text)] = (code, False)
        for state in data.us_states:
            country = codes.get(_key(state), (None, False))[0]
            codes[_key(state)] = (country, True)
        return codes

    def _build_index(self, data: GazetteerFile) -> dict[str, _Entry]:
        builder = _EntryBuilder()
        for code, spec in data.countries.items():
            for name in (spec.name, *spec.aliases):
                builder.country(_key(name), code)
            for city, aliases in spec.cities.items():
                for name in (city, *aliases):
                    builder.city(_key(name), code, city)
        for name in data.us_states.values():
            builder.state(_key(name))
        for kind, phrases in data.relocation:
            builder.markers.update({_key(p): kind for p in phrases if _key(p)})
        builder.markers.update({_key(u): "none" for u in data.unknown if _key(u)})
        builder.markers.pop("", None)
        ambiguous = {_key(k): v for k, v in data.ambiguous.items()}
        return builder.build(ambiguous, self.path)

    # normalising ---------------------------------------------------------------------
    def _normalise(self, text: str | None) -> Place:
        if text is None:
            return Place(raw=None)
        folded = fold(text).strip()
        if not folded or folded in self._unknown:
            return Place(raw=text)
        if not folded.isascii():
            for symbol, flag in self._symbols.items():
                folded = folded.replace(symbol, flag)
        country, city = _decide(self._mentions(folded))
        return Place(country=country, city=city, raw=text)

    def _mentions(self, folded: str) -> list[_Mention]:
        """Each place named, in order, with its relocation status."""
        mentions: list[_Mention] = []
        mode, first_group = _NEUTRAL, True
        for piece in _SPLIT.split(folded):
            if piece.strip() in _ARROW:
                for m in mentions:
                    m.status = _PAST
                mode = _CURRENT
                continue
            words, whole = _words_of(piece)
            if not words:
                continue
            pending: tuple[int, int] | None = None  # (status, word index it must start at)
            for start, end, entry in self._match(words, whole, first_group):
                if entry.marker in _MARKER_STATUS:
                    if not (pending and pending[0] == _PAST and start == pending[1]):
                        pending = (_MARKER_STATUS[entry.marker], end)
                elif entry.marker == "current":
                    mode, pending = _CURRENT, None
                elif entry.marker is None:
                    applies = pending is not None and pending[1] == start
                    mentions.append(_Mention(entry, pending[0] if applies else mode))
                    pending = None
            first_group = False
        return mentions

    def _match(
        self, words: list[str], whole: set[int], first_group: bool
    ) -> Iterator[tuple[int, int, _Entry]]:
        """(start, end, entry): names longest first, then flags and whole-part codes."""
        i = 0
        while i < len(words):
            for n in range(min(self._starts.get(words[i], 0), len(words) - i), 0, -1):
                entry = self._index.get(" ".join(words[i : i + n]))
                if entry is not None:
                    yield i, i + n, entry
                    i += n
                    break
            else:
                entry = self._single(words[i], i in whole, standalone=first_group and i == 0)
                if entry is not None:
                    yield i, i + 1, entry
                i += 1

    def _single(self, word: str, whole_part: bool, standalone: bool) -> _Entry | None:
        """A flag anywhere, or a code that makes up a comma part on its own."""
        if not word.isascii():
            code = _flag_code(word)
            if code is not None:
                return (
                    _Entry((code,), countries_named=frozenset({code}))
                    if code in self.names
                    else None
                )
        if not whole_part or word not in self._codes:
            return None
        country, state = self._codes[word]
        if country and state:  # "CA": Canada standing alone, California after a place
            order = (country, "US") if standalone else ("US", country)
            return _Entry(order, countries_named=frozenset({country}), states_named=True)
        if state:
            return _Entry(("US",), states_named=True)
        return _Entry((country,), countries_named=frozenset({country})) if country else None

    # places in a search query --------------------------------------------------------
    def places_in_query(self, text: str) -> QueryPlaces:
        """The places a search query names: countries, regions, demonyms ("Ukrainian"), and
        cities. A city must look like a name (capitalised, or not in Latin script) or follow
        "in", "from", "near" or "based", since many city names are ordinary words."""
        raw = _TOKEN.findall(text)
        words = [fold(w) for w in raw]
        found: list[tuple[str, PlaceFilter]] = []
        i = 0
        while i < len(words):
            hit = self._query_place(words, raw, i)
            if hit is None:
                i += 1
                continue
            n, place = hit
            found.append((" ".join(raw[i : i + n]), place))
            i += n
        return QueryPlaces(tuple(found))

    def _query_place(
        self, words: list[str], raw: list[str], i: int
    ) -> tuple[int, PlaceFilter] | None:
        longest = max(self._starts.get(words[i], 0), 3)
        for n in range(min(longest, len(words) - i), 0, -1):
            key = " ".join(words[i : i + n])
            if key in self._region_names:
                return n, PlaceFilter(countries=tuple(self.regions[self._region_names[key]]))
            if key in self._demonyms:
                return n, PlaceFilter(countries=(self._demonyms[key],))
            entry = self._index.get(key)
            if entry is None or entry.marker is not None:
                continue
            named = [c for c in entry.candidates if c in entry.countries_named]
            if named:
                return n, PlaceFilter(countries=(named[0],))
            cue = i > 0 and words[i - 1] in _PLACE_CUES
            looks_named = not raw[i].isascii() or raw[i][:1].isupper()
            if entry.cities.get(entry.candidates[0]) and (cue or looks_named):
                return n, self._entry_filter(key, entry)
        return None

    # filters -------------------------------------------------------------------------
    def resolve_filter(self, value: str) -> PlaceFilter:
        """A country (name, alias or ISO code), a city or a region -> the filter it means."""
        key = _key(value or "")
        if not key:
            raise self._unknown_place(value)
        region = self.regions.get(key.replace(" ", "-"))
        if region:
            return PlaceFilter(countries=tuple(region))
        code = self._codes.get(key)
        if code and code[0]:
            return PlaceFilter(countries=(code[0],))
        if code:
            raise _state_filter_error(value)
        entry = self._index.get(key)
        if entry is not None and entry.marker is None:
            return self._entry_filter(value, entry)
        place = self.normalise(value)
        if place.country:
            return PlaceFilter(countries=(place.country,), city=place.city)
        raise self._unknown_place(value)

    def _entry_filter(self, value: str, entry: _Entry) -> PlaceFilter:
        default = entry.candidates[0]
        named = [c for c in entry.candidates if c in entry.countries_named]
        if named:
            return PlaceFilter(countries=(named[0],))
        city = entry.cities.get(default)
        if city is None:
            raise _state_filter_error(value)
        same = tuple(c for c in entry.candidates if entry.cities.get(c) == city)
        return PlaceFilter(countries=same, city=city)

    def _unknown_place(self, value: str | None) -> ConfigError:
        suggestions = self.suggest(value or "")
        did_you_mean = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        return ConfigError(
            f"unknown place {value!r}{did_you_mean}",
            "use a country code ("
            + ", ".join(sorted(self.names))
            + "), a country name (Belarus, Poland, …), a city listed in "
            + f"{self.path.name}, or a region ({', '.join(sorted(self.regions))})",
        )

    def suggest(self, value: str, limit: int = 5) -> list[str]:
        """Close spellings of known places and regions, as "Minsk (BY)" or "baltics"."""
        labels = self._labels()
        close = difflib.get_close_matches(_key(value), list(labels), n=limit, cutoff=0.7)
        return list(dict.fromkeys(labels[k] for k in close))

    def _labels(self) -> dict[str, str]:
        labels = {region: region for region in self.regions}
        for key, entry in self._index.items():
            if entry.marker is None and entry.candidates:
                code = entry.candidates[0]
                city = entry.cities.get(code)
                name = city if city and not entry.countries_named else self.names[code]
                labels.setdefault(key, f"{name} ({code})")
        return labels

    def country_name(self, code: str) -> str:
        name = self.names.get(code.strip().upper())
        if name is None:
            raise ConfigError(
                f"unknown country code {code!r}",
                "use an ISO 3166-1 alpha-2 code from the gazetteer: "
                + ", ".join(sorted(self.names)),
            )
        return name


def _pick(entry: _Entry) -> tuple[str, str | None]:
    """One name alone: its default, unless another of its countries is named outright."""
    explicit = entry.explicit
    country = next((c for c in entry.candidates if c in explicit), entry.candidates[0])
    return country, entry.cities.get(country)


def _state_filter_error(value: str) -> ConfigError:
    return ConfigError(
        f"{value!r} is a US state; filters take countries, cities and regions",
        "use --country US, or a city such as --location 'San Francisco'",
    )


def _decide(mentions: list[_Mention]) -> tuple[str | None, str | None]:
    """Pick the country and city from the mentions of the best relocation status."""
    usable = [m for m in mentions if m.status > _PAST and m.entry.candidates]
    if not usable:
        return None, None
    if len(usable) == 1:  # the common case: one name, its own default
        return _pick(usable[0].entry)
    best = max(m.status for m in usable)
    tier = [m for m in usable if m.status == best]
    votes: dict[str, int] = {}
    for m in tier:
        for code in m.entry.candidates:
            votes[code] = votes.get(code, 0) + 1
    top = max(votes.values())
    tied = {c for c, v in votes.items() if v == top}
    named = {c for m in tier for c in m.entry.explicit} & tied
    pool = named or tied
    country = next(c for m in tier for c in m.entry.candidates if c in pool)
    city = next((m.entry.cities[country] for m in tier if country in m.entry.cities), None)
    return country, city


# Loading and the module-level API --------------------------------------------------------
_default: list[Gazetteer] = []  # the config folder's gazetteer, read on first use


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """The gazetteer at ``path`` or in the config folder, read and compiled once per path."""
    return _load_cached(path or config_dir() / GAZETTEER_FILE)


@lru_cache(maxsize=8)
def _load_cached(path: Path) -> Gazetteer:
    return Gazetteer(validate_config(GazetteerFile, load_toml(path, cached=True), path), path)


def default_gazetteer() -> Gazetteer:
    """The config folder's gazetteer, kept after the first call so that lookups stay cheap."""
    if not _default:
        _default.append(load_gazetteer())
    return _default[0]


def clear_caches() -> None:
    """Forget loaded gazetteers (after editing the file or pointing TALENT_CONFIG_DIR away)."""
    _default.clear()
    _load_cached.cache_clear()


def normalise_location(text: str | None) -> Place:
    """A free-text location -> ``Place(country, city, raw)``; unknown parts give None."""
    return default_gazetteer().normalise(text)


def resolve_place_filter(value: str) -> PlaceFilter:
    """A ``--country``/``--location`` value -> ``PlaceFilter``; ConfigError with suggestions."""
    return default_gazetteer().resolve_filter(value)


def places_in_query(text: str) -> QueryPlaces:
    return default_gazetteer().places_in_query(text)


def country_name(code: str) -> str:
    """English name of an ISO code in the gazetteer ("BY" -> "Belarus")."""
    return default_gazetteer().country_name(code)
