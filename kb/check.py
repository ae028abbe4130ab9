#!/usr/bin/env python3
"""Checks the starter knowledge base in kb/articles before it is committed.

Reads every article's front matter with a deliberately strict parser (the subset
described in kb/README.md), so a file that passes here also passes any YAML reader
the server uses. Checks required fields, allowed values, id == file name, unique ids
and titles, that related ids exist, body length and shape, script (simplified vs
traditional), placeholder contact details, the minimum counts per language, and
the format of userdict.txt (one word per line, optional frequency, no duplicates).
Prints counts per language, category, status and audience; exits 1 if anything is
wrong. Usage: python3 kb/check.py   (stdlib only)
"""
import datetime
import re
import sys
from collections import Counter
from pathlib import Path

ARTICLES = Path(__file__).resolve().parent / "articles"
USERDICT = Path(__file__).resolve().parent / "userdict.txt"
USERDICT_MINIMUM = 80

REQUIRED = ["id", "title", "summary", "category", "tags", "language", "status",
            "audience", "related", "owner", "reviewed"]
LISTS = {"tags", "related"}
LANGUAGES = ["zh-CN", "zh-TW", "en"]
STATUSES = {"draft", "published", "archived"}
AUDIENCES = {"public", "staff"}
# Keep in sync with the table in kb/README.md.
CATEGORIES = ["hours", "accounts", "borrowing", "e-resources", "services", "spaces",
              "research-support", "collections", "policies"]
OWNERS = {"reference-desk", "circulation", "e-resources", "ill-dd", "research-support",
          "thesis-office", "facilities", "collections", "admin-office"}
REVIEWED_YEAR = 2026
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
HAN = re.compile(r"[\u3400-\u9fff]")
# Body length targets: Han characters for Chinese articles, words for English ones.
ZH_RANGE = (150, 600)
EN_WORDS = (100, 400)
# Minimum counts for the starter set (the project brief).
MINIMUMS = {"total": 48, "zh-CN": 38, "en": 5, "zh-TW": 3, "staff": 1}
# Characters that differ between the scripts; a zh-TW article containing one of the
# first set (or a zh-CN article one of the second) was probably mis-converted.
SIMPLIFIED_ONLY = set("图书馆读证时间还约续预们这为与个页网数据库资阅览门问请联务电话学")
TRADITIONAL_ONLY = set("圖書館讀證時間還約續預們這為與個頁網數據庫資閱覽門問請聯務電話學")
# Placeholder contact details only: phone-like numbers must be marked （示例）, e-mail
# addresses must use the example.edu.cn domain, and no mobile numbers at all.
PHONE = re.compile(r"(?<![\d-])\d{3,4}-\d{4}(?![\d-])")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@([\w-]+\.)+[a-z]{2,}", re.I)
YAML_SPECIAL_START = "[]{}'\"&*!|>%@`#,?:-"


def parse(path):
    """Returns (fields, body) or raises ValueError naming the problem."""
    text = path.read_text(encoding="utf-8")
    if "\r" in text:
        raise ValueError("CRLF line endings")
    if text.startswith("\ufeff"):
        raise ValueError("byte order mark at the start of the file")
    match = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.S)
    if not match:
        raise ValueError("no front matter block delimited by --- lines")
    fields = {}
    for line in match.group(1).split("\n"):
        key, sep, value = line.partition(": ")
        if not sep or not re.fullmatch(r"[a-z]+", key):
            raise ValueError(f"front matter line is not 'key: value': {line!r}")
        if key in fields:
            raise ValueError(f"duplicate key {key}")
        value = value.strip()
        if key in LISTS:
            if not (value.startswith("[") and value.endswith("]")):
                raise ValueError(f"{key} must be an inline list [a, b]")
            items = [item.strip() for item in value[1:-1].split(",")]
            for item in items:
                if not item or item[0] in YAML_SPECIAL_START or re.search(r"[\[\]{}:#\"']", item):
                    raise ValueError(f"{key} item {item!r} is empty or needs YAML quoting")
            fields[key] = items
        else:
            if value[:1] in YAML_SPECIAL_START:
                raise ValueError(f"{key} starts with a YAML special character")
            if ": " in value or " #" in value or value.endswith(":"):
                raise ValueError(f"{key} contains ': ' or ' #' (needs quoting in YAML)")
            fields[key] = value
    return fields, match.group(2)


def check_fields(path, fields):
    problems = [f"missing {key}" for key in REQUIRED if not fields.get(key)]
    if problems:
        return problems
    problems += [f"unknown field {key}" for key in fields if key not in REQUIRED]
    if fields["id"] != path.stem:
        problems.append(f"id {fields['id']} does not match file name")
    if not ID_PATTERN.match(fields["id"]):
        problems.append("id is not a lowercase ASCII slug")
    for key, allowed in [("language", LANGUAGES), ("status", STATUSES), ("audience", AUDIENCES),
                         ("category", CATEGORIES), ("owner", OWNERS)]:
        if fields[key] not in allowed:
            problems.append(f"{key} {fields[key]} not in {sorted(allowed)}")
    try:
        reviewed = datetime.date.fromisoformat(fields["reviewed"])
        if not DATE_PATTERN.match(fields["reviewed"]) or reviewed.year != REVIEWED_YEAR:
            problems.append(f"reviewed is not a YYYY-MM-DD date in {REVIEWED_YEAR}")
    except ValueError:
        problems.append("reviewed is not a valid YYYY-MM-DD date")
    if fields["id"] in fields["related"]:
        problems.append("related lists the article itself")
    if len(set(fields["related"])) != len(fields["related"]):
        problems.append("related lists an id twice")
    summary = fields["summary"]
    if fields["language"] == "en":
        if len(summary.split()) > 40:
            problems.append("summary longer than 40 words")
    elif len(summary) > 90 or len(re.findall(r"[。！？]", summary[:-1])):
        problems.append("summary is not one short sentence (≤ 90 characters, one 。)")
    return problems


