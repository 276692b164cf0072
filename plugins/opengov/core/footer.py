"""The footer marks every government website page must carry (warning ``missing-footer-mark``).

The 政府网站发展指引 (国办发〔2017〕47号) asks for, at the foot of every page:
党政机关网站标识, 我为政府网站找错, 主办单位（承办单位）, 联系方式, 网站标识码,
ICP 备案编号 and 公安机关备案标识. The plugin's ``footer`` option (CONTRACT §4)
holds them; each one left out is one warning, pointing at ``mkdocs.yml``.
承办单位 is written in brackets by the guideline (only where another body runs
the site for the sponsor), so ``organizer`` is shown when given but never asked for.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .model import Finding

# option key -> (what it is, how to fill it in)
FOOTER_MARKS: dict[str, tuple[str, str]] = {
    "sponsor": ("主办单位", "网站主办单位的全称，如“某某县人民政府办公室”"),
    "contact": ("联系方式", "网站联系电话或地址，如“电话：0817-1234567”"),
    "site_code": ("网站标识码", '政府网站标识码（10 位数字），写在引号里，如 "5113250001"'),
    "icp": ("ICP备案号", "工业和信息化部 ICP 备案号，如“蜀ICP备12345678号”"),
    "police_record": ("公安机关备案号", "公安机关备案号，如“川公网安备 51132502000001号”"),
    "gov_badge": ("党政机关网站标识", "党政机关网站标识图片在 docs/ 下的路径，如 images/gov-badge.png"),
    "gov_badge_link": ("党政机关网站标识的核验链接", "点击标识后打开的核验页面网址"),
    "error_report_url": ("“我为政府网站找错”链接", "全国政府网站找错平台上本网站的链接"),
}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def footer_findings(footer: Mapping[str, Any] | None, config_path: str, line: int = 1) -> list[Finding]:
    """One ``missing-footer-mark`` warning per required mark that ``footer`` leaves out or blank."""
    footer = footer or {}
    findings = []
    for key, (label, hint) in FOOTER_MARKS.items():
        if _blank(footer.get(key)):
            findings.append(
                Finding(
                    config_path,
                    line,
                    "warning",
                    "missing-footer-mark",
                    f"页脚缺少{label}：政府网站每个页面底部都须标注。"
                    f"请在 {config_path} 的 opengov 插件选项 footer 下填写 {key}（{hint}）",
                )
            )
    return findings
