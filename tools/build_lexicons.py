"""Regenerate the CLDR-derived lexicons in data/lexicons/ from the data that ships with `babel`.

Run from the repository root:

    .venv/bin/python tools/build_lexicons.py

It writes (atomically, sorted, UTF-8, LF) the files whose name starts with ``cldr_``:

- ``cldr_territories.csv``  countries, territories and world regions (LOC; EU and UN as ORG)
- ``cldr_cities.csv``       exemplar cities of the CLDR time zones (LOC), minus ambiguous words
- ``cldr_months.csv``       month names of both systems (يناير… and كانون الثاني…) plus the Maghreb ones
- ``cldr_weekdays.csv``     weekday names
- ``cldr_currencies.csv``   currency display names, singular and plural (label UNIT, canonical = ISO 4217)

The hand-written lexicons (``places.csv``, ``organisations.csv``, ``people.csv``, ``frames.csv``,
``units.csv``) are not touched. Every file has the columns ``surface,label,canonical,source``.
The CSVs are committed so that annotating needs no network and no babel call at run time;
this script exists so that anyone can check where they come from and rebuild them.
"""
from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from pathlib import Path

from babel import Locale, dates

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "lexicons"
COLUMNS = ["surface", "label", "canonical", "source"]

# Arabic locales whose names we merge (they differ in a few spellings and in the month system).
AR_LOCALES = ["ar", "ar_EG", "ar_SA", "ar_MA", "ar_DZ", "ar_TN", "ar_LB", "ar_SY", "ar_IQ", "ar_JO", "ar_PS", "ar_AE"]

# Region codes that are not places one would tag (the whole world, "unknown", currency zone).
SKIP_TERRITORIES = {"001", "ZZ", "EZ", "QO"}
# CLDR "territories" that news text treats as organisations.
ORG_TERRITORIES = {"EU", "UN"}

# Time-zone exemplar cities left out: ordinary Arabic words or too ambiguous to tag by lexicon
# (e.g. نوم "sleep", ماهي "what is", سمراء "brown", العيون "the eyes", ترك "left"), and city-states
# or islands whose name is the country's: those come from cldr_territories.csv with the right canonical.
AMBIGUOUS_CITIES = {
    "مدينة غير معروفة", "نوم", "ماهي", "سمراء", "العيون", "واك", "ترك", "سنتر", "استر", "كانتون",
    "جوني", "ثيل", "بلم", "كريسماس", "ترول", "كوكوس", "كناري", "باهيا", "نورفولك", "مارنجو",
    "كيروف", "بالمير", "فينكس", "ميدواي", "سانت توماس", "أورال", "ماهي", "أداك", "كاساي",
    "جامايكا", "تشاغوس", "كوستاريكا", "قطر", "البحرين", "الكويت", "الجزائر", "تونس", "جيبوتي",
    "بنما", "غواتيمالا", "السلفادور", "موناكو", "سنغافورة", "أندورا", "سان مارينو", "مالطة",
    "موريشيوس", "المالديف", "بليز", "غيانا", "فيجي", "ناورو", "نيوي", "بالاو", "غوام", "أروبا",
    "برمودا", "دومينيكا", "غرينادا", "أنتيغوا", "أنغويلا", "بربادوس", "بروناي", "لوكسمبورغ",
    "ماكاو", "هونغ كونغ", "جبل طارق", "بورتوريكو", "المارتينيك", "غوادلوب", "مونتسيرات",
    "الرأس الأخضر", "جزر القمر", "جزيرة مان", "جيرسي", "غيرنزي", "ريونيون", "سانت هيلينا",
    "جورجيا الجنوبية", "كايمان", "فادوز",
}


def _clean(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip()


def _aliases(name: str) -> list[str]:
    """A CLDR name plus its short forms: 'ماكاو الصينية (منطقة إدارية خاصة)' → also 'ماكاو الصينية'."""
    out = [name]
    short = _clean(re.sub(r"\(.*?\)", "", name))
    if short and short != name:
        out.append(short)
    return out


def territories() -> list[dict]:
    base = Locale.parse("ar").territories
    rows: dict[tuple[str, str], dict] = {}
    for loc in AR_LOCALES:
        for code, name in Locale.parse(loc).territories.items():
            if code in SKIP_TERRITORIES or code not in base:
                continue
            label = "ORG" if code in ORG_TERRITORIES else "LOC"
            canonical = _clean(re.sub(r"\(.*?\)", "", base[code]))
            for surface in _aliases(_clean(name)):
                rows[(surface, label)] = {"surface": surface, "label": label, "canonical": canonical,
                                          "source": f"cldr:territory:{code}"}
    return list(rows.values())


def cities() -> list[dict]:
    rows: dict[str, dict] = {}
    for loc in AR_LOCALES:
        for zone, data in Locale.parse(loc).time_zones.items():
            city = data.get("city")
            if not city:
                continue
            city = _clean(city)
            for surface in _aliases(city):
                if surface in AMBIGUOUS_CITIES or "،" in surface or len(surface.replace(" ", "")) < 3:
                    continue
                rows.setdefault(surface, {"surface": surface, "label": "LOC", "canonical": surface,
                                          "source": f"cldr:tz:{zone}"})
    # 'هيبرون (مدينة الخليل)': the Arabic name in the brackets is the one Arabic news uses.
    for zone, data in Locale.parse("ar").time_zones.items():
        city = data.get("city") or ""
        m = re.search(r"\(مدينة (.+?)\)", city)
        if m:
            rows[m.group(1)] = {"surface": m.group(1), "label": "LOC", "canonical": m.group(1),
                                "source": f"cldr:tz:{zone}"}
    return list(rows.values())


def months() -> list[dict]:
    rows: dict[str, dict] = {}
    for loc in AR_LOCALES:
        for num, name in dates.get_month_names("wide", locale=loc).items():
            rows.setdefault(name, {"surface": _clean(name), "label": "DATE", "canonical": str(num),
                                   "source": f"cldr:months:{loc}"})
    return list(rows.values())


def weekdays() -> list[dict]:
    english = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    return [{"surface": name, "label": "DATE", "canonical": english[num], "source": "cldr:days:ar"}
            for num, name in dates.get_day_names("wide", locale="ar").items()]


def currencies() -> list[dict]:
    rows: dict[str, dict] = {}
    loc = Locale.parse("ar")
    plural = loc._data["currency_names_plural"]
    for code, name in loc.currencies.items():
        names = [name]
        if code in plural:
            names += list(dict(plural[code]).values())
        for surface in names:
            surface = _clean(surface)
            # skip the historic and accounting units, e.g. '(UIC)فرنك فرنسي', '(عملة غير معروفة)'
            if surface and not re.search(r"[()0-9A-Za-z]", surface):
                rows.setdefault(surface, {"surface": surface, "label": "UNIT", "canonical": code,
                                          "source": f"cldr:currency:{code}"})
    return list(rows.values())


def write_csv(path: Path, rows: list[dict]) -> None:
    """Write rows sorted by (label, surface) atomically (temp file + rename)."""
    rows = sorted(rows, key=lambda r: (r["label"], r["surface"], r["canonical"]))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        fh.write(buf.getvalue())
    os.replace(tmp, path)


def main() -> None:
    for name, rows in [("cldr_territories", territories()), ("cldr_cities", cities()),
                       ("cldr_months", months()), ("cldr_weekdays", weekdays()),
                       ("cldr_currencies", currencies())]:
        write_csv(OUT / f"{name}.csv", rows)
        print(f"{name}.csv: {len(rows)} rows")


if __name__ == "__main__":
    main()
