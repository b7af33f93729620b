#!/usr/bin/env python3
"""Checks fazhi's annotated Word copies as LibreOffice reads them (called by check-annotate.sh).

OUT holds annotated.json and fixed.json (`fazhi annotate --format json` for the copies with
comments, and with comments and tracked fixes) and ODT conversions by LibreOffice of the
originals (odt/in), the annotated copies (odt/annotated) and the fixed copies (odt/fixed).

For every annotated copy:
  - LibreOffice opens it (even where it cannot open the original);
  - each fazhi comment is there, and the text between its office:annotation and
    office:annotation-end is the text fazhi says it anchored (exactly, unless the range holds a
    field LibreOffice recomputes on import, such as DATE, PAGE or REF: then the text around the
    field must match);
  - the comments a person had already made are all still there.
For every fixed copy:
  - rejecting every change gives the same text as rejecting every change in the original;
  - accepting every change gives the original's accepted text with exactly fazhi's revisions
    applied (the changed stretches, found by a character diff, are fazhi's own pairs).
"""

import difflib
import json
import os
import sys
import zipfile
import xml.etree.ElementTree as ET
from collections import Counter

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
}


def q(prefix, name):
    return "{%s}%s" % (NS[prefix], name)


# Fields LibreOffice recomputes when it imports a document: their text is not what Word saved.
FIELDS = {q("text", n) for n in ("page-number", "page-count", "date", "time", "bookmark-ref", "chapter",
                                  "file-name", "author-name", "sequence", "reference-ref", "sequence-ref")}
SKIP = {q("text", "tracked-changes"), q("draw", "frame"), q("draw", "custom-shape"), q("text", "note"),
        q("office", "annotation")}


def plain(element):
    """The text of an element with ODF's space, tab and line-break elements spelled out."""
    out = [element.text or ""]
    for child in element:
        if child.tag == q("text", "s"):
            out.append(" " * int(child.get(q("text", "c"), "1")))
        elif child.tag == q("text", "tab"):
            out.append("\t")
        elif child.tag == q("text", "line-break"):
            out.append("\n")
        else:
            out.append(plain(child))
        out.append(child.tail or "")
    return "".join(out)


def paragraphs(element):
    """The text:p and text:h children of an element, as text, one per line."""
    return "\n".join(plain(p) for p in element if p.tag in (q("text", "p"), q("text", "h")))


class Odt:
    """The body of one ODT as text, in an accepted and a rejected view, with annotations."""

    def __init__(self, path):
        root = ET.fromstring(zipfile.ZipFile(path).read("content.xml"))
        self.hidden = set()
        for style in root.iter(q("style", "style")):
            props = style.find("style:text-properties", NS)
            if props is not None and props.get(q("text", "display")) == "none":
                self.hidden.add(style.get(q("style", "name")))
        self.deletions = {}
        tracked = root.find(".//text:tracked-changes", NS)
        if tracked is not None:
            for region in tracked:
                deletion = region.find("text:deletion", NS)
                if deletion is not None:
                    self.deletions[region.get(q("text", "id"))] = paragraphs(deletion)
        self.body = root.find(".//office:text", NS)
        self.annotations = []  # (creator, content, text, has_field)

    def views(self):
        """Paragraph texts accepted and rejected, and the annotation ranges (accepted view)."""
        self.accepted, self.rejected = [], []
        self.cur_a, self.cur_r = [], []
        self.inserting = set()
        self.open = {}
        for child in self.body:
            self.walk(child)
        self.flush()
        return [p for p in self.accepted if p.strip()], [p for p in self.rejected if p.strip()]

    def flush(self):
        self.accepted.append("".join(self.cur_a))
        self.rejected.append("".join(self.cur_r))
        self.cur_a, self.cur_r = [], []

    def emit(self, text, field=False):
        if not text:
            return
        self.cur_a.append(text)
        if not self.inserting:
            self.cur_r.append(text)
        for entry in self.open.values():
            # A recomputed field's text stands as one placeholder character in a range.
            entry["text"].append("\uFFFC" if field else text)
            entry["field"] |= field

    def walk(self, e, field=False):
        tag = e.tag
        if tag == q("office", "annotation"):
            content = paragraphs(e)
            creator = e.findtext("dc:creator", default="", namespaces=NS)
            entry = {"creator": creator, "content": content, "text": [], "field": False}
            name = e.get(q("office", "name"))
            if name is None:
                self.annotations.append(entry)
            else:
                self.open[name] = entry
        elif tag == q("office", "annotation-end"):
            entry = self.open.pop(e.get(q("office", "name")), None)
            if entry is not None:
                self.annotations.append(entry)
        elif tag == q("text", "change-start"):
            self.inserting.add(e.get(q("text", "change-id")))
        elif tag == q("text", "change-end"):
            self.inserting.discard(e.get(q("text", "change-id")))
        elif tag == q("text", "change"):
            deleted = self.deletions.get(e.get(q("text", "change-id")), "")
            if not self.inserting:
                self.cur_r.append(deleted)
        elif tag in SKIP or (tag == q("text", "span") and e.get(q("text", "style-name")) in self.hidden):
            pass
        else:
            in_field = field or tag in FIELDS
            if tag == q("text", "s"):
                self.emit(" " * int(e.get(q("text", "c"), "1")), in_field)
            elif tag == q("text", "tab"):
                self.emit("\t", in_field)
            elif tag == q("text", "line-break"):
                self.emit("\n", in_field)
            self.emit(e.text, in_field)
            for child in e:
                self.walk(child, in_field)
            if tag in (q("text", "p"), q("text", "h")):
                self.flush()
        self.emit(e.tail, field)


