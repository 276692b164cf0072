"""The privacy guard: personal numbers in published text (CONTRACT §5).

Pure functions, no MkDocs. Three kinds of number are found:

- ``pii-id-number``: an 18-character resident ID number, 17 digits and a digit or
  ``X``/``x``, whose GB 11643 check digit is right. Region code and birth date are
  not checked. An ID-shaped number with a wrong check digit is not an ID number and
  is not judged as a card either.
- ``pii-mobile``: a mainland mobile number, 11 digits ``1[3-9]…``, written together
  or as 3-4-4 with spaces or hyphens, optionally after ``+86`` or ``(+86)``, or after
  ``86`` or ``0086`` and a space or hyphen. Glued to a bare ``86``/``0086`` it is part of
  a longer number (CONTRACT §5: only ``+86`` is a prefix written together).
- ``pii-bank-card``: 16–19 digits, together or in groups of four (the last group may
  hold 1–3 digits) joined by spaces or hyphens, passing the Luhn check.

A number counts only as a whole:

- a digit (ASCII or full-width), a mask character (``*``, ``＊``, ``×``) or a decimal
  point followed by a digit directly before or after a number makes it part of a
  longer number (or an amount, or a masked number), which is not matched; an ``X``
  directly after a digit run makes it an ID-style number that only the ID rule
  judges;
- a number written in groups (``138 1234 5678``, ``6222 0212 3456 7890``) that is
  followed by one more short group (a separator and 1–4 digits or mask characters)
  is part of a longer grouped number, and one preceded by a mask group
  (``**** 1234 …``) is masked.

Full-width digits (``０``–``９``) count as digits. Everything matched is reported
as written in the text (with any ``+86`` prefix). Strings in ``allow`` (the item's
``pii_allow``) pass: a hit is allowed when its text equals an allowed string, when
its digits equal the allowed string's digits (a mobile's ``86`` prefix ignored), or
when an allowed string occurs in the text covering the hit.
"""

from __future__ import annotations

import pathlib
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .extract import Unreadable, text_blocks
from .readerview import reader_view, wants_reader_view

__all__ = [
    "PiiHit",
    "UnreadableAttachment",
    "gb11643_valid",
    "luhn_valid",
    "scan_markdown",
    "scan_text",
    "scan_file",
]

ID_NUMBER = "pii-id-number"
MOBILE = "pii-mobile"
BANK_CARD = "pii-bank-card"
#: What each code finds, in an editor's words.
KIND_NAMES = {ID_NUMBER: "居民身份证号码", MOBILE: "手机号码", BANK_CARD: "银行卡号"}


def masked(text: str) -> str:
    """A found number as a message shows it: never the whole number again."""
    return text[:3] + "****" + text[-4:] if len(text) > 7 else "****"


@dataclass(frozen=True)
class PiiHit:
    """One personal number found in a text.

    ``code`` is ``pii-id-number``, ``pii-mobile`` or ``pii-bank-card``; ``line`` is
    1-based within the scanned text (or the row / paragraph of an attachment);
    ``text`` is the number as written.
    """

    code: str
    line: int
    text: str
    where: str = field(default="", compare=False)  # an attachment's part, e.g. 工作表“名单”第 3 行


#: :func:`scan_file` could not read a file that may hold text (see :mod:`extract`).
UnreadableAttachment = Unreadable


# --------------------------------------------------------------------------- validators

_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９Ｘｘ＊",
    "0123456789Xx*",
)
_NON_DIGITS = re.compile(r"[^0-9]+")
_GB11643_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_GB11643_CHECK = "10X98765432"


def gb11643_valid(s: str) -> bool:
    """True if ``s`` is 17 digits and a check character (digit or ``X``/``x``) that
    is right under GB 11643 (ISO 7064 MOD 11-2). Full-width digits are accepted.
    Region and birth date are not checked."""
    s = s.translate(_FULLWIDTH)
    if len(s) != 18 or not s[:17].isascii() or not s[:17].isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(s[:17], _GB11643_WEIGHTS, strict=True))
    return _GB11643_CHECK[total % 11] == s[17].upper()


def luhn_valid(digits: str) -> bool:
    """True if ``digits`` (only digits, at least two) passes the Luhn check."""
    digits = digits.translate(_FULLWIDTH)
    if len(digits) < 2 or not digits.isascii() or not digits.isdigit():
        return False
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = ord(c) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


# --------------------------------------------------------------------------- scanning

