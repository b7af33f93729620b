#!/usr/bin/env python3
"""Batches of reports with planted near-copies, for the batch comparison (compare/similar).

    scripts/make-batch.py fixtures            rewrites fixtures/batch-similar/ (planted pairs in
                                              its PLANTED file)
    scripts/make-batch.py bench N DIR         writes N synthetic reports into DIR and the planted
                                              pairs into DIR/../planted-N.txt (one pair a line)

A copy is what copying really looks like: another issuer in the title and the text, every year
moved on by one, every number changed, the 一是/二是 items of a sentence swapped, semicolons and
commas re-punctuated and a few words changed. The output is the same for the same arguments.
"""

import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"

WORDS = [("进一步", "更加"), ("加强", "强化"), ("推进", "推动"), ("全面", "切实"), ("不断", "持续")]


def redate(text):
    return re.sub(r"20(\d\d)", lambda m: f"20{int(m.group(1)) + 1:02d}", text)


def renumber(text, rng):
    # Years are four digits starting with 20; other numbers get a new value of like size.
    def new(m):
        s = m.group(0)
        if len(s) == 4 and s.startswith("20"):
            return s
        return str(rng.randint(max(1, 10 ** (len(s) - 1)), 10 ** len(s) - 1))

    return re.sub(r"\d+", new, text)


def swap_items(text):
    # 一是A；二是B → 一是B；二是A, within one sentence.
    pattern = r"一是([^；。一二]{6,80}?)；二是([^；。]{6,80}?)(?=[；。])"
    return re.sub(pattern, lambda m: f"一是{m.group(2)}；二是{m.group(1)}", text)


def repunctuate(text):
    # Semicolons become full stops and every third comma inside a paragraph a semicolon.
    text = text.replace("；", "。")
    seen = [0]

    def comma(m):
        seen[0] += 1
        return "；" if seen[0] % 3 == 0 else "，"

    return re.sub(r"，", comma, text)


def change_words(text):
    for old, new in WORDS[:3]:
        text = text.replace(old, new)
    return text


def copy_of(text, issuer_old, issuer_new, rng):
    text = text.replace(issuer_old, issuer_new)
    return change_words(repunctuate(swap_items(renumber(redate(text), rng))))


def with_title_issuer(text, issuer):
    first, rest = text.split("\n", 1)
    title = first.strip()
    if not title.startswith(issuer):
        title = issuer + title
    return title + "\n" + rest


def seed(name):
    return (SEEDS / name).read_text(encoding="utf-8")


CONTROL_A = """西岭县人民政府关于2024年法治政府建设情况的报告

2024年，西岭县坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，围绕县委县政府中心工作推进依法行政。现将有关情况报告如下：
一、主要举措和成效
（一）抓学法用法。县政府常务会议全年安排会前学法十一次，内容涉及行政复议法、安全生产法和土地管理法实施条例，领导干部旁听庭审一次。
（二）抓制度建设。全年出台规范性文件四件，均经过合法性审查并报县人大常委会备案，未发生被纠错的情况。乡镇合法性审查目录清单在年中全部公布。
（三）抓执法规范。县司法局牵头组织执法案卷集中评查，共抽取案卷一百八十卷，发现的文书不规范问题已经逐件反馈到执法单位。
（四）抓矛盾化解。县乡两级公共法律服务中心接待群众咨询两千余人次，人民调解组织调处邻里纠纷四百余件，未发生因纠纷激化引发的案件。
二、存在的不足和原因
个别乡镇对合法性审查重视不够，审查人员多为兼职，专业力量偏弱；部分执法单位的案卷归档仍不及时。
三、2025年工作安排
一是配齐乡镇合法性审查人员，每季度开展一次业务培训；二是推行执法案卷电子归档，年底前覆盖全部执法单位。
特此报告。

西岭县人民政府
2025年2月10日
"""

CONTROL_B = """南湖街道办事处关于2024年法治政府建设情况的报告

2024年，南湖街道坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，把法治建设融入基层治理各方面。现将有关情况报告如下：
一、主要举措和成效
（一）健全议事规则。街道党工委会议和主任办公会议修订议事规则，重大事项一律经过法律顾问审核后再上会研究，全年审核合同和协议三十余份。
（二）做实社区普法。依托新时代文明实践站开设“周末法律课堂”，邀请律师讲解婚姻家庭、物业管理和劳动用工方面的常见问题，居民参与踊跃。
（三）规范综合执法。街道综合行政执法队全面使用执法记录仪，对占道经营、违规搭建等问题先劝导后处罚，全年没有发生行政复议被撤销的案件。
二、存在的不足和原因
法律顾问只有一名，审核任务集中时难以及时完成；社区普法对年轻居民吸引力不足。
三、2025年工作安排
一是通过政府购买服务增加一名法律顾问；二是在街道公众号开设普法短视频栏目。
特此报告。

南湖街道办事处
2025年1月25日
"""


