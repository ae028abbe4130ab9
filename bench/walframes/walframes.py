#!/usr/bin/env python3
"""Which b-trees the frames of a SQLite WAL belong to (docs/performance.md, "What a commit writes").

usage: walframes.py DATABASE WAL [WAL ...]

Copy the database file first, then its -wal file (several copies a moment apart if you like), from a running
server: the WAL holds the frames written since the writer last started it over. Each frame is one page a commit
wrote; a page is attributed to the table or index that owns it in the database copy (SQLite's dbstat), or to
"(not in the copy)" when it was allocated after the copy was made.
"""
import collections
import sqlite3
import struct
import sys


def frames(path):
    """The page numbers of the WAL's valid frames (those with the header's salts), and how many were commits."""
    data = open(path, 'rb').read()
    if len(data) < 32:
        return [], 0
    page_size = struct.unpack('>I', data[8:12])[0]
    salts = data[16:24]
    pages, commits, offset = [], 0, 32
    while offset + 24 + page_size <= len(data):
        page, size_after_commit = struct.unpack('>II', data[offset:offset + 8])
        if data[offset + 8:offset + 16] != salts:
            break
        pages.append(page)
        commits += 1 if size_after_commit else 0
        offset += 24 + page_size
    return pages, commits


def main(database, wals):
    owner = {page: name for name, page in sqlite3.connect(f'file:{database}?mode=ro', uri=True).execute('SELECT name, pageno FROM dbstat')}
    for wal in wals:
        pages, commits = frames(wal)
        if not pages:
            print(f'{wal}: no frames')
            continue
        print(f'{wal}: {len(pages)} frames, {commits} commits, {len(pages) / max(commits, 1):.1f} frames per commit')
        for name, count in collections.Counter(owner.get(p, '(not in the copy)') for p in pages).most_common(15):
            print(f'  {count:7d} {100 * count / len(pages):5.1f} %  {name}')


if __name__ == '__main__':
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