# One pass finds every candidate; the named group says which rule judges it. Speed
# matters (the guard reads every published item), so the pattern starts with a plain
# character class, which lets the regex engine skip straight to digits and prefixes;
# lookbehinds placed after that first character reject positions inside a longer
# number at once, and a lookahead rejects short numbers (dates, amounts, landlines)
# before any branch is tried. Each branch then re-checks its own first character with
# a lookbehind. The rarer "decimal point before" test is done in Python.
_D = "[0-9\uff10-\uff19*\uff0a\u00d7]"  # a digit (ASCII or full-width) or a mask character
_DIGIT_CLASS = "0-9\uff10-\uff19*\uff0a\u00d7"
_S = "[ \u00a0\u3000\\-\u2010\u2011\u2013\uff0d]"  # spaces and hyphens between groups
_MASK = "*\uff0a\u00d7"  # * ＊ ×
_MOBILE_BODY = rf"[1\uff11{_MASK}][3-9\uff13-\uff19{_MASK}]{_D}{_S}?{_D}{{4}}{_S}?{_D}{{4}}"
_CHECK = f"[0-9\\uff10-\\uff19Xx\\uff38\\uff58{_MASK}]"
_CANDIDATES = re.compile(
    rf"""
    [{_DIGIT_CLASS}+\uff0b(\uff08]
    (?<![{_DIGIT_CLASS}].)                   # not the tail of a longer or masked number
    (?=[{_DIGIT_CLASS} \u00a0\u3000\-\u2010\u2011\u2013\uff0d()\uff08\uff09+\uff0b]{{10}})
    (?:
        (?P<id>(?<=[{_DIGIT_CLASS}])(?:{_D}{{16}}|{_D}{{5}}{_S}{_D}{{8}}{_S}{_D}{{3}}){_CHECK})
      | (?P<card>
            (?<=[{_DIGIT_CLASS}])
            (?:{_D}{{3}}(?:{_S}{_D}{{4}}){{3}}(?:{_S}{_D}{{1,3}})?|{_D}{{15,18}})
        )
      | (?P<mobile>
            (?<=[1\uff11{_MASK}])[3-9\uff13-\uff19{_MASK}]{_D}{_S}?{_D}{{4}}{_S}?{_D}{{4}}
          | (?:(?<=[+\uff0b])86{_S}?|(?<=0)086{_S}|(?<=[8\uff18])[6\uff16]{_S}|(?<=[(\uff08])[+\uff0b]?86[)\uff09]{_S}?)
            {_MOBILE_BODY}
        )
    )
    (?![{_DIGIT_CLASS}Xx\uff38\uff58])     # not the head of a longer or masked number
    (?![.\uff0e][0-9\uff10-\uff19])         # not the integer part of an amount
    """,
    re.VERBOSE,
)
_SEP_CHARS = " \u00a0\u3000-\u2010\u2011\u2013\uff0d"
_DECIMAL_POINTS = ".\uff0e"
_DIGITS = frozenset("0123456789\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19")
_DIGIT_OR_MASK = _DIGITS | frozenset(_MASK)
_SEPARATORS = frozenset(_SEP_CHARS)


def _digits(s: str) -> str:
    return _NON_DIGITS.sub("", s.translate(_FULLWIDTH))


def _national(digits: str) -> str:
    """Digits of a number without a mobile's country prefix (86 / 0086)."""
    if len(digits) == 13 and digits.startswith("86"):
        return digits[2:]
    if len(digits) == 15 and digits.startswith("0086"):
        return digits[4:]
    return digits


def _continues_as_group(text: str, start: int, end: int) -> bool:
    """For a number written in groups: True if one more short group (a separator and
    1–4 digits or mask characters) follows it, or a mask group precedes it."""
    n = len(text)
    if end + 1 < n and text[end] in _SEPARATORS and text[end + 1] in _DIGIT_OR_MASK:
        j = end + 1
        while j < n and j - end <= 5 and text[j] in _DIGIT_OR_MASK:
            j += 1
        if j - end - 1 <= 4:
            return True
    if start >= 2 and text[start - 1] in _SEPARATORS and text[start - 2] in _MASK:
        return True
    return False


