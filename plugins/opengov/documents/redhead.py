"""The parts of a 红头文件 (党政机关公文格式 GB/T 9704) among a document's blocks.

A county document reads, top to bottom: the issuing office's banner line (示例县人民政府办公室
文件), the 文号 (示府办发〔2017〕45号, perhaps with 签发人 on the same line), the title (关于……
的通知, sometimes over two lines), the 主送 line (各乡镇人民政府，县级各部门：), the body, the
附件 list (附件：1．…  2．…), the signature (the organisation, then the date: 2017年7月27日, or
二〇一七年七月二十七日), a note such as （此件公开发布）, and the 版记 (抄送：…, ……印发).

:func:`read_parts` finds each part by its form, never by guessing: a part that is not
there is None, and the caller asks the editor for it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .docx_blocks import Block, Para

_SPACE = re.compile(r"[\s\u3000\u00a0]+")
DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fffA-Za-z]{1,16}\s*[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*第?\s*\d{1,5}\s*号"
)
# 文种 (GB/T 9704 and what counties publish): a title ends with one of them.
_KINDS = (
    "通知|通报|意见|决定|办法|规定|公告|通告|报告|请示|批复|函|方案|规划|细则|纪要|决议|命令|议案|"
    "公报|条例|计划|要点|规则|指引|清单|目录|标准|公示|说明|解读|总结|安排"
)
_TITLE = re.compile(rf"^关于.+|.+(?:{_KINDS})(?:（[^）]*）)?$")
_RECIPIENTS = re.compile(r"^[^。]{2,120}[：:]$")
_ARABIC_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_CN_DIGITS = "〇一二三四五六七八九"
_CN_DATE = re.compile(
    r"^([〇○零Ｏ0一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$"
)
_ATTACHMENTS = re.compile(r"^附\s*件\s*[：:]\s*(.*)$")
_LIST_ENTRY = re.compile(r"^(\d{1,2})\s*[．.、]\s*(.+)$")
_NOTE = re.compile(r"^[（(]此件.{0,20}[）)]$")
_IMPRINT = re.compile(r"^(抄送|抄报|主题词)[：:]|印发$|^[（(]?共印\d+份[）)]?$")
# The end of an organisation's name: 示例县人民政府办公室, 县财政局, 县卫生健康委员会…
_ORGANISATION = re.compile(
    r"(政府|办公室|委员会|局|委|办|厅|部|中心|院|所|站|队|会|公司|处|室|组|镇|乡|街道办事处|社)$"
)


@dataclass
class RedHead:
    banner: str | None = None
    doc_number: str | None = None
    title: str | None = None
    recipients: str | None = None
    body: list[Block] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)  # names from the 附件 list
    signers: list[str] = field(default_factory=list)  # organisations of the signature
    written: dt.date | None = None
    written_text: str | None = None


def plain(text: str) -> str:
    """The text without Word's indentation and layout spaces (2017年7月27日 stays apart from nothing)."""
    return _SPACE.sub(" ", text).strip()


def _tight(text: str) -> str:
    """The text without any spaces: titles and dates are spread out with spaces in Word."""
    return _SPACE.sub("", text)


def parse_date(text: str) -> dt.date | None:
    """2017年7月27日, 二〇一七年七月二十七日 (〇, ○ or 零); None when it is no date of the calendar."""
    tight = _tight(text)
    found = _ARABIC_DATE.match(tight)
    if found:
        year, month, day = (int(g) for g in found.groups())
    else:
        found = _CN_DATE.match(tight)
        if not found:
            return None
        digits = found.group(1).translate(str.maketrans("○零Ｏ", "〇〇〇"))
        year = int("".join(str(_CN_DIGITS.index(c)) if c in _CN_DIGITS else c for c in digits))
        cn_month, cn_day = _cn_number(found.group(2)), _cn_number(found.group(3))
        if cn_month is None or cn_day is None:
            return None
        month, day = cn_month, cn_day
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _cn_number(text: str) -> int | None:
    """一 … 三十一."""
    if text == "十":
        return 10
    tens, _, ones = text.rpartition("十")
    if "十" in text:
        ten = _CN_DIGITS.index(tens) if tens else 1
        one = _CN_DIGITS.index(ones) if ones else 0
        return ten * 10 + one if ten and ones in ("", *_CN_DIGITS[1:]) else None
    return _CN_DIGITS.index(text) if text in _CN_DIGITS[1:] else None


def _text(block: Block) -> str:
    return block.text if isinstance(block, Para) else ""


