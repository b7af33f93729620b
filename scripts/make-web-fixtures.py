#!/usr/bin/env python3
"""Builds fixtures/html/ and fixtures/pdf/ from the five seed reports in fixtures/seeds/.

HTML: each seed becomes a government article page with the site around it (navigation,
breadcrumb, 发布时间 line, share bar, 打印此文 关闭窗口, footer), in a different CMS layout
each; one page is GBK. PDF: each seed is written as a flat ODT in 公文 layout (A4, 16 pt body
with a two-character first-line indent, centred 22 pt title, "- N -" page numbers in the
footer) and converted by LibreOffice. Hanging punctuation is off: with it on, LibreOffice
7.4 drew no 。 or ， at all where one hung at a line end, so the PDF lost characters. A scanned-like PDF (page images only) and a truncated
PDF are derived from hubin-2023.pdf.

Needs: python3, LibreOffice (apt-get install libreoffice-writer), poppler-utils (pdftoppm),
img2pdf, and a CJK font (fonts-noto-cjk). Run from the repository root:
    python3 scripts/make-web-fixtures.py
"""

import html
import os
import re
import shutil
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = os.path.join(ROOT, "fixtures", "seeds")
HTML_DIR = os.path.join(ROOT, "fixtures", "html")
PDF_DIR = os.path.join(ROOT, "fixtures", "pdf")

# title: how many leading lines are the title; chrome: 1-based seed lines that were page
# text copied along with the report (they go to the page around the article, not into it);
# container: the CMS article container (None: a layout no known container matches);
# meta: whether the page carries ArticleTitle/PubDate meta tags or shows the date only.
PAGES = {
    "hubin-2023": dict(title=1, chrome=[], container='id="zoom"', site="湖滨区人民政府",
                       published="2024-03-28 10:12", meta=True, encoding="utf-8"),
    "huangshui-2023": dict(title=2, chrome=[], container='class="TRS_Editor"', site="黄水镇人民政府",
                           published="2024-03-20 16:40", meta=True, encoding="utf-8"),
    "huiji-2022": dict(title=1, chrome=[2, 81, 82], container='id="UCAP-CONTENT"', site="郑州市惠济区人民政府",
                       published=None, meta=False, encoding="gbk"),
    "qianjin-2023": dict(title=2, chrome=[], container='class="pages_content"', site="佳木斯市前进区人民政府",
                         published="2024-03-28 09:30", meta=False, encoding="utf-8"),
    "shennongjia-2024": dict(title=1, chrome=[], container=None, site="神农架林区人民政府",
                             published="2025-03-25 11:05", meta=True, encoding="utf-8"),
}

SCRIPT = ('<script type="text/javascript">var shareTitle = "脚本里的文字不是报告内容";'
          'document.write("<span>脚本写入的文字</span>");</script>')


def seed_lines(name):
    with open(os.path.join(SEEDS, name + ".txt"), encoding="utf-8") as f:
        return f.read().split("\n")


