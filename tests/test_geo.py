"""Location normalisation and place filters against the shipped gazetteer."""

from __future__ import annotations

from pathlib import Path

import pytest

from talent.errors import ConfigError
from talent.geo import (
    Gazetteer,
    Place,
    PlaceFilter,
    country_name,
    load_gazetteer,
    normalise_location,
    resolve_place_filter,
)
from talent.settings import REPO_CONFIG_DIR

# (text as people write it, expected country, expected city)
CASES: list[tuple[str | None, str | None, str | None]] = [
    # Belarus, every spelling
    ("Belarus", "BY", None),
    ("Беларусь", "BY", None),
    ("Белоруссия", "BY", None),
    ("RB", "BY", None),
    ("BY", "BY", None),
    ("Republic of Belarus", "BY", None),
    ("Minsk", "BY", "Minsk"),
    ("Мінск", "BY", "Minsk"),
    ("Минск", "BY", "Minsk"),
    ("Miensk", "BY", "Minsk"),
    ("Мінск, Беларусь", "BY", "Minsk"),
    ("minsk, belarus", "BY", "Minsk"),
    ("Minsk, BY", "BY", "Minsk"),
    ("Minsk, Republic of Belarus", "BY", "Minsk"),
    ("Gomel", "BY", "Gomel"),
    ("Homel", "BY", "Gomel"),
    ("Гомель", "BY", "Gomel"),
    ("Belarus, Gomel", "BY", "Gomel"),
    ("Gomel, Belarus", "BY", "Gomel"),
    ("Brest", "BY", "Brest"),
    ("Брэст", "BY", "Brest"),
    ("Брест", "BY", "Brest"),
    ("Brest, France", "FR", "Brest"),
    ("Grodno", "BY", "Grodno"),
    ("Hrodna", "BY", "Grodno"),
    ("Гродно", "BY", "Grodno"),
    ("Гродна", "BY", "Grodno"),
    ("Vitebsk", "BY", "Vitebsk"),
    ("Віцебск", "BY", "Vitebsk"),
    ("Витебск", "BY", "Vitebsk"),
    ("Mogilev", "BY", "Mogilev"),
    ("Mahilyow", "BY", "Mogilev"),
    ("Магілёў", "BY", "Mogilev"),
    ("Могилёв", "BY", "Mogilev"),
    ("Могилев, РБ", "BY", "Mogilev"),
    # Ukraine
    ("Ukraine", "UA", None),
    ("Україна", "UA", None),
    ("Украина", "UA", None),
    ("UA", "UA", None),
    ("Kyiv", "UA", "Kyiv"),
    ("Kiev, Ukraine", "UA", "Kyiv"),
    ("Київ", "UA", "Kyiv"),
    ("Киев", "UA", "Kyiv"),
    ("Lviv", "UA", "Lviv"),
    ("Львів", "UA", "Lviv"),
    ("Львов", "UA", "Lviv"),
    ("Kharkiv, UA", "UA", "Kharkiv"),
    ("Odesa", "UA", "Odesa"),
    ("Odessa, Ukraine", "UA", "Odesa"),
    # The rest of Europe, the Caucasus and Central Asia
    ("Poland", "PL", None),
    ("Polska", "PL", None),
    ("Warsaw", "PL", "Warsaw"),
    ("Warszawa, Polska", "PL", "Warsaw"),
    ("Kraków", "PL", "Kraków"),
    ("Krakow, Poland", "PL", "Kraków"),
    ("Wroclaw", "PL", "Wrocław"),
    ("Wrocław", "PL", "Wrocław"),
    ("Gdańsk", "PL", "Gdańsk"),
    ("Lodz", "PL", "Łódź"),
    ("Lithuania", "LT", None),
    ("Lietuva", "LT", None),
    ("Vilnius", "LT", "Vilnius"),
    ("Kaunas, Lithuania", "LT", "Kaunas"),
    ("Riga, Latvia", "LV", "Riga"),
    ("Tallinn", "EE", "Tallinn"),
    ("Georgia", "GE", None),
    ("საქართველო", "GE", None),
    ("Tbilisi, Georgia", "GE", "Tbilisi"),
    ("Batumi", "GE", "Batumi"),
    ("Yerevan, Armenia", "AM", "Yerevan"),
    ("Baku", "AZ", "Baku"),
    ("Almaty, Kazakhstan", "KZ", "Almaty"),
    ("Tashkent", "UZ", "Tashkent"),
    ("Belgrade", "RS", "Belgrade"),
    ("Beograd, Srbija", "RS", "Belgrade"),
    ("Germany", "DE", None),
    ("Deutschland", "DE", None),
    ("Berlin", "DE", "Berlin"),
    ("Munich", "DE", "Munich"),
    ("München, Germany", "DE", "Munich"),
    ("Amsterdam, The Netherlands", "NL", "Amsterdam"),
    ("London", "GB", "London"),
    ("London, UK", "GB", "London"),
    ("Paris, France", "FR", "Paris"),
    ("Lisbon", "PT", "Lisbon"),
    ("Barcelona, Spain", "ES", "Barcelona"),
    ("Prague", "CZ", "Prague"),
    ("Praha, Czech Republic", "CZ", "Prague"),
    ("Bucharest", "RO", "Bucharest"),
    ("Sofia, Bulgaria", "BG", "Sofia"),
    ("Budapest", "HU", "Budapest"),
    ("Istanbul, Türkiye", "TR", "Istanbul"),
    ("Tel Aviv", "IL", "Tel Aviv"),
    ("Tel-Aviv, Israel", "IL", "Tel Aviv"),
    ("Dubai, UAE", "AE", "Dubai"),
    # North America, US states and the codes they share with countries
    ("New York", "US", "New York"),
    ("NYC", "US", "New York"),
    ("Brooklyn, NY", "US", "New York"),
    ("San Francisco", "US", "San Francisco"),
    ("San Francisco, CA", "US", "San Francisco"),
    ("SF", "US", "San Francisco"),
    ("SF Bay Area", "US", "San Francisco"),
    ("Bay Area", "US", "San Francisco"),
    ("Seattle, WA", "US", "Seattle"),
    ("Austin, TX", "US", "Austin"),
    ("Plano, TX", "US", None),
    ("Boston, MA", "US", "Boston"),
    ("Cambridge, MA", "US", "Cambridge"),
    ("Cambridge, UK", "GB", "Cambridge"),
    ("Chicago, IL", "US", "Chicago"),
    ("Atlanta, Georgia", "US", "Atlanta"),
    ("Atlanta, GA", "US", "Atlanta"),
    ("Georgia, USA", "US", None),
    ("California", "US", None),
    ("Washington, DC", "US", "Washington, D.C."),
    ("Toronto, Canada", "CA", "Toronto"),
    ("Toronto, CA", "CA", "Toronto"),
    ("Vancouver, BC", "CA", "Vancouver"),
    ("London, Ontario", "CA", None),
    ("Paris, TX", "US", None),
    ("Bengaluru, Karnataka", "IN", "Bangalore"),
    ("CA", "CA", None),
    ("Berlin, DE", "DE", "Berlin"),
    ("Bangalore", "IN", "Bangalore"),
    ("Bengaluru, India", "IN", "Bangalore"),
    ("Hyderabad, IN", "IN", "Hyderabad"),
    ("Singapore", "SG", "Singapore"),
    ("St. Petersburg, FL", "US", None),
    ("Saint Petersburg, Russia", "RU", "Saint Petersburg"),
    # Flags and symbols
    ("🇧🇾", "BY", None),
    ("🇧🇾 Minsk", "BY", "Minsk"),
    ("Vilnius 🇱🇹", "LT", "Vilnius"),
    ("🇺🇦Kyiv", "UA", "Kyiv"),
    ("🤍❤️🤍", "BY", None),
    (
        "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f Manchester",
        "GB",
        "Manchester",
    ),
    # Separators and relocations: the current place wins
    ("Minsk · Belarus", "BY", "Minsk"),
    ("Minsk | Belarus", "BY", "Minsk"),
    ("Belarus - Minsk", "BY", "Minsk"),
    ("Belarus/Minsk", "BY", "Minsk"),
    ("Minsk → Warsaw", "PL", "Warsaw"),
    ("Minsk -> Warsaw, Poland", "PL", "Warsaw"),
    ("Gomel > Vilnius", "LT", "Vilnius"),
    ("Belarus → Poland", "PL", None),
    ("ex-Minsk, now Warsaw", "PL", "Warsaw"),
    ("Warsaw (ex-Minsk)", "PL", "Warsaw"),
    ("Originally from Minsk, based in Berlin", "DE", "Berlin"),
    ("From Minsk, living in Vilnius", "LT", "Vilnius"),
    ("Relocated to Tbilisi from Minsk", "GE", "Tbilisi"),
    ("from Minsk", "BY", "Minsk"),
    ("ex-Minsk", None, None),
    ("Minsk → Remote", None, None),
    ("Minsk, Belarus (Remote)", "BY", "Minsk"),
    ("Remote | Warsaw", "PL", "Warsaw"),
    ("Berlin | Minsk", "DE", "Berlin"),
    ("Minsk, Poland", "PL", None),
    # Nothing to go on: never a guess
    ("Remote", None, None),
    ("remote", None, None),
    ("Earth", None, None),
    ("Planet Earth", None, None),
    ("Worldwide", None, None),
    ("Internet", None, None),
    ("localhost", None, None),
    ("🌍", None, None),
    ("Anywhere", None, None),
    ("Europe", None, None),
    ("Latin America", None, None),
    ("", None, None),
    ("   ", None, None),
    (None, None, None),
    ("asdkjh qwpeoi", None, None),
    ("made by me", None, None),
    ("Minsk BY", "BY", "Minsk"),  # the city decides; the trailing "BY" alone would not
    ("in the cloud", None, None),
    ("UTC+3", None, None),
]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer(REPO_CONFIG_DIR / "gazetteer.toml")


