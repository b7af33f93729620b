#!/usr/bin/env python3
"""Writes the .docx fixtures under fixtures/docx/ (deterministic; re-run from the repository root).

Each seed report in fixtures/seeds/ becomes a .docx whose ordinals (一、（一）1.) are Word
automatic numbering, not typed text:
  NAME-styled.docx    heading paragraphs use styles named "heading 1"/"heading 2" (ids "1"/"2",
                      as zh-CN Word writes them) and get their numbers from the style;
                      run-in （一）… paragraphs and 1. items carry their own w:numPr.
  NAME-plain.docx     no heading styles at all: every number comes from a paragraph w:numPr,
                      and top-level headings carry w:outlineLvl 0.
  qianjin-2023-wps.docx  laid out like WPS output: WPS namespaces, app.xml "WPS Office",
                      custom.xml KSOProductBuildVer, styles named "标题 1"/"标题 2".
A typed number that automatic numbering would not produce (a skipped or repeated ordinal
in the original) is kept by starting a new w:num with w:startOverride, the way Word's
"set numbering value" does. "[bookmark: _GoBack]" residue in a seed becomes a real bookmark.

Small one-concern files: table.docx, textbox.docx, tracked.docx, fields.docx, and
annotate-cases.docx (a finding in every kind of place a comment or revision can land, plus
comments and revisions a person already made).
See fixtures/docx/README.md. LibreOffice round trips (hubin-2023-lo.docx) are made by
running this script with --libreoffice (needs soffice on PATH).
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from xml.sax.saxutils import escape

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fixtures", "docx")
SEEDS = ["huangshui-2023", "hubin-2023", "huiji-2022", "qianjin-2023", "shennongjia-2024"]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    f'xmlns:w="{W_NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'mc:Ignorable="w14"'
)
WPS_NAMESPACES = NAMESPACES.replace(
    'mc:Ignorable="w14"',
    'xmlns:wpsCustomData="http://www.wps.cn/officeDocument/2013/wpsCustomData" mc:Ignorable="w14 wp14"',
)

DIGITS = "一二三四五六七八九"


def chinese_value(text):
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + DIGITS.index(text[1]) + 1
    if len(text) == 1:
        return DIGITS.index(text) + 1
    tens = DIGITS.index(text[0]) + 1
    return tens * 10 + (DIGITS.index(text[2]) + 1 if len(text) > 2 else 0)


LEVEL1 = re.compile(r"^([一二三四五六七八九十]+)、")
LEVEL2 = re.compile(r"^([（(])([一二三四五六七八九十]+)([）)])")
ITEM = re.compile(r"^(\d+)([.．、])")
BOOKMARK = re.compile(r"^\[bookmark: ([^\]]+)\]")


def t(text):
    space = ' xml:space="preserve"' if text != text.strip() or "  " in text else ""
    return f"<w:t{space}>{escape(text)}</w:t>"


def runs(text, rsid="00A1B2C3"):
    """Splits text into runs the way Word fragments it (at clause ends), with rsids."""
    pieces = re.findall(r"[^，。；]*[，。；]?", text)
    out = []
    for piece in pieces:
        if piece:
            out.append(f'<w:r w:rsidRPr="{rsid}"><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr>{t(piece)}</w:r>')
    return "".join(out)


def is_standalone(rest):
    return "。" not in rest and len(rest) <= 60


class Numberer:
    """Mirrors Word's counters to know when a typed number needs a w:startOverride."""

    def __init__(self):
        self.nums = {1: (0, None), 2: (1, None)}  # numId -> (abstractNumId, (ilvl, start) override)
        self.current = {0: 1, 1: 2}  # abstractNumId -> numId in use
        self.ladder = [0, 0]
        self.item = 0

    def _override(self, abstract, ilvl, start):
        num_id = max(self.nums) + 1
        self.nums[num_id] = (abstract, (ilvl, start))
        self.current[abstract] = num_id
        return num_id

    def ladder_at(self, ilvl, value):
        expected = self.ladder[ilvl] + 1
        if value != expected:
            self._override(0, ilvl, value)
        self.ladder[ilvl] = value
        if ilvl == 0:
            self.ladder[1] = 0
        return self.current[0]

    def item_at(self, value):
        if value != self.item + 1:
            self._override(1, 0, value)
        self.item = value
        return self.current[1]

    def xml(self):
        out = []
        for num_id, (abstract, override) in sorted(self.nums.items()):
            extra = ""
            if override:
                ilvl, start = override
                extra = f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
            out.append(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>{extra}</w:num>')
        return "".join(out)


def num_pr(num_id, ilvl):
    return f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'


def seed_document(lines, mode):
    """The body paragraphs and numbering of a seed. mode: styled, plain or wps."""
    numberer = Numberer()
    paragraphs = []
    forms = {"open": "（", "close": "）", "item": "."}
    seen_title = False
    h1, h2 = ("1", "2") if mode == "styled" else ("2", "3")
    for line in lines:
        if not line.strip():
            paragraphs.append('<w:p w:rsidR="00A1B2C3"/>')
            continue
        text = line
        bookmark = ""
        if m := BOOKMARK.match(text):
            bookmark = f'<w:bookmarkStart w:id="0" w:name="{m.group(1)}"/><w:bookmarkEnd w:id="0"/>'
            text = text[m.end():]
        ppr = ""
        stripped = text.lstrip()
        if not seen_title:
            seen_title = True
            style = '<w:pStyle w:val="Title"/>' if mode != "plain" else ""
            ppr = f'{style}<w:jc w:val="center"/>'
        elif m := LEVEL1.match(stripped):
            text = stripped[m.end():]
            num_id = numberer.ladder_at(0, chinese_value(m.group(1)))
            if mode == "plain":
                ppr = num_pr(num_id, 0) + '<w:outlineLvl w:val="0"/>'
            else:
                ppr = f'<w:pStyle w:val="{h1}"/>' + (num_pr(num_id, 0) if num_id != 1 else "")
        elif m := LEVEL2.match(stripped):
            forms["open"], forms["close"] = m.group(1), m.group(3)
            text = stripped[m.end():]
            num_id = numberer.ladder_at(1, chinese_value(m.group(2)))
            if mode != "plain" and is_standalone(text):
                ppr = f'<w:pStyle w:val="{h2}"/>' + (num_pr(num_id, 1) if num_id != 1 else "")
            else:
                ppr = num_pr(num_id, 1)
        elif m := ITEM.match(stripped):
            forms["item"] = m.group(2)
            text = stripped[m.end():]
            ppr = num_pr(numberer.item_at(int(m.group(1))), 0)
        paragraphs.append(f'<w:p w:rsidR="00A1B2C3"><w:pPr>{ppr}</w:pPr>{bookmark}{runs(text)}</w:p>')
    return paragraphs, numberer, forms


def lvl(ilvl, fmt, text, suff, pstyle=None):
    style = f'<w:pStyle w:val="{pstyle}"/>' if pstyle else ""
    suff_xml = f'<w:suff w:val="{suff}"/>' if suff != "tab" else ""
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{style}{suff_xml}'
        f'<w:lvlText w:val="{escape(text)}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr></w:lvl>'
    )