def check_body(fields, body):
    problems = []
    if not re.search(r"^## \S", body, re.M):
        problems.append("body has no '## ' heading")
    if re.search(r"<[a-zA-Z/!][^>]*>", body):
        problems.append("raw HTML in body")
    language = fields["language"]
    if language == "en":
        words = len(re.findall(r"[A-Za-z0-9']+", body))
        if not EN_WORDS[0] <= words <= EN_WORDS[1]:
            problems.append(f"English body has {words} words, expected {EN_WORDS}")
    else:
        han = len(HAN.findall(body))
        if not ZH_RANGE[0] <= han <= ZH_RANGE[1]:
            problems.append(f"body has {han} Han characters, expected {ZH_RANGE}")
    text = fields["title"] + fields["summary"] + body
    wrong = SIMPLIFIED_ONLY if language == "zh-TW" else TRADITIONAL_ONLY if language == "zh-CN" else set()
    found = sorted(set(text) & wrong)
    if found:
        problems.append(f"characters of the other script in a {language} article: {''.join(found)}")
    for line in body.split("\n"):
        if PHONE.search(line) and "示例" not in line and "example" not in line:
            problems.append(f"phone number not marked （示例）: {line.strip()[:60]}")
    if MOBILE.search(body):
        problems.append("looks like a mobile phone number")
    for match in EMAIL.finditer(body):
        if not match.group(0).lower().endswith("example.edu.cn"):
            problems.append(f"e-mail outside example.edu.cn: {match.group(0)}")
    return problems


def check_userdict():
    """userdict.txt: 'word' or 'word freq' per line, '#' comments, no duplicates."""
    if not USERDICT.exists():
        return 0, ["userdict.txt is missing"]
    problems, seen = [], set()
    for number, line in enumerate(USERDICT.read_text(encoding="utf-8").split("\n"), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = re.fullmatch(r"(\S+)(?: (\d+))?", line)
        if not match:
            problems.append(f"userdict.txt:{number}: not 'word' or 'word freq': {line!r}")
        elif match.group(1) in seen:
            problems.append(f"userdict.txt:{number}: duplicate {match.group(1)}")
        else:
            seen.add(match.group(1))
    if len(seen) < USERDICT_MINIMUM:
        problems.append(f"userdict.txt has {len(seen)} words, at least {USERDICT_MINIMUM} expected")
    return len(seen), problems


def main():
    articles, failures, titles = {}, [], Counter()
    # Files that fail to parse still count as existing ids, so one broken file is reported
    # once rather than again by every article that relates to it.
    known_ids = {path.stem for path in ARTICLES.glob("*.md")}
    for path in sorted(ARTICLES.glob("*.md")):
        try:
            fields, body = parse(path)
        except ValueError as error:
            failures.append(f"{path.name}: {error}")
            continue
        titles[fields.get("title")] += 1
        problems = check_fields(path, fields)
        if not problems:
            problems = check_body(fields, body)
        failures += [f"{path.name}: {p}" for p in problems]
        if fields.get("id") in articles:
            failures.append(f"{path.name}: duplicate id {fields['id']}")
        articles[fields.get("id")] = (fields, body)
    failures += [f"title used by {n} articles: {t}" for t, n in titles.items() if n > 1]
    known_ids |= set(articles)
    for article_id, (fields, _) in articles.items():
        for target in fields.get("related", []):
            if target not in known_ids:
                failures.append(f"{article_id}: related id {target} does not exist")

    def show(title, counter, order=None):
        print(f"{title}:")
        for key in order or sorted(counter):
            print(f"  {key:<18}{counter.get(key, 0)}")

    values = [fields for fields, _ in articles.values()]
    by_language = Counter(f.get("language") for f in values)
    by_audience = Counter(f.get("audience") for f in values)
    print(f"articles: {len(articles)}")
    show("by language", by_language, LANGUAGES)
    show("by category", Counter(f.get("category") for f in values), CATEGORIES)
    show("by status", Counter(f.get("status") for f in values))
    show("by audience", by_audience)
    sizes = sorted(len(HAN.findall(body)) for fields, body in articles.values()
                   if fields.get("language") != "en")
    if sizes:
        print(f"Han characters per Chinese body: min {sizes[0]}, "
              f"median {sizes[len(sizes) // 2]}, max {sizes[-1]}")
    counts = dict(by_language, total=len(articles), staff=by_audience.get("staff", 0))
    for key, minimum in MINIMUMS.items():
        if counts.get(key, 0) < minimum:
            failures.append(f"only {counts.get(key, 0)} {key} article(s), at least {minimum} expected")
    words, problems = check_userdict()
    print(f"userdict.txt: {words} words")
    failures += problems
    if failures:
        print(f"\n{len(failures)} problem(s):")
        for failure in failures:
            print(f"  {failure}")
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