class _Allow:
    __slots__ = ("exact", "keys", "strings")

    def __init__(self, allow: Iterable[object] | str | None) -> None:
        if isinstance(allow, str):
            allow = (allow,)
        strings = []
        for a in allow or ():
            if a is None:
                continue
            s = _Normalised(str(a).strip()).text.translate(_FULLWIDTH)
            if s:
                strings.append(s)
        self.strings = tuple(strings)
        self.exact = frozenset(strings)
        self.keys = frozenset(k for k in (_national(_digits(s)) for s in strings) if k)

    def __bool__(self) -> bool:
        return bool(self.strings)

    def allows(self, text: str, start: int, end: int) -> bool:
        written = text[start:end].translate(_FULLWIDTH)
        if written in self.exact or _national(_digits(written)) in self.keys:
            return True
        width = end - start
        for a in self.strings:
            if len(a) < width:
                continue
            lo = max(0, end - len(a))
            window = text[lo : start + len(a)].translate(_FULLWIDTH)
            i = window.find(a)
            while i != -1:
                if lo + i <= start and lo + i + len(a) >= end:
                    return True
                i = window.find(a, i + 1)
        return False


_MASKS = frozenset(_MASK + "\uff0a")
#: A number passes as masked when at least this many of its digits are masked (CONTRACT §5).
MIN_MASKED = 4


def _id_fillable(chars: str) -> bool:
    """An 18-character ID with 1–3 masked characters: True if some filling of them
    passes GB 11643 (a masked check digit always can)."""
    body, check = chars[:17], chars[17]
    holes = [i for i, c in enumerate(body) if c in _MASKS]
    known = sum(int(c) * w for c, w in zip(body, _GB11643_WEIGHTS, strict=True) if c not in _MASKS)
    wanted = None if check in _MASKS else check.upper()
    if wanted is None:
        return True
    totals = {known}
    for i in holes:
        totals = {t + d * _GB11643_WEIGHTS[i] for t in totals for d in range(10)}
    return any(_GB11643_CHECK[t % 11] == wanted for t in totals)


def _spans(text: str, allow: _Allow) -> Iterator[tuple[str, int, int]]:
    """(code, start, end) of each hit in ``text`` (already normalised). An 18-character
    run always comes out of the regex as an ``id`` candidate (that branch is tried
    first), so it is never judged as a card. Masked characters count as digits the
    number does not show: 4 or more pass, fewer are filled in every way."""
    for m in _CANDIDATES.finditer(text):
        kind = m.lastgroup
        start, end = m.span()
        if start >= 2 and text[start - 1] in _DECIMAL_POINTS and text[start - 2] in _DIGITS:
            continue  # the decimals of an amount
        written = m.group().translate(_FULLWIDTH)
        masked = sum(written.count(c) for c in _MASK)
        if masked >= MIN_MASKED:
            continue
        grouped = any(c in _SEPARATORS for c in written)
        if kind == "id":
            chars = "".join(c for c in written if c not in _SEPARATORS)
            if not (_id_fillable(chars) if masked else gb11643_valid(chars)):
                continue  # an ID-shaped number is judged only as an ID
            if grouped and _continues_as_group(text, start, end):
                continue
            code = ID_NUMBER
        elif kind == "card":
            if grouped and _continues_as_group(text, start, end):
                continue
            # One unknown digit can always be filled to pass Luhn.
            if not masked and not luhn_valid(_digits(written)):
                continue
            code = BANK_CARD
        else:
            if any(c in _SEPARATORS for c in _mobile_body(written)) and _continues_as_group(text, start, end):
                continue
            code = MOBILE
        if allow and allow.allows(text, start, end):
            continue
        yield code, start, end


# Characters a reader never sees (zero-width, soft hyphen, joiners, direction marks,
# variation selectors, tags) and decimal digits of other scripts, which read as digits.
_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e0fff"
)
# The zero of every block of ten decimal digits outside ASCII and full-width (Unicode 14),
# written out: one character class is several times faster than a Unicode digit test.
_ZEROS = (
    0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6,
    0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50,
    0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0x104A0,
    0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0,
    0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50, 0x1D7CE,
    0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
)  # fmt: skip
_BMP_DIGITS = "".join(f"{chr(z)}-{chr(z + 9)}" for z in _ZEROS if z < 0x10000)
# The search runs over every published text: a class of BMP ranges is fast, astral ranges are
# not, so any astral character is a candidate and :data:`_INVISIBLE_CHAR` decides.
_ODD = re.compile(f"[{_INVISIBLE}{_BMP_DIGITS}\U00010000-\U0010ffff]")
_INVISIBLE_CHAR = re.compile(f"[{_INVISIBLE}]")