def numbering_xml(numberer, forms, mode):
    h1, h2 = ("1", "2") if mode == "styled" else (("2", "3") if mode == "wps" else (None, None))
    # WPS leaves the default tab suffix after 一、; Word users usually pick "nothing".
    suff = "tab" if mode == "wps" else "nothing"
    ladder = (
        lvl(0, "chineseCounting", "%1、", suff, h1)
        + lvl(1, "chineseCounting", f"{forms['open']}%2{forms['close']}", "nothing", h2)
        + lvl(2, "decimal", "%3.", "nothing")
    )
    items = lvl(0, "decimal", f"%1{forms['item']}", "nothing")
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering {NAMESPACES}>'
        f'<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>{ladder}</w:abstractNum>'
        f'<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="singleLevel"/>{items}</w:abstractNum>'
        f"{numberer.xml()}</w:numbering>"
    )


def styles_xml(mode):
    def style(style_id, name, extra="", based_on="a"):
        return (
            f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
            f'<w:basedOn w:val="{based_on}"/><w:next w:val="a"/><w:qFormat/>{extra}</w:style>'
        )

    normal = (
        '<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:qFormat/>'
        '<w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr>'
        '<w:rPr><w:rFonts w:eastAsia="仿宋_GB2312"/><w:sz w:val="32"/></w:rPr></w:style>'
    )
    title = style("Title", "Title", '<w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="44"/></w:rPr>')
    if mode == "styled":
        # Word: heading styles hold the outline level and the list they are numbered by.
        h1 = style("1", "heading 1", '<w:pPr><w:keepNext/><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr>')
        h2 = style("2", "heading 2", '<w:pPr><w:keepNext/><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr>', "1")
        heads = h1 + h2
    elif mode == "wps":
        # WPS: Chinese style names, no outline level in the style, numbering from the style.
        h1 = style("2", "标题 1", '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr>')
        h2 = style("3", "标题 2", '<w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr>')
        heads = h1 + h2
    else:
        heads = ""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles {NAMESPACES}>'
        f"{normal}{title}{heads}</w:styles>"
    )