def test_the_table_is_big_enough() -> None:
    assert len(CASES) >= 60
    assert len({c[0] for c in CASES}) == len(CASES), "a case is listed twice"


@pytest.mark.parametrize(("text", "country", "city"), CASES)
def test_normalise_location(text: str | None, country: str | None, city: str | None) -> None:
    assert normalise_location(text) == Place(country=country, city=city, raw=text)


def test_codes_count_only_as_a_whole_part(gazetteer: Gazetteer) -> None:
    assert gazetteer.normalise("made in BY").country is None
    assert gazetteer.normalise("work at DE").country is None
    assert gazetteer.normalise("Made by, BY").country == "BY"


def test_a_name_shared_by_two_countries_must_have_a_declared_default(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.toml"
    path.write_text(
        'version = 1\n[countries.BY]\nname = "Belarus"\ncities = { Brest = [] }\n'
        '[countries.FR]\nname = "France"\ncities = { Brest = [] }\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"'brest'.*ambiguous\.brest") as caught:
        load_gazetteer(path)
    assert str(path) in caught.value.message
    assert caught.value.hint and "[ambiguous]" in caught.value.hint


def test_a_region_naming_an_unlisted_country_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.toml"
    path.write_text(
        'version = 1\n[regions]\nbaltics = ["LT", "LV"]\n[countries.LT]\nname = "Lithuania"\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"region 'baltics'.*\['LV'\]"):
        load_gazetteer(path)


def test_a_corrupt_gazetteer_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.toml"
    path.write_text('version = 1\n[countries.BY\nname = "Belarus"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="line 2"):
        load_gazetteer(path)


def test_a_lower_case_country_code_is_named_in_the_error(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.toml"
    path.write_text('version = 1\n[countries.by]\nname = "Belarus"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"countries\.by"):
        load_gazetteer(path)


# Filters ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Belarus", PlaceFilter(("BY",))),
        ("беларусь", PlaceFilter(("BY",))),
        ("BY", PlaceFilter(("BY",))),
        ("by", PlaceFilter(("BY",))),
        ("UK", PlaceFilter(("GB",))),
        ("Georgia", PlaceFilter(("GE",))),
        ("Minsk", PlaceFilter(("BY",), "Minsk")),
        ("Гомель", PlaceFilter(("BY",), "Gomel")),
        ("Brest", PlaceFilter(("BY", "FR"), "Brest")),
        ("New York", PlaceFilter(("US",), "New York")),
        ("Singapore", PlaceFilter(("SG",))),
        ("Minsk, Belarus", PlaceFilter(("BY",), "Minsk")),
        ("baltics", PlaceFilter(("LT", "LV", "EE"))),
        ("Central Asia", PlaceFilter(("KZ", "UZ", "KG", "TJ", "TM"))),
        ("DACH", PlaceFilter(("DE", "AT", "CH"))),
        ("caucasus", PlaceFilter(("GE", "AM", "AZ"))),
    ],
)
def test_resolve_place_filter(value: str, expected: PlaceFilter) -> None:
    assert resolve_place_filter(value) == expected


def test_region_filters_cover_the_expected_countries(gazetteer: Gazetteer) -> None:
    assert {"BY", "UA", "PL", "LT", "LV", "EE"} <= set(gazetteer.regions["eastern-europe"])
    assert len(gazetteer.regions["eu"]) == 27
    assert set(gazetteer.regions["central-asia"]) == {"KZ", "UZ", "KG", "TJ", "TM"}
    eastern = resolve_place_filter("Eastern Europe")
    assert eastern == PlaceFilter(gazetteer.regions["eastern-europe"])


def test_an_unknown_place_suggests_close_matches() -> None:
    with pytest.raises(ConfigError) as caught:
        resolve_place_filter("Minks")
    assert "Minsk (BY)" in caught.value.message
    assert caught.value.hint and "BY" in caught.value.hint and "eastern-europe" in caught.value.hint


def test_an_unknown_place_without_neighbours_lists_the_choices() -> None:
    with pytest.raises(ConfigError) as caught:
        resolve_place_filter("Atlantis-under-the-sea")
    assert "did you mean" not in caught.value.message
    assert caught.value.hint and "UA" in caught.value.hint and "baltics" in caught.value.hint


@pytest.mark.parametrize("value", ["Remote", "", "   ", "Earth"])
def test_non_places_are_not_filters(value: str) -> None:
    with pytest.raises(ConfigError, match="unknown place"):
        resolve_place_filter(value)


@pytest.mark.parametrize("value", ["California", "TX"])
def test_us_states_are_refused_with_a_hint(value: str) -> None:
    with pytest.raises(ConfigError, match="US state") as caught:
        resolve_place_filter(value)
    assert caught.value.hint and "--country US" in caught.value.hint


def test_place_filter_matches_places() -> None:
    minsk = PlaceFilter(("BY",), "Minsk")
    assert minsk.matches(normalise_location("Мінск"))
    assert not minsk.matches(normalise_location("Gomel"))
    assert PlaceFilter(("LT", "LV", "EE")).matches(normalise_location("Riga"))
    assert not PlaceFilter(("BY",)).matches(normalise_location("Remote"))


def test_country_name() -> None:
    assert country_name("BY") == "Belarus"
    assert country_name("ge") == "Georgia"
    assert country_name("GB") == "United Kingdom"
    with pytest.raises(ConfigError, match="ZZ"):
        country_name("ZZ")


def test_the_gazetteer_covers_the_hiring_markets(gazetteer: Gazetteer) -> None:
    assert len(gazetteer.names) >= 60
    for code in ("BY", "UA", "PL", "GE", "AM", "AZ", "KZ", "UZ", "US", "CA", "IN", "IL", "SG"):
        assert code in gazetteer.names