def page(name, cfg, published_override=None):
    lines = seed_lines(name)
    title = [l.strip() for l in lines[: cfg["title"]]]
    chrome = [lines[n - 1].strip() for n in cfg["chrome"]]
    body = [l for i, l in enumerate(lines) if i >= cfg["title"] and i + 1 not in cfg["chrome"]]
    published = published_override or cfg["published"]
    if published:
        info = f"发布时间：{published} 来源：{cfg['site']}司法局"
    else:
        info = chrome[0].replace("\xa0", " ")
    charset = "gb2312" if cfg["encoding"] == "gbk" else "utf-8"
    metas = ""
    if cfg["meta"]:
        metas = (f'<meta name="ArticleTitle" content="{html.escape("".join(title))}">\n'
                 f'<meta name="PubDate" content="{published}">\n'
                 f'<meta name="ContentSource" content="{cfg["site"]}司法局">\n'
                 '<meta name="ColumnName" content="法治政府建设年度报告">\n')
    paragraphs = []
    for line in body:
        if not line.strip():
            continue
        text = html.escape(line.strip().replace("\xa0", " "))
        paragraphs.append(f'<p style="text-indent:2em;">{text or "&nbsp;"}</p>')
    # The article's own title lines, broken as the report breaks them.
    h1 = "<br>\n".join(html.escape(t) for t in title)
    content = "\n".join(paragraphs)
    if cfg["container"]:
        article = f'<div {cfg["container"]}>\n{SCRIPT}\n{content}\n</div>'
    else:
        article = f'<div class="main-text">\n{SCRIPT}\n{content}\n</div>'
    tail = "".join(f"<span>{html.escape(c)}</span> " for c in chrome[1:]) or "<a>打印此文</a> <a>关闭窗口</a>"
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{html.escape("".join(title))}_法治政府建设年度报告_{cfg["site"]}</title>
{metas}<link rel="stylesheet" href="/css/style.css">
<style>.nav li {{ float: left; }} .footer {{ color: #666; }}</style>
<script src="/js/jquery.min.js"></script>
</head>
<body>
<div class="top">今天是：<span id="today"></span> <a href="#">无障碍</a> <a href="#">简体</a>|<a href="#">繁体</a></div>
<div class="header"><img src="/images/logo.png" alt="{cfg["site"]}"></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li>
<li><a href="/hdjl/">互动交流</a></li><li><a href="/zjxq/">走进{cfg["site"][:-4]}</a></li></ul>
<div class="position">您所在的位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/fzzf/">法治政府建设年度报告</a></div>
<div class="article">
<h1 class="article-title">{h1}</h1>
<div class="article-info">{html.escape(info)} 浏览次数：<span id="hits">1265</span> 【字体：<a>大</a> <a>中</a> <a>小</a>】</div>
{article}
<div class="share">分享到：<a>微信</a> <a>微博</a></div>
<div class="tools">{tail}</div>
</div>
<div class="related"><h3>相关链接</h3><ul><li><a href="#">关于2021年法治政府建设情况的报告</a></li>
<li><a href="#">关于2020年法治政府建设情况的报告</a></li></ul></div>
<div class="footer">主办单位：{cfg["site"]}办公室 地址：某某路1号 邮编：000000<br>
网站标识码：0000000000 备案号：某ICP备00000000号 <a href="#">网站地图</a> <a href="#">联系我们</a></div>
<script>document.getElementById("today").innerHTML = new Date().toLocaleDateString();</script>
</body>
</html>
"""


def write_pages():
    os.makedirs(HTML_DIR, exist_ok=True)
    for name, cfg in PAGES.items():
        text = page(name, cfg)
        with open(os.path.join(HTML_DIR, name + ".html"), "wb") as f:
            f.write(text.encode("gbk" if cfg["encoding"] == "gbk" else "utf-8"))
    # Published after the 4月1日 deadline (a 2023 report on 2024-04-15).
    late = page("hubin-2023", PAGES["hubin-2023"], published_override="2024-04-15 09:00")
    with open(os.path.join(HTML_DIR, "hubin-2023-late.html"), "w", encoding="utf-8") as f:
        f.write(late)


FODT_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="Noto Serif CJK SC" svg:font-family="'Noto Serif CJK SC'"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties style:punctuation-wrap="simple"/>
  <style:text-properties style:font-name="Noto Serif CJK SC" fo:font-size="16pt"
   style:font-name-asian="Noto Serif CJK SC" style:font-size-asian="16pt" fo:language="zh" fo:country="CN"
   style:language-asian="zh" style:country-asian="CN"/>
 </style:default-style>
 <style:style style:name="Body" style:family="paragraph">
  <style:paragraph-properties fo:text-indent="32pt" fo:text-align="justify" fo:line-height="28pt"
   style:punctuation-wrap="simple"/>
 </style:style>
 <style:style style:name="Title" style:family="paragraph">
  <style:paragraph-properties fo:text-align="center" fo:margin-bottom="12pt"/>
  <style:text-properties fo:font-size="22pt" style:font-size-asian="22pt" fo:font-weight="bold"
   style:font-weight-asian="bold"/>
 </style:style>
 <style:style style:name="Right" style:family="paragraph">
  <style:paragraph-properties fo:text-align="end" fo:margin-right="32pt"/>
 </style:style>
 <style:style style:name="Footer" style:family="paragraph">
  <style:paragraph-properties fo:text-align="center"/>
  <style:text-properties fo:font-size="14pt" style:font-size-asian="14pt"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="pm1">
  <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="3.7cm"
   fo:margin-bottom="2.0cm" fo:margin-left="2.8cm" fo:margin-right="2.6cm"/>
  <style:footer-style><style:header-footer-properties fo:min-height="1cm"/></style:footer-style>
 </style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="pm1">
  <style:footer><text:p text:style-name="Footer">- <text:page-number text:select-page="current"/> -</text:p></style:footer>
 </style:master-page>
</office:master-styles>
<office:body><office:text>
"""

DATE_LINE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")


def fodt(name, cfg):
    lines = seed_lines(name)
    out = [FODT_HEAD]
    for i, line in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        style = "Title" if i < cfg["title"] else ("Right" if DATE_LINE.match(text) else "Body")
        out.append(f'<text:p text:style-name="{style}">{html.escape(text, quote=False)}</text:p>\n')
    out.append("</office:text></office:body></office:document>\n")
    return "".join(out)


# Seeds printed plain from their .txt (fixtures/pdf/plain/).
PLAIN_PRINTS = ["huangshui-2023", "qianjin-2023", "shennongjia-2024"]


def write_pdfs():
    os.makedirs(PDF_DIR, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, cfg in PAGES.items():
            src = os.path.join(tmp, name + ".fodt")
            with open(src, "w", encoding="utf-8") as f:
                f.write(fodt(name, cfg))
            subprocess.run(["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, src],
                           check=True, stdout=subprocess.DEVNULL)
            shutil.copy(os.path.join(tmp, name + ".pdf"), os.path.join(PDF_DIR, name + ".pdf"))
        # A scan: the first two pages as 40 dpi grey images, wrapped back into a PDF.
        subprocess.run(["pdftoppm", "-r", "40", "-gray", "-png", "-f", "1", "-l", "2",
                        os.path.join(PDF_DIR, "hubin-2023.pdf"), os.path.join(tmp, "scan")], check=True)
        images = sorted(p for p in os.listdir(tmp) if p.startswith("scan") and p.endswith(".png"))
        subprocess.run(["img2pdf", *[os.path.join(tmp, p) for p in images], "-o",
                        os.path.join(PDF_DIR, "scanned.pdf")], check=True)
    # Plain prints: the .txt opened in LibreOffice as it is (left-aligned, no indent, default
    # margins) and printed, like a draft printed straight from a text editor. Lines end short by
    # up to a character where half-width digits or a closing mark cannot start the next line.
    plain = os.path.join(PDF_DIR, "plain")
    os.makedirs(plain, exist_ok=True)
    for name in PLAIN_PRINTS:
        subprocess.run(["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", plain,
                        os.path.join(ROOT, "fixtures", "seeds", name + ".txt")],
                       check=True, stdout=subprocess.DEVNULL)
    # A download cut off half-way.
    with open(os.path.join(PDF_DIR, "hubin-2023.pdf"), "rb") as f:
        data = f.read()
    with open(os.path.join(PDF_DIR, "truncated.pdf"), "wb") as f:
        f.write(data[: len(data) // 2])


if __name__ == "__main__":
    write_pages()
    write_pdfs()