def document_xml(paragraphs, namespaces=NAMESPACES, sect_extra=""):
    body = "".join(paragraphs)
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {namespaces}><w:body>{body}'
        f'<w:sectPr>{sect_extra}<w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/>'
        "</w:sectPr></w:body></w:document>"
    )


def write_package(name, document, styles=None, numbering=None, application="Microsoft Office Word", extra_parts=None):
    extra_parts = dict(extra_parts or {})
    rels = [('rId1', 'styles', 'styles.xml')] if styles else []
    if numbering:
        rels.append(("rId2", "numbering", "numbering.xml"))
    for rel_id, kind, target in extra_parts.pop("_rels", []):
        rels.append((rel_id, kind, target))
    for rel_id, kind, target in extra_parts.pop("_ext_rels", []):
        rels.append((rel_id, kind, target))
    types = extra_parts.pop("_types", {})
    overrides = {
        "/word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "/docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    }
    if styles:
        overrides["/word/styles.xml"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
    if numbering:
        overrides["/word/numbering.xml"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"
    for part in extra_parts:
        overrides["/" + part] = types.get("/" + part, "application/xml")
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{p}" ContentType="{c}"/>' for p, c in overrides.items())
        + "</Types>"
    )
    package_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>"
    )
    document_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="{i}" Type="{k if k.startswith("http") else "http://schemas.openxmlformats.org/officeDocument/2006/relationships/" + k}" Target="{tgt}"/>'
            for i, k, tgt in rels
        )
        + "</Relationships>"
    )
    app = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        f"<Application>{application}</Application></Properties>"
    )
    parts = {
        "[Content_Types].xml": content_types,
        "_rels/.rels": package_rels,
        "word/document.xml": document,
        "word/_rels/document.xml.rels": document_rels,
        "docProps/app.xml": app,
    }
    if styles:
        parts["word/styles.xml"] = styles
    if numbering:
        parts["word/numbering.xml"] = numbering
    parts.update(extra_parts)
    path = os.path.join(OUT, name)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, text in parts.items():
            info = zipfile.ZipInfo(part, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return path


def make_seeds():
    for seed in SEEDS:
        with open(os.path.join(ROOT, "fixtures", "seeds", seed + ".txt"), encoding="utf-8") as f:
            lines = f.read().split("\n")
        while lines and not lines[-1].strip():
            lines.pop()
        for mode in ("styled", "plain"):
            paragraphs, numberer, forms = seed_document(lines, mode)
            write_package(
                f"{seed}-{mode}.docx",
                document_xml(paragraphs),
                styles_xml(mode),
                numbering_xml(numberer, forms, mode),
            )
        if seed == "qianjin-2023":
            paragraphs, numberer, forms = seed_document(lines, "wps")
            custom = (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
                'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
                '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="KSOProductBuildVer">'
                "<vt:lpwstr>2052-12.1.0.16120</vt:lpwstr></property></Properties>"
            )
            write_package(
                f"{seed}-wps.docx",
                document_xml(paragraphs, WPS_NAMESPACES),
                styles_xml("wps"),
                numbering_xml(numberer, forms, "wps"),
                application="WPS Office_12.1.0.16120_F1E327BC-269C-435d-A152-05C5408002CA",
                extra_parts={"docProps/custom.xml": custom},
            )


def p(inner, ppr=""):
    return f"<w:p><w:pPr>{ppr}</w:pPr>{inner}</w:p>"


def r(text):
    return f"<w:r>{t(text)}</w:r>"


def make_small():
    # A table: reading order is row by row, cell by cell; a content control wraps one cell;
    # a merged cell continues empty; a nested table gets its own number.
    def tc(inner, props=""):
        return f"<w:tc><w:tcPr>{props}</w:tcPr>{inner}</w:tc>"

    VMERGE_RESTART = '<w:vMerge w:val="restart"/>'
    GRID_SPAN_2 = '<w:gridSpan w:val="2"/>'
    nested = f"<w:tbl><w:tr>{tc(p(r('内表甲')))}{tc(p(r('内表乙')))}</w:tr></w:tbl>"
    table = (
        "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
        f"<w:tr>{tc(p(r('指标')))}{tc(p(r('2022年')))}{tc(p(r('2023年')))}</w:tr>"
        f"<w:tr>{tc(p(r('行政复议案件')), VMERGE_RESTART)}"
        f"<w:sdt><w:sdtPr><w:alias w:val='数量'/></w:sdtPr><w:sdtContent>{tc(p(r('120件')))}</w:sdtContent></w:sdt>"
        f"{tc(p(r('135件')) + nested)}</w:tr>"
        f"<w:tr>{tc(p(''), '<w:vMerge/>')}{tc(p(r('纠错率')), GRID_SPAN_2)}</w:tr>"
        "</w:tbl>"
    )
    body = [p(r("表格前的段落。")), table, p(r("表格后的段落。"))]
    write_package("table.docx", document_xml(body))

    # A text box: Word writes it twice, as DrawingML in mc:Choice and as VML in mc:Fallback.
    box = lambda text: f"<w:txbxContent>{p(r(text))}</w:txbxContent>"
    textbox = (
        "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor><wp:docPr id=\"1\" name=\"文本框 1\"/>"
        f"<a:graphic><a:graphicData><wps:wsp><wps:txbx>{box('文本框里的文字。')}</wps:txbx></wps:wsp></a:graphicData></a:graphic>"
        "</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>"
        f"{box('文本框里的文字。')}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    body = [p(r("锚定文本框的段落。") + textbox), p(r("其后的段落。"))]
    write_package("textbox.docx", document_xml(body))

    # Tracked changes: insertions and moves-to are kept, deletions and moves-from dropped.
    tracked = (
        r("深入学习贯彻")
        + '<w:ins w:id="1" w:author="起草人" w:date="2024-03-01T10:00:00Z">' + r("习近平法治思想") + "</w:ins>"
        + '<w:del w:id="2" w:author="起草人" w:date="2024-03-01T10:00:00Z"><w:r><w:delText>习近平法制思想</w:delText></w:r></w:del>'
        + r("，")
        + '<w:moveFrom w:id="3" w:author="起草人"><w:r><w:t>旧位置的文字</w:t></w:r></w:moveFrom>'
        + r("推进法治政府建设。")
        + '<w:moveTo w:id="4" w:author="起草人"><w:r><w:t>新位置的文字。</w:t></w:r></w:moveTo>'
    )
    write_package("tracked.docx", document_xml([p(tracked)]))

    # Fields, hyperlinks, content controls, symbols and breaks; a footnote, a comment and a
    # header, which are not read into the body.
    fields = (
        r("第")
        + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
        + r("页，")
        + '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏的文字</w:t></w:r>'
        + '<w:fldSimple w:instr=" DATE \\@ &quot;yyyy年M月d日&quot; "><w:r><w:t>2024年3月1日</w:t></w:r></w:fldSimple>'
        + r("，详见")
        + '<w:hyperlink r:id="rId9" w:history="1"><w:r><w:t>政府网站</w:t></w:r></w:hyperlink>'
        + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "http://example.invalid" </w:instrText></w:r>'
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>公开专栏</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
        + r("。")
        + '<w:r><w:footnoteReference w:id="1"/></w:r>'
        + '<w:commentRangeStart w:id="0"/>'
        + '<w:sdt><w:sdtPr><w:alias w:val="单位"/></w:sdtPr><w:sdtContent><w:r><w:t>区司法局</w:t></w:r></w:sdtContent></w:sdt>'
        + '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>'
        + '<w:r><w:tab/><w:t>负责</w:t><w:sym w:font="Wingdings" w:char="F0FC"/><w:br/><w:t>第二行</w:t></w:r>'
    )
    sect = '<w:headerReference w:type="default" r:id="rId10"/><w:footerReference w:type="default" r:id="rId11"/>'
    header = f'<?xml version="1.0" encoding="UTF-8"?>\n<w:hdr {NAMESPACES}>{p(r("页眉文字"))}</w:hdr>'
    footer = f'<?xml version="1.0" encoding="UTF-8"?>\n<w:ftr {NAMESPACES}>{p(r("页脚文字"))}</w:ftr>'
    footnotes = f'<?xml version="1.0" encoding="UTF-8"?>\n<w:footnotes {NAMESPACES}><w:footnote w:id="1">{p(r("脚注文字"))}</w:footnote></w:footnotes>'
    write_package(
        "fields.docx",
        document_xml([p(fields)], sect_extra=sect),
        extra_parts={
            "word/header1.xml": header,
            "word/footer1.xml": footer,
            "word/footnotes.xml": footnotes,
            "_rels": [
                ("rId10", "header", "header1.xml"),
                ("rId11", "footer", "footer1.xml"),
                ("rId12", "footnotes", "footnotes.xml"),
            ],
        },
    )


def make_annotate_cases():
    """Findings in every kind of place an annotation can land, one paragraph each, in a
    document that already has a reviewer's comments (with the Word 2013+ extension parts),
    a reviewer's tracked changes and bookmarks."""
    bold = '<w:rPr><w:b/></w:rPr>'
    body = [
        p(r("某某区人民政府关于2023年法治政府建设情况的报告"), '<w:jc w:val="center"/>'),
        # A doubled word across two runs with different formatting, inside a bookmark.
        p(r("区委区政府全面推进行政") + '<w:bookmarkStart w:id="7" w:name="重点"/>'
          + f'<w:r>{bold}{t("行政执法")}</w:r><w:bookmarkEnd w:id="7"/>' + r("规范化建设。")),
        # Half-width comma inside a hyperlink.
        p(r("详见") + '<w:hyperlink w:anchor="重点" w:history="1">' + r("区政府网站,政务公开专栏") + "</w:hyperlink>" + r("。")),
        # A typo inside a run-level content control, then a half-width comma in plain text.
        p('<w:sdt><w:sdtPr><w:alias w:val="时间"/></w:sdtPr><w:sdtContent>' + r("截止目前") + "</w:sdtContent></w:sdt>"
          + r("共办理行政复议案件32件,行政诉讼案件15件。")),
        # A missing 年 inside another author's tracked insertion, and a deletion of theirs.
        p('<w:ins w:id="8" w:author="起草人" w:date="2024-03-01T10:00:00Z">' + r("2023共") + "</w:ins>"
          + r("收到行政复议申请11件")
          + '<w:del w:id="9" w:author="起草人" w:date="2024-03-01T10:00:00Z"><w:r><w:delText>（含撤回）</w:delText></w:r></w:del>'
          + r("。")),
        # A doubled word inside a complex HYPERLINK field's result.
        p(r("公布")
          + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "http://example.invalid/list" </w:instrText></w:r>'
          + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + r("行政行政审批事项清单") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
          + r("。")),
        # A half-width comma inside a simple field's result.
        p(r("依据") + '<w:fldSimple w:instr=" REF 重点 \\h ">' + r("清单一,清单二") + "</w:fldSimple>" + r("开展执法。")),
        # A doubled word in a text box (DrawingML choice and VML fallback, as Word writes it).
        p(r("附表说明：")
          + "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor><wp:docPr id=\"2\" name=\"文本框 2\"/>"
          + "<a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>" + p(r("文本框中推进行政行政复议。")) + "</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic>"
          + "</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>"
          + p(r("文本框中推进行政行政复议。")) + "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"),
        # Findings in a table cell, one of them made of entity-escaped text.
        "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>"
        + f"<w:tr><w:tc>{p(r('指标'))}</w:tc><w:tc>{p(r('说明'))}</w:tc></w:tr>"
        + f"<w:tr><w:tc>{p(r('普法场次'))}</w:tc><w:tc>{p(r('开展近600余场次，印发《关于落实<实施方案>的通知》'))}</w:tc></w:tr></w:tbl>",
        # Spaces that a split must keep, a reviewer's comment on other words, and a term.
        p(r("投入经费 2023") + r("年共计311余万元，") + '<w:commentRangeStart w:id="0"/>' + r("深入学习贯彻习近平法制思想")
          + '<w:commentRangeEnd w:id="0"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="0"/></w:r>'
          + r("。")),
        p('<w:commentRangeStart w:id="1"/>' + r("特此报告。") + '<w:commentRangeEnd w:id="1"/><w:r><w:commentReference w:id="1"/></w:r>'),
    ]
    comment = lambda cid, para_id, text: (
        f'<w:comment w:id="{cid}" w:author="审核人" w:date="2024-03-02T09:00:00Z" w:initials="审">'
        f'<w:p w14:paraId="{para_id}" w14:textId="77777777"><w:r><w:annotationRef/></w:r>{r(text)}</w:p></w:comment>'
    )
    comments = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:comments {NAMESPACES}>'
        + comment(0, "1A2B3C4D", "请核对提法。") + comment(1, "1A2B3C4E", "落款缺署名。") + "</w:comments>"
    )
    w15 = "http://schemas.microsoft.com/office/word/2012/wordml"
    extended = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w15:commentsEx xmlns:w15="{w15}">'
        '<w15:commentEx w15:paraId="1A2B3C4D" w15:done="0"/><w15:commentEx w15:paraId="1A2B3C4E" w15:done="1"/></w15:commentsEx>'
    )
    w16cid = "http://schemas.microsoft.com/office/word/2016/wordml/cid"
    ids = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w16cid:commentsIds xmlns:w16cid="{w16cid}">'
        '<w16cid:commentId w16cid:paraId="1A2B3C4D" w16cid:durableId="2A3B4C5D"/><w16cid:commentId w16cid:paraId="1A2B3C4E" w16cid:durableId="2A3B4C5E"/></w16cid:commentsIds>'
    )
    write_package(
        "annotate-cases.docx",
        document_xml(body),
        styles_xml("plain"),
        extra_parts={
            "word/comments.xml": comments,
            "word/commentsExtended.xml": extended,
            "word/commentsIds.xml": ids,
            "_rels": [
                ("rId20", "comments", "comments.xml"),
                # The extension parts' relationship types are Microsoft's own namespaces.
            ],
            "_ext_rels": [
                ("rId21", "http://schemas.microsoft.com/office/2011/relationships/commentsExtended", "commentsExtended.xml"),
                ("rId22", "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds", "commentsIds.xml"),
            ],
            "_types": {
                "/word/comments.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
                "/word/commentsExtended.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml",
                "/word/commentsIds.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsIds+xml",
            },
        },
    )


def libreoffice_round_trip():
    """hubin-2023-styled.docx opened and saved again by LibreOffice Writer."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("soffice not found: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "hubin-2023-lo.docx")
        shutil.copy(os.path.join(OUT, "hubin-2023-styled.docx"), src)
        out = os.path.join(tmp, "out")
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to",
             "docx:MS Word 2007 XML", "--outdir", out, src],
            check=True, capture_output=True,
        )
        shutil.copy(os.path.join(out, "hubin-2023-lo.docx"), os.path.join(OUT, "hubin-2023-lo.docx"))


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    make_seeds()
    make_small()
    make_annotate_cases()
    if "--libreoffice" in sys.argv:
        libreoffice_round_trip()