def fields_fit(odt_text, expected):
    """A range holding a recomputed field: the text outside fields must still be there."""
    return all(part in expected for part in odt_text.split("\uFFFC") if part)


def check_comments(out, failures):
    manifest = json.load(open(os.path.join(out, "annotated.json"), encoding="utf-8"))
    assert not manifest["errors"], manifest["errors"]
    checked = 0
    for entry in manifest["files"]:
        name = os.path.basename(entry["output"])
        odt_path = os.path.join(out, "odt", "annotated", name[: -len(".docx")] + ".odt")
        if not os.path.exists(odt_path):
            failures.append(f"{name}: LibreOffice could not open the annotated copy")
            continue
        odt = Odt(odt_path)
        odt.views()
        ours = [a for a in odt.annotations if a["creator"] == "fazhi"]
        expected = len(entry["comments"]) + entry["placeholders"]
        if len(ours) != expected:
            failures.append(f"{name}: {len(ours)} fazhi comments in LibreOffice, {expected} written")
        by_body = {}
        for a in ours:
            by_body.setdefault(a["content"], []).append(a)
        for comment in entry["comments"]:
            found = by_body.get(comment["body"], [])
            if not found:
                failures.append(f"{name}: comment {comment['id']} ({comment['rule']}) not found by its text")
                continue
            a = found.pop(0)
            text = "".join(a["text"])
            if a["field"]:
                good = fields_fit(text, comment["anchored"])
            else:
                good = text == comment["anchored"]
            if not good:
                failures.append(
                    f"{name}: comment {comment['id']} ({comment['rule']}) is on {text!r} in LibreOffice, fazhi anchored {comment['anchored']!r}"
                )
            checked += 1
        original = os.path.join(out, "odt", "in", os.path.basename(entry["input"])[: -len(".docx")] + ".odt")
        if os.path.exists(original):
            before = Odt(original)
            before.views()
            theirs_before = Counter(a["content"] for a in before.annotations if a["creator"] != "fazhi")
            theirs_after = Counter(a["content"] for a in odt.annotations if a["creator"] != "fazhi")
            if theirs_before != theirs_after:
                failures.append(f"{name}: existing comments changed: {theirs_before} → {theirs_after}")
        else:
            print(f"   {os.path.basename(entry['input'])}: LibreOffice cannot open the original; the annotated copy opens")
    return checked


def check_fixes(out, failures):
    manifest = json.load(open(os.path.join(out, "fixed.json"), encoding="utf-8"))
    assert not manifest["errors"], manifest["errors"]
    checked = 0
    for entry in manifest["files"]:
        name = os.path.basename(entry["output"])
        fixed_path = os.path.join(out, "odt", "fixed", name[: -len(".docx")] + ".odt")
        original = os.path.join(out, "odt", "in", os.path.basename(entry["input"])[: -len(".docx")] + ".odt")
        if not os.path.exists(fixed_path):
            failures.append(f"{name}: LibreOffice could not open the fixed copy")
            continue
        if not os.path.exists(original):
            continue
        accepted, rejected = Odt(fixed_path).views()
        original_accepted, original_rejected = Odt(original).views()
        if rejected != original_rejected:
            diff = "\n".join(difflib.unified_diff(original_rejected, rejected, lineterm="", n=0))
            failures.append(f"{name}: rejecting every change does not give the original text:\n{diff}")
        pairs = Counter()
        if len(accepted) != len(original_accepted):
            failures.append(f"{name}: accepting every change changed the paragraphs")
            continue
        for old, new in zip(original_accepted, accepted):
            matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
            for op, i1, i2, j1, j2 in matcher.get_opcodes():
                if op != "equal":
                    pairs[(old[i1:i2], new[j1:j2])] += 1
        wanted = Counter((r["text"], r["replacement"]) for r in entry["revisions"])
        if pairs != wanted:
            failures.append(f"{name}: accepting every change made {dict(pairs)}, fazhi wrote {dict(wanted)}")
        checked += len(entry["revisions"])
    return checked


def main():
    out = sys.argv[1]
    failures = []
    comments = check_comments(out, failures)
    revisions = check_fixes(out, failures)
    for failure in failures:
        print("FAIL", failure)
    if failures:
        sys.exit(1)
    print(f"   {comments} comment ranges match in LibreOffice; {revisions} tracked fixes accept and reject as written")


if __name__ == "__main__":
    main()
