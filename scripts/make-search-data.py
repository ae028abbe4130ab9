#!/usr/bin/env python3
"""Regenerates the compact character tables in server/Knowledge/Search/Data/ from Debian's unicode-data.

Both tables are one-character-per-line text derived from the Unicode Han Database (Unihan, Unicode licence):
  traditional-to-simplified.txt  "<traditional> <simplified>" from kSimplifiedVariant
  pinyin.txt                     "<char> <toneless readings...>" from kMandarin, CJK basic block only
Run after upgrading unicode-data:  apt-get install unicode-data && scripts/make-search-data.py
"""
import bz2, os, sys, unicodedata

UNIHAN = "/usr/share/unicode"
OUT = os.path.join(os.path.dirname(__file__), "..", "server", "Knowledge", "Search", "Data")


def fields(name, prop):
    with bz2.open(os.path.join(UNIHAN, name), "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            code, key, value = line.rstrip("\n").split("\t")
            if key == prop:
                yield chr(int(code[2:], 16)), value


def toneless(syllable):
    # Pinyin input methods are toneless and type ü as v.
    decomposed = unicodedata.normalize("NFD", syllable).replace("\u0308", "v")
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def header(f, what):
    f.write(f"# {what}\n# Derived from Unihan (Unicode Character Database, Unicode licence) by scripts/make-search-data.py.\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "traditional-to-simplified.txt"), "w", encoding="utf-8") as f:
        header(f, "traditional simplified (kSimplifiedVariant; characters that are their own variant are left out)")
        for char, value in fields("Unihan_Variants.txt.bz2", "kSimplifiedVariant"):
            targets = [chr(int(v[2:], 16)) for v in value.split()]
            # 乾 lists itself: it is valid simplified text (乾坤), so folding it would be wrong.
            if char in targets or ord(char) > 0xFFFF or ord(targets[0]) > 0xFFFF:
                continue
            f.write(f"{char} {targets[0]}\n")
    with open(os.path.join(OUT, "pinyin.txt"), "w", encoding="utf-8") as f:
        header(f, "char toneless-readings (kMandarin, U+4E00..U+9FFF)")
        for char, value in fields("Unihan_Readings.txt.bz2", "kMandarin"):
            if 0x4E00 <= ord(char) <= 0x9FFF:
                readings = list(dict.fromkeys(toneless(s) for s in value.split()))
                f.write(f"{char} {' '.join(readings)}\n")


if __name__ == "__main__":
    sys.exit(main())