class _Normalised:
    """``text`` with invisible characters dropped and other scripts' digits made ASCII,
    and the way back: ``origin(i)`` is the offset in ``text`` of normalised offset ``i``."""

    __slots__ = ("breaks", "shifts", "text")

    def __init__(self, text: str) -> None:
        self.breaks: list[int] = []  # normalised offsets from which ``shifts`` apply
        self.shifts: list[int] = []
        first = None if text.isascii() else _ODD.search(text)
        if first is None:
            self.text = text  # the fast path: nothing to normalise
            return
        pieces: list[str] = []
        pos = removed = 0
        changed = False
        for m in _ODD.finditer(text, first.start()):
            at = m.start()
            value = unicodedata.decimal(m.group(), None)
            if value is None and not _INVISIBLE_CHAR.match(m.group()):
                continue  # another astral character (an emoji): kept as it is
            changed = True
            pieces.append(text[pos:at])
            if value is not None:
                pieces.append(chr(48 + value))
            else:
                removed += 1
                self.breaks.append(at - removed + 1)
                self.shifts.append(removed)
            pos = at + 1
        pieces.append(text[pos:])
        self.text = "".join(pieces) if changed else text

    def origin(self, offset: int) -> int:
        k = bisect_right(self.breaks, offset) - 1
        return offset + (self.shifts[k] if k >= 0 else 0)


def _source_spans(text: str, allow: _Allow) -> Iterator[tuple[str, int, int]]:
    """:func:`_spans` over the normalised ``text``, at offsets of ``text`` itself."""
    norm = _Normalised(text)
    if not norm.breaks:
        yield from _spans(norm.text, allow)
        return
    for code, start, end in _spans(norm.text, allow):
        yield code, norm.origin(start), norm.origin(end - 1) + 1


def _iter_hits(text: str, allow: _Allow) -> Iterator[PiiHit]:
    """The hits in ``text``, with 1-based lines and the number as written."""
    line = 1
    line_pos = 0
    for code, start, end in _source_spans(text, allow):
        line += text.count("\n", line_pos, start)
        line_pos = start
        yield PiiHit(code, line, text[start:end])


def _mobile_body(written: str) -> str:
    """The 11-digit part of a matched mobile, separators included (no prefix)."""
    count = 0
    for i in range(len(written) - 1, -1, -1):
        if written[i] not in _SEPARATORS:
            count += 1
            if count == 11:
                return written[i:]
    return written


def scan_text(text: str, allow: Iterable[str] = ()) -> list[PiiHit]:
    """Every personal number in ``text`` not passed by ``allow``, in text order.

    ``line`` in each hit is 1-based within ``text``.
    """
    if not text:
        return []
    return list(_iter_hits(text, _Allow(allow)))


def scan_markdown(text: str, allow: Iterable[str] = ()) -> list[PiiHit]:
    """:func:`scan_text` of a Markdown body, read twice: as written and as its reader
    sees it (:func:`readerview.reader_view`: emphasis, tags and comments gone, entities
    decoded). A number found both ways is reported once, at its source line."""
    if not text:
        return []
    checker = _Allow(allow)
    spans = list(_source_spans(text, checker))
    if wants_reader_view(text):
        view = reader_view(text)
        for code, start, end in _source_spans(view.text, checker):
            s, e = view.source_start(start), view.source_end(end)
            if not any(s < e2 and s2 < e for _, s2, e2 in spans):
                spans.append((code, s, e))
        spans.sort(key=lambda span: span[1])
    return [PiiHit(code, text.count("\n", 0, start) + 1, text[start:end]) for code, start, end in spans]


def digits_of(hit: PiiHit) -> str:
    """A hit's number as digits only (masks kept), to tell one number found twice."""
    return _Normalised(hit.text).text.translate(_FULLWIDTH).translate(_NOT_NUMBER)


_NOT_NUMBER = {ord(c): None for c in _SEP_CHARS + "+()\uff08\uff09"}


# --------------------------------------------------------------------------- attachments


def scan_file(path: pathlib.Path | str, allow: Iterable[str] = ()) -> list[PiiHit]:
    """Every personal number in a published file not passed by ``allow``, read by
    :func:`extract.text_blocks` in every part that can hold text. ``line`` is the line,
    row, paragraph or page :mod:`extract` gives (1 where none can be told) and
    ``where`` says it in Chinese (e.g. ``工作表“名单”第 3 行``).

    Raises :class:`UnreadableAttachment` (fail closed) when the file may hold text that
    cannot be read; its ``reason`` is Chinese, for the editor.
    """
    checker = _Allow(allow)
    hits: list[PiiHit] = []
    for location, text in text_blocks(pathlib.Path(path)):
        if text:
            hits.extend(
                PiiHit(h.code, location.line, h.text, location.label) for h in _iter_hits(text, checker)
            )
    return hits