def _paras(blocks: list[Block]) -> list[tuple[int, str]]:
    """(index, tight text) of the paragraphs that hold text."""
    return [(i, _tight(b.text)) for i, b in enumerate(blocks) if isinstance(b, Para) and _tight(b.text)]


def read_parts(blocks: list[Block]) -> RedHead:
    parts = RedHead()
    paras = _paras(blocks)
    if not paras:
        return parts
    start = _read_head(blocks, paras, parts)
    end = _read_tail(blocks, paras, parts, start)
    body = blocks[start:end]
    # Empty paragraphs at either end are layout, not content.
    while body and isinstance(body[0], Para) and not _tight(body[0].text) and not body[0].images:
        body.pop(0)
    parts.body = body
    return parts


def _read_head(blocks: list[Block], paras: list[tuple[int, str]], parts: RedHead) -> int:
    """Banner, 文号, title and 主送; returns the index of the first body block."""
    position = 0  # into paras
    for k, (_index, text) in enumerate(paras[:6]):
        found = DOC_NUMBER.search(text)
        if found and len(text) <= len(found.group(0)) + 24:  # the line is the 文号 (and 签发人)
            parts.doc_number = found.group(0)
            banner = [t for _i, t in paras[:k]]
            parts.banner = "".join(banner) or None
            position = k + 1
            break
    else:
        if len(paras) > 1 and paras[0][1].endswith("文件") and not _TITLE.match(paras[0][1]):
            parts.banner = paras[0][1]
            position = 1
    if position >= len(paras):
        return len(blocks)
    index, text = paras[position]
    if not _TITLE.match(text) and not _centered(blocks, index):
        return index  # no title the document itself marks as one
    title = [text]
    position += 1
    # A title broken over lines: the next centred lines, until the 主送 or the body.
    while position < len(paras) and len(title) < 3:
        index, text = paras[position]
        block = blocks[index]
        if _RECIPIENTS.match(text) or not _centered(blocks, index) or not isinstance(block, Para):
            break
        title.append(text)
        position += 1
    parts.title = "".join(title)
    if position < len(paras) and _RECIPIENTS.match(paras[position][1]):
        parts.recipients = plain(_text(blocks[paras[position][0]]))  # stays the body's first line
    return paras[position - 1][0] + 1


def _centered(blocks: list[Block], index: int) -> bool:
    block = blocks[index]
    return isinstance(block, Para) and block.centered


def _read_tail(blocks: list[Block], paras: list[tuple[int, str]], parts: RedHead, start: int) -> int:
    """版记, signature, date and 附件 list; returns the index just after the body."""
    tail = [(i, t) for i, t in paras if i >= start]
    end = len(blocks)  # images and tables after the last line of text are the body's too
    while tail and (_IMPRINT.search(tail[-1][1]) or _NOTE.match(tail[-1][1])):
        end = tail.pop()[0]
    # The date stands on its own line, after the organisation (or below a seal).
    last = len(tail)  # the signature's organisations end before this
    for k in range(len(tail) - 1, max(-1, len(tail) - 5), -1):
        written = parse_date(tail[k][1])
        if written is not None:
            parts.written, parts.written_text = written, plain(_text(blocks[tail[k][0]]))
            last = k
            break
    # Without a date, only lines set to the right are a signature (a short last paragraph
    # of the body may end like a name).
    signers: list[str] = []
    j = last - 1
    while j >= 0 and len(signers) < 4 and len(tail[j][1]) <= 30 and _ORGANISATION.search(tail[j][1]):
        block = blocks[tail[j][0]]
        if parts.written is None and not (isinstance(block, Para) and block.right):
            break
        signers.insert(0, tail[j][1])
        j -= 1
    parts.signers = signers
    if parts.written is not None or signers:
        end = tail[j + 1][0]
        tail = tail[: j + 1]
    return _read_attachments(blocks, tail, parts, max(end, start))


def _read_attachments(blocks: list[Block], tail: list[tuple[int, str]], parts: RedHead, end: int) -> int:
    """The 附件 list at the end of the body (附件：1．名称 / 2．名称 …)."""
    for k in range(len(tail) - 1, max(-1, len(tail) - 12), -1):
        found = _ATTACHMENTS.match(tail[k][1])
        if not found:
            continue
        names: list[str] = []
        first = found.group(1)
        if first:
            entry = _LIST_ENTRY.match(first)
            names.append(entry.group(2) if entry else first)
        for _index, text in tail[k + 1 :]:
            entry = _LIST_ENTRY.match(text)
            if not entry:
                return end  # something else follows: not a list of attachments
            names.append(entry.group(2))
        if names:
            parts.attachments = [name.rstrip("。；;") for name in names]
            return tail[k][0]
    return end
