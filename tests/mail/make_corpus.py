#!/usr/bin/python3
"""Generate the email parser fixture corpus (stdlib only).

  /usr/bin/python3 tests/mail/make_corpus.py               # rewrite tests/mail/corpus/ (committed)
  /usr/bin/python3 tests/mail/make_corpus.py --check       # exit 1 if corpus/ differs from the generator
  /usr/bin/python3 tests/mail/make_corpus.py --large DIR   # write the large fixtures into DIR (not committed)
  /usr/bin/python3 tests/mail/make_corpus.py --list        # list fixture names

Each fixture is NNN-short-name.eml (exact bytes) plus NNN-short-name.expect.json. See README.md.
"""
import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # keep tests/mail/ free of __pycache__

from corpus_gen import core  # noqa: E402
# Fixture modules, in numbering order. Importing registers their fixtures.
from corpus_gen import (  # noqa: E402,F401
    charsets,
    encwords,
    filenames,
    headers,
    structure,
    clients,
    hostile,
    noise,
    threads,
    broken,
    attachments,
    large,
)

LARGE_BASE = 901  # large fixtures are numbered 901, 902, ...
FILE_RE = re.compile(r"^\d{3}-[a-z0-9-]+\.(eml|expect\.json)$")


def validate(name, eml, expect, lf_only):
    where = "fixture %s" % name
    assert re.fullmatch(r"[a-z0-9-]+", name), where + ": bad short name"
    assert isinstance(eml, bytes), where + ": eml must be bytes"
    assert isinstance(expect.get("description"), str) and expect["description"], where
    unknown = set(expect) - core.EXPECT_KEYS
    assert not unknown, "%s: unknown expect keys %s" % (where, unknown)
    if "noise" in expect:
        assert expect["noise"] in core.NOISE, where + ": bad noise value"
    for a in expect.get("attachments", []):
        assert set(a) <= core.ATTACHMENT_KEYS, "%s: bad attachment keys %s" % (where, a)
    if "attachments" in expect and "attachment_count" in expect:
        assert len(expect["attachments"]) == expect["attachment_count"], where
    if not lf_only:
        bare = re.search(rb"(?<!\r)\n", eml)
        assert not bare, "%s: bare LF at byte %d" % (where, bare.start())


def render(registry, base):
    """Yield (file_stem, eml_bytes, expect_json_bytes)."""
    seen = set()
    for i, (name, fn, lf_only) in enumerate(registry):
        assert name not in seen, "duplicate fixture name " + name
        seen.add(name)
        eml, expect = fn()
        validate(name, eml, expect, lf_only)
        stem = "%03d-%s" % (base + i, name)
        js = json.dumps(expect, ensure_ascii=False, indent=2) + "\n"
        yield stem, eml, js.encode("utf-8")


def write_all(outdir, registry, base, prune):
    os.makedirs(outdir, exist_ok=True)
    wanted = set()
    for stem, eml, js in render(registry, base):
        for fname, data in ((stem + ".eml", eml), (stem + ".expect.json", js)):
            wanted.add(fname)
            with open(os.path.join(outdir, fname), "wb") as f:
                f.write(data)
    if prune:  # drop fixtures that the generator no longer produces (renumbered or removed)
        for fname in os.listdir(outdir):
            if FILE_RE.match(fname) and fname not in wanted:
                os.remove(os.path.join(outdir, fname))
    return len(wanted) // 2


def check(outdir):
    bad = []
    wanted = set()
    for stem, eml, js in render(core.SMALL, 1):
        for fname, data in ((stem + ".eml", eml), (stem + ".expect.json", js)):
            wanted.add(fname)
            path = os.path.join(outdir, fname)
            if not os.path.exists(path) or open(path, "rb").read() != data:
                bad.append(fname)
    extra = [f for f in os.listdir(outdir) if FILE_RE.match(f) and f not in wanted] \
        if os.path.isdir(outdir) else []
    for f in bad + extra:
        print("out of date: " + f, file=sys.stderr)
    return not bad and not extra


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--out", default=os.path.join(HERE, "corpus"), help="small fixtures directory")
    ap.add_argument("--large", metavar="OUTDIR", help="write only the large fixtures into OUTDIR")
    ap.add_argument("--check", action="store_true", help="verify the committed corpus is current")
    ap.add_argument("--list", action="store_true", help="list fixture names")
    ap.add_argument("--selfcheck", action="store_true",
                    help="developer aid: read fixtures back with Python's email package, show disagreements")
    args = ap.parse_args()
    if args.list:
        for i, (name, _, _) in enumerate(core.SMALL):
            print("%03d-%s" % (i + 1, name))
        for i, (name, _, _) in enumerate(core.LARGE):
            print("%03d-%s (large)" % (LARGE_BASE + i, name))
        return 0
    if args.selfcheck:
        from corpus_gen import selfcheck
        n = 0
        for stem, eml, js in render(core.SMALL, 1):
            for line in selfcheck.check(stem, eml, json.loads(js)):
                print("%s: %s" % (stem, line))
                n += 1
        print("%d disagreements" % n)
        return 0
    if args.check:
        ok = check(args.out)
        print("corpus is %s" % ("up to date" if ok else "OUT OF DATE"))
        return 0 if ok else 1
    if args.large:
        n = write_all(args.large, core.LARGE, LARGE_BASE, prune=False)
        print("wrote %d large fixtures to %s" % (n, args.large))
        return 0
    n = write_all(args.out, core.SMALL, 1, prune=True)
    print("wrote %d fixtures to %s" % (n, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