def html_of(text, title):
    paragraphs = "\n".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    return f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head>\n<body>\n{paragraphs}\n</body></html>\n"


def fixtures():
    out = ROOT / "fixtures" / "batch-similar"
    out.mkdir(exist_ok=True)
    rng = random.Random(17)
    hubin = with_title_issuer(seed("hubin-2023.txt"), "湖滨区人民政府")
    hubin_2024 = (ROOT / "fixtures" / "history" / "hubin-2024.txt").read_text(encoding="utf-8")
    files = {
        "hubin-2023.txt": hubin,
        "hubin-2024.txt": with_title_issuer(hubin_2024, "湖滨区人民政府"),
        "huangshui-2023.txt": seed("huangshui-2023.txt"),
        "huiji-2022.txt": seed("huiji-2022.txt"),
        "qianjin-2023.txt": seed("qianjin-2023.txt"),
        "shennongjia-2024.txt": with_title_issuer(seed("shennongjia-2024.txt"), "神农架林区人民政府"),
        # Planted: hubin under another issuer, re-dated, renumbered, items swapped, re-punctuated.
        "xikou-2024.txt": copy_of(hubin, "湖滨区", "溪口区", rng),
        # Planted: qianjin under another issuer, as a web page, two parts of its body left out.
        "dongfeng-2023.html": html_of(
            drop_lines(copy_of(seed("qianjin-2023.txt"), "佳木斯市前进区", "佳木斯市东风区", rng), [5, 9]),
            "佳木斯市东风区人民政府关于2023年度法治政府建设情况的报告",
        ),
        # Controls: the same boilerplate and topics, their own words.
        "xiling-2024.txt": CONTROL_A,
        "nanhu-2024.txt": CONTROL_B,
    }
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
    (out / "PLANTED").write_text(
        "# Planted near-copies (scripts/make-batch.py fixtures); every other pair shares at most boilerplate.\n"
        "hubin-2023.txt xikou-2024.txt\nqianjin-2023.txt dongfeng-2023.html\n",
        encoding="utf-8",
    )


def drop_lines(text, numbers):
    lines = text.split("\n")
    return "\n".join(line for idx, line in enumerate(lines) if idx not in numbers)


# Synthetic batches for the benchmark: each report is sentences of the seeds in its own order
# with a share of its characters replaced by its own, so unrelated reports share topics and stock
# phrases (the opening, the closing) but little text.
OPENING = "坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，全面落实法治政府建设实施纲要。"
PLACES = "东南西北中上下前后新老大小金银青红白山水河湖川林田桥"


def bench(n, out_dir):
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    sentences = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sentences.extend(s + "。" for s in text.replace("\n", "").split("。") if len(s) > 20)
    alphabet = sorted(set("".join(sentences)) - set("，。；：、（）“”《》0123456789"))
    rng = random.Random(n)
    planted = []
    idx = 0
    while idx < n:
        issuer = f"{rng.choice(PLACES)}{rng.choice(PLACES)}{idx}县人民政府"
        own = {c: rng.choice(alphabet) for c in rng.sample(alphabet, len(alphabet) // 3)}
        body = []
        for _ in range(60):
            s = rng.choice(sentences)
            body.append("".join(own.get(c, c) for c in s))
        lines = [f"{issuer}关于2023年法治政府建设情况的报告", "", f"2023年，{issuer}{OPENING}"]
        for k in range(0, len(body), 6):
            lines.append("".join(body[k : k + 6]))
        lines.append("特此报告。")
        text = "\n".join(lines) + "\n"
        (out_dir / f"r{idx:05d}.txt").write_text(text, encoding="utf-8")
        # Every tenth report gets a planted copy under another issuer.
        if idx % 10 == 0 and idx + 1 < n:
            other = f"{rng.choice(PLACES)}{rng.choice(PLACES)}{idx + 1}县人民政府"
            (out_dir / f"r{idx + 1:05d}.txt").write_text(copy_of(text, issuer, other, rng), encoding="utf-8")
            planted.append((f"r{idx:05d}.txt", f"r{idx + 1:05d}.txt"))
            idx += 2
        else:
            idx += 1
    with open(out_dir.parent / f"planted-{n}.txt", "w", encoding="utf-8") as f:
        for a, b in planted:
            f.write(f"{a} {b}\n")


if __name__ == "__main__":
    if sys.argv[1:2] == ["fixtures"]:
        fixtures()
    elif sys.argv[1:2] == ["bench"] and len(sys.argv) == 4:
        bench(int(sys.argv[2]), sys.argv[3])
    else:
        sys.exit(__doc__)
