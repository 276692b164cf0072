"""Check digits of organization codes (warning ``bad-code``; codes are taken as given).

Written out rather than taken from python-stdnum: its ``cn.uscc`` also demands
that characters 9–17 form a valid 组织机构代码, which the contract does not ask.
"""

from __future__ import annotations

_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def uscc_valid(code: str) -> bool:
    """GB 32100 统一社会信用代码: 18 characters, check character last."""
    code = code.strip().upper()
    if len(code) != 18 or any(ch not in _USCC_CHARS for ch in code):
        return False
    total = sum(_USCC_CHARS.index(ch) * w for ch, w in zip(code[:17], _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31] == code[17]


def org_code_valid(code: str) -> bool:
    """GB 11714 组织机构代码: 8 characters and a check character (``12345678-9`` or ``123456789``)."""
    code = code.strip().upper().replace("-", "")
    if len(code) != 9 or not code[:8].isalnum() or not code[:8].isascii():
        return False
    total = sum(int(ch, 36) * w for ch, w in zip(code[:8], _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    expected = "X" if check == 10 else "0" if check == 11 else str(check)
    return code[8] == expected


def code_valid(code: str) -> bool:
    """Valid as either kind of code, judged by its length."""
    stripped = code.strip().replace("-", "")
    return uscc_valid(stripped) if len(stripped) == 18 else org_code_valid(stripped)
