"""The annual report's schema: keys, Chinese aliases, and the template's rows and titles."""

from __future__ import annotations

from typing import Any

from ..model import Finding

CODE = "bad-annual-report"

APPLICANTS: tuple[tuple[str, str], ...] = (
    ("natural", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("public_interest", "社会公益组织"),
    ("legal_services", "法律服务机构"),
    ("other", "其他"),
)
REVIEW_RESULTS: tuple[tuple[str, str], ...] = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
)

# Schema: key -> (Chinese alias, kind or sub-schema). Kinds: year, text, count,
# amount, app (a table 三 row), review (a table 四 row).
Schema = dict[str, tuple[str, Any]]

_WITHHELD: Schema = {
    "state_secret": ("属于国家秘密", "app"),
    "prohibited_by_law": ("其他法律行政法规禁止公开", "app"),
    "three_securities": ("危及三安全一稳定", "app"),
    "third_party": ("保护第三方合法权益", "app"),
    "internal_affairs": ("属于三类内部事务信息", "app"),
    "process_info": ("属于四类过程性信息", "app"),
    "enforcement_files": ("属于行政执法案卷", "app"),
    "query_matters": ("属于行政查询事项", "app"),
}
_UNABLE: Schema = {
    "not_held": ("本机关不掌握相关政府信息", "app"),
    "needs_creation": ("没有现成信息需要另行制作", "app"),
    "still_unclear": ("补正后申请内容仍不明确", "app"),
}
_NOT_PROCESSED: Schema = {
    "petition": ("信访举报投诉类申请", "app"),
    "repeated": ("重复申请", "app"),
    "publications": ("要求提供公开出版物", "app"),
    "excessive": ("无正当理由大量反复申请", "app"),
    "confirmation": ("要求行政机关确认或重新出具已获取信息", "app"),
}
_OTHER: Schema = {
    "no_correction": ("逾期不补正", "app"),
    "no_fee_payment": ("逾期未缴纳费用", "app"),
    "other": ("其他", "app"),
}
_RESULTS: Schema = {
    "disclosed": ("予以公开", "app"),
    "partly_disclosed": ("部分公开", "app"),
    "withheld": ("不予公开", _WITHHELD),
    "unable": ("无法提供", _UNABLE),
    "not_processed": ("不予处理", _NOT_PROCESSED),
    "other": ("其他处理", _OTHER),
}
SCHEMA: Schema = {
    "year": ("年度", "year"),
    "overview": ("总体情况", "text"),
    "active": (
        "主动公开",
        {
            "licensing": ("行政许可", "count"),
            "penalties": ("行政处罚", "count"),
            "coercion": ("行政强制", "count"),
            "fees": ("行政事业性收费", "amount"),
        },
    ),
    "applications": (
        "依申请公开",
        {
            "new": ("本年新收申请数", "app"),
            "carried_over": ("上年结转申请数", "app"),
            "results": ("办理结果", _RESULTS),
            "carried_forward": ("结转下年度继续办理", "app"),
        },
    ),
    "reviews": (
        "行政复议和行政诉讼",
        {
            "review": ("行政复议", "review"),
            "litigation_direct": ("未经复议直接起诉", "review"),
            "litigation_after_review": ("复议后起诉", "review"),
        },
    ),
    "problems": ("存在的主要问题及改进情况", "text"),
    "other_matters": ("其他需要报告的事项", "text"),
    "processing_fees": (
        "信息处理费",
        {
            "notices": ("收费通知件数", "count"),
            "notice_amount": ("收费通知总金额", "amount"),
            "collected": ("实际收取总金额", "amount"),
        },
    ),
}

# Table 三 in template order: (key path under ``applications``, (label 1, label 2, label 3)).
# ``("results", "total")`` is the computed （七）总计.
_R3 = "三、本年度办理结果"
TABLE3_ROWS: tuple[tuple[tuple[str, ...], tuple[str, str, str]], ...] = (
    (("new",), ("一、本年新收政府信息公开申请数量", "", "")),
    (("carried_over",), ("二、上年结转政府信息公开申请数量", "", "")),
    (("results", "disclosed"), (_R3, "（一）予以公开", "")),
    (("results", "partly_disclosed"), (_R3, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "")),
    (("results", "withheld", "state_secret"), (_R3, "（三）不予公开", "1.属于国家秘密")),
    (("results", "withheld", "prohibited_by_law"), (_R3, "（三）不予公开", "2.其他法律行政法规禁止公开")),
    (("results", "withheld", "three_securities"), (_R3, "（三）不予公开", "3.危及“三安全一稳定”")),
    (("results", "withheld", "third_party"), (_R3, "（三）不予公开", "4.保护第三方合法权益")),
    (("results", "withheld", "internal_affairs"), (_R3, "（三）不予公开", "5.属于三类内部事务信息")),
    (("results", "withheld", "process_info"), (_R3, "（三）不予公开", "6.属于四类过程性信息")),
    (("results", "withheld", "enforcement_files"), (_R3, "（三）不予公开", "7.属于行政执法案卷")),
    (("results", "withheld", "query_matters"), (_R3, "（三）不予公开", "8.属于行政查询事项")),
    (("results", "unable", "not_held"), (_R3, "（四）无法提供", "1.本机关不掌握相关政府信息")),
    (("results", "unable", "needs_creation"), (_R3, "（四）无法提供", "2.没有现成信息需要另行制作")),
    (("results", "unable", "still_unclear"), (_R3, "（四）无法提供", "3.补正后申请内容仍不明确")),
    (("results", "not_processed", "petition"), (_R3, "（五）不予处理", "1.信访举报投诉类申请")),
    (("results", "not_processed", "repeated"), (_R3, "（五）不予处理", "2.重复申请")),
    (("results", "not_processed", "publications"), (_R3, "（五）不予处理", "3.要求提供公开出版物")),
    (("results", "not_processed", "excessive"), (_R3, "（五）不予处理", "4.无正当理由大量反复申请")),
    (
        ("results", "not_processed", "confirmation"),
        (_R3, "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
    ),
    (
        ("results", "other", "no_correction"),
        (_R3, "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ),
    (
        ("results", "other", "no_fee_payment"),
        (_R3, "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ),
    (("results", "other", "other"), (_R3, "（六）其他处理", "3.其他")),
    (("results", "total"), (_R3, "（七）总计", "")),
    (("carried_forward",), ("四、结转下年度继续办理", "", "")),
)
TABLE3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
REVIEW_ROWS: tuple[tuple[str, str], ...] = (
    ("review", "行政复议"),
    ("litigation_direct", "未经复议直接起诉"),
    ("litigation_after_review", "复议后起诉"),
)
SECTION_TITLES = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)
DOC_TYPE_ROWS: tuple[tuple[str, str], ...] = (("regulation", "规章"), ("normative", "行政规范性文件"))


def finding(path: str, line: int, message: str, severity: str = "error", code: str = CODE) -> Finding:
    """A ``bad-annual-report`` (or ``code``) finding at ``path``:``line``."""
    return Finding(path=path, line=line, severity=severity, code=code, message=message)  # type: ignore[arg-type]
