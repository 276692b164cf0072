"""The annual report draft (政府信息公开工作年度报告, 条例第四十九条、第五十条).

Laid out as the 2021 template (国办公开办函〔2021〕30号《中华人民共和国政府信息
公开工作年度报告格式》): 一 总体情况; 二 主动公开政府信息情况; 三 收到和处理政府
信息公开申请情况; 四 政府信息公开行政复议、行政诉讼情况; 五 存在的主要问题及改进
情况; 六 其他需要报告的事项.

What the portal computes itself (table 二, rows 规章 and 行政规范性文件, from
published items whose ``doc_type`` is ``regulation`` / ``normative``; dates are
Beijing dates):

- 本年制发件数: items whose ``date`` falls in the year;
- 本年废止件数: items whose ``repealed_on`` falls in the year;
- 现行有效件数: items dated on or before 31 December that were not repealed or
  expired by then (``repealed_on`` on or before 31 December; an item marked
  ``repealed``/``expired`` without a ``repealed_on`` is taken as no longer in force).

Everything else comes from the office's YAML file (plugin option
``annual_report``). Its schema — every key has a Chinese alias, like the front
matter; an omitted row counts as zeros; 小计/总计 are computed, never typed:

.. code-block:: yaml

    year: 2024                 # 年度 (optional; when present it must be the report's year)
    overview: |                # 总体情况: text, blank lines separate paragraphs
      ...
    active:                    # 主动公开 (table 二, the rows the portal cannot count)
      licensing: 120           # 行政许可   第二十条第（五）项 本年处理决定数量
      penalties: 35            # 行政处罚   第二十条第（六）项 本年处理决定数量
      coercion: 2              # 行政强制   第二十条第（六）项 本年处理决定数量
      fees: 12.5               # 行政事业性收费 第二十条第（八）项 本年收费金额（万元）, may be decimal
    applications:              # 依申请公开 (table 三). Each row: 6 non-negative integers in the
                               # order 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他
                               # (a 7th number, if given, is the 总计 and is checked), or a mapping
                               # natural/commercial/research/public_interest/legal_services/other
                               # (自然人/商业企业/科研机构/社会公益组织/法律服务机构/其他[/总计]).
      new: [...]               # 本年新收申请数     一、本年新收政府信息公开申请数量
      carried_over: [...]      # 上年结转申请数     二、上年结转政府信息公开申请数量
      results:                 # 办理结果           三、本年度办理结果
        disclosed: [...]         # 予以公开 （一）
        partly_disclosed: [...]  # 部分公开 （二）
        withheld:                # 不予公开 （三）
          state_secret / prohibited_by_law / three_securities / third_party /
          internal_affairs / process_info / enforcement_files / query_matters
        unable:                  # 无法提供 （四）
          not_held / needs_creation / still_unclear
        not_processed:           # 不予处理 （五）
          petition / repeated / publications / excessive / confirmation
        other:                   # 其他处理 （六）
          no_correction / no_fee_payment / other
      carried_forward: [...]   # 结转下年度继续办理  四
    reviews:                   # 行政复议和行政诉讼 (table 四). Each row: 4 non-negative integers
                               # 结果维持, 结果纠正, 其他结果, 尚未审结 (a 5th, if given, is the 总计
                               # and is checked), or upheld/corrected/other/pending[/total].
      review: [...]                   # 行政复议
      litigation_direct: [...]        # 未经复议直接起诉
      litigation_after_review: [...]  # 复议后起诉
    problems: |                # 存在的主要问题及改进情况 (text)
    other_matters: |           # 其他需要报告的事项 (text)
    processing_fees:           # 信息处理费 (optional, reported under 六)
      notices: 0               # 收费通知件数
      notice_amount: 0         # 收费通知总金额（元）
      collected: 0             # 实际收取总金额（元）

The full list of keys and their Chinese aliases is ``SCHEMA`` below; a
commented example is ``annual_example.yml`` next to this module.

Checks (code ``bad-annual-report``, at the line in the YAML file): YAML syntax,
a key given twice (in either language), values of the wrong type or negative, a
wrong ``year``, a given 总计 that is not the sum of its row, and the template's
identity for every applicant column of table 三: 一 + 二 = 三（七）总计 + 四
(reported at the ``carried_forward`` row, the balancing figure). An unknown key
is a warning and is ignored.

Entry points: :func:`load_annual_text` / :func:`load_annual_file` (YAML with
line numbers, read as front matter is by ``yamlpos``: ``no``, ``on`` and dates are text,
only ``true``/``false`` are booleans, and a text value is kept as written, ``1.50`` too), :func:`build_annual`, :func:`annual_csv`, :func:`annual_html`.
"""

from __future__ import annotations

import datetime as dt
import html
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .csvsafe import SafeWriter
from .dates import beijing_date
from .model import Finding, Portal
from .yamlpos import StrictLoader, construct

__all__ = [
    "APPLICANTS",
    "AnnualReport",
    "REVIEW_RESULTS",
    "SCHEMA",
    "annual_csv",
    "annual_html",
    "build_annual",
    "load_annual_file",
    "load_annual_text",
]

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


# -- YAML with line numbers ------------------------------------------------------


class LinedDict(dict):  # type: ignore[type-arg]
    """A mapping read from YAML that remembers where it and each key stand."""

    line: int = 1
    lines: dict[Any, int]

    def __init__(self, *args: Any, line: int = 1, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line = line
        self.lines = {}
        self.written: dict[Any, str] = {}  # a scalar value's text as written


class LinedList(list):  # type: ignore[type-arg]
    """A sequence read from YAML that remembers each element's line."""

    def __init__(self, *args: Any, line: int = 1) -> None:
        super().__init__(*args)
        self.line = line
        self.lines: list[int] = []


class _Duplicate(Exception):
    def __init__(self, key: str, line: int) -> None:
        self.key, self.line = key, line


def _convert(node: yaml.Node) -> Any:
    """Values as front matter reads them (``yamlpos``: ``no`` and dates are text), with lines."""
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out = LinedDict(line=line)
        for key_node, value_node in node.value:
            key = construct(key_node)
            if isinstance(key, (list, dict)):
                key = str(key)
            if key in out:
                raise _Duplicate(str(key), key_node.start_mark.line + 1)
            out[key] = _convert(value_node)
            out.lines[key] = key_node.start_mark.line + 1
            if isinstance(value_node, yaml.ScalarNode):
                out.written[key] = value_node.value
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = LinedList(line=line)
        for child in node.value:
            seq.append(_convert(child))
            seq.lines.append(child.start_mark.line + 1)
        return seq
    return construct(node)


def load_annual_text(text: str, path: str) -> tuple[LinedDict | None, list[Finding]]:
    """Parse the office's YAML; mappings and lists keep their line numbers.

    Returns ``(data, findings)``; ``data`` is None when the file cannot be read as a mapping.
    """
    text = text.lstrip("\ufeff")
    try:
        node = yaml.compose(text, Loader=StrictLoader)
        data = None if node is None else _convert(node)
    except _Duplicate as dup:
        return None, [_finding(path, dup.line, f"“{dup.key}”写了两次，请删掉其中一处。")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = exc.problem or "格式有误"
        return None, [
            _finding(path, line, f"年度报告数据文件不是有效的 YAML（{problem}），请检查这一行的缩进和冒号。")
        ]
    except yaml.YAMLError as exc:
        return None, [_finding(path, 1, f"年度报告数据文件不是有效的 YAML（{exc}）。")]
    if data is None:
        return LinedDict(), []
    if not isinstance(data, dict):
        return None, [
            _finding(path, 1, "年度报告数据文件应由“键: 值”组成（如 overview: ……），请参照示例文件填写。")
        ]
    return data, []


def load_annual_file(file: str | Path, path: str | None = None) -> tuple[LinedDict | None, list[Finding]]:
    """Read and parse the YAML file ``file``; findings name ``path`` (portal-relative) or ``file``."""
    rel = path if path is not None else str(file)
    try:
        raw = Path(file).read_bytes()
    except OSError as exc:
        return None, [
            _finding(
                rel, 1, f"读不到年度报告数据文件（{exc.strerror or exc}），请检查 annual_report 设置的路径。"
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, [_finding(rel, 1, "年度报告数据文件不是 UTF-8 编码，请用 UTF-8 另存后再试。")]
    return load_annual_text(text, rel)


# -- validation ------------------------------------------------------------------


def _finding(path: str, line: int, message: str, severity: str = "error") -> Finding:
    return Finding(path=path, line=line, severity=severity, code=CODE, message=message)  # type: ignore[arg-type]


def _line_of(mapping: Any, key: Any) -> int:
    lines = getattr(mapping, "lines", None)
    if lines and key in lines:
        return int(lines[key])
    return int(getattr(mapping, "line", 1))


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_amount(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0


class _Validator:
    def __init__(self, path: str) -> None:
        self.path = path
        self.findings: list[Finding] = []

    def error(self, line: int, message: str, severity: str = "error") -> None:
        self.findings.append(_finding(self.path, line, message, severity))

    def mapping(self, value: Any, schema: Schema, where: list[str], line: int) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.error(line, f"“{'→'.join(where)}”下面应是若干“键: 值”，请参照示例文件填写。")
            return {}
        aliases = {alias: key for key, (alias, _) in schema.items()}
        out: dict[str, Any] = {}
        seen: dict[str, Any] = {}
        for raw_key, raw_value in value.items():
            key_line = _line_of(value, raw_key)
            key = raw_key if raw_key in schema else aliases.get(raw_key) if isinstance(raw_key, str) else None
            if key is None:
                known = "、".join(f"{k}（{a}）" for k, (a, _) in schema.items())
                place = f"“{'→'.join(where)}”下" if where else ""
                self.error(
                    key_line, f"{place}不认识“{raw_key}”，已忽略；可以填写的项目有：{known}。", "warning"
                )
                continue
            alias, kind = schema[key]
            if key in seen:
                self.error(key_line, f"“{alias}”（{key}）写了两次，请删掉其中一处。")
                continue
            seen[key] = raw_key
            here = [*where, alias]
            if raw_value is None:
                continue  # left empty: counts as not filled in (zeros for numbers)
            if isinstance(kind, dict):
                out[key] = self.mapping(raw_value, kind, here, key_line)
            else:
                written = getattr(value, "written", {}).get(raw_key)
                checked = self.scalar(raw_value, kind, here, key_line, written)
                if checked is not None:
                    out[key] = checked
        return out

    def scalar(self, value: Any, kind: str, where: list[str], line: int, written: str | None = None) -> Any:
        label = "→".join(where)
        if kind == "text":
            if isinstance(value, (dict, list)):
                self.error(line, f"“{label}”应是一段文字。")
                return None
            # Text as written, as in front matter: 2024 stays "2024", 1.50 stays "1.50".
            return (value if isinstance(value, str) or written is None else written).strip()
        if kind in ("count", "year"):
            if not _is_count(value):
                self.error(line, f"“{label}”应是不小于 0 的整数，现在是“{value}”。")
                return None
            return value
        if kind == "amount":
            if not _is_amount(value):
                self.error(line, f"“{label}”应是不小于 0 的数（可以有小数，不写单位），现在是“{value}”。")
                return None
            return value
        if kind == "app":
            return self.row(value, APPLICANTS, where, line)
        if kind == "review":
            return self.row(value, REVIEW_RESULTS, where, line)
        raise AssertionError(kind)

    def row(
        self, value: Any, columns: tuple[tuple[str, str], ...], where: list[str], line: int
    ) -> list[int] | None:
        label = "→".join(where)
        names = "、".join(cn for _, cn in columns)
        width = len(columns)
        given_total: int | None = None
        total_line = line
        if isinstance(value, list):
            lines = list(getattr(value, "lines", [])) or [line] * len(value)
            if len(value) not in (width, width + 1):
                self.error(
                    line,
                    f"“{label}”应是 {width} 个数，依次为{names}（可在最后加上总计），"
                    f"现在有 {len(value)} 个。",
                )
                return None
            numbers = []
            for n, (cell, cell_line) in enumerate(zip(value, lines, strict=False)):
                if not _is_count(cell):
                    col = columns[n][1] if n < width else "总计"
                    self.error(cell_line, f"“{label}”的“{col}”应是不小于 0 的整数，现在是“{cell}”。")
                    return None
                numbers.append(cell)
            if len(numbers) > width:
                given_total, total_line = numbers[width], lines[width]
            cells = numbers[:width]
        elif isinstance(value, dict):
            keys = {en: en for en, _ in columns} | {cn: en for en, cn in columns}
            keys |= {"total": "total", "总计": "total"}
            got: dict[str, int] = {}
            for raw_key, cell in value.items():
                key_line = _line_of(value, raw_key)
                key = keys.get(raw_key) if isinstance(raw_key, str) else None
                if key is None:
                    self.error(
                        key_line,
                        f"“{label}”下不认识“{raw_key}”，已忽略；可以填写：{names}、总计。",
                        "warning",
                    )
                    continue
                if key in got:
                    self.error(key_line, f"“{label}”的“{raw_key}”写了两次，请删掉其中一处。")
                    continue
                if cell is None:
                    cell = 0
                if not _is_count(cell):
                    self.error(key_line, f"“{label}”的“{raw_key}”应是不小于 0 的整数，现在是“{cell}”。")
                    return None
                got[key] = cell
                if key == "total":
                    given_total, total_line = cell, key_line
            cells = [got.get(en, 0) for en, _ in columns]
        else:
            self.error(line, f"“{label}”应是 {width} 个数，依次为{names}，写成 [1, 0, …] 的形式。")
            return None
        if given_total is not None and given_total != sum(cells):
            self.error(
                total_line,
                f"“{label}”的总计写的是 {given_total}，但{names}相加是 {sum(cells)}；"
                "总计由系统计算，可以不写。",
            )
        return cells


# -- the report --------------------------------------------------------------------


@dataclass
class AnnualReport:
    year: int
    organization: str = ""
    has_data: bool = False  # False: no YAML given; the office's tables are left blank
    overview: str = ""
    problems: str = ""
    other_matters: str = ""
    # doc_type -> {"issued", "repealed", "effective"}
    policy: dict[str, dict[str, int]] = field(default_factory=dict)
    # licensing/penalties/coercion (counts), fees (万元); None when not filled in
    active: dict[str, float | int | None] = field(default_factory=dict)
    # key path (joined with "/") -> 7 numbers: the six applicant columns and 总计
    applications: dict[str, list[int]] = field(default_factory=dict)
    # review/litigation_direct/litigation_after_review -> 5 numbers incl. 总计
    reviews: dict[str, list[int]] = field(default_factory=dict)
    processing_fees: dict[str, float | int] | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.organization}{self.year}年政府信息公开工作年度报告"

    @property
    def balanced(self) -> bool:
        """Table 三: 一 + 二 == 三（七）总计 + 四 in every column (True when no data)."""
        if not self.has_data:
            return True
        a = self.applications
        return all(
            a["new"][i] + a["carried_over"][i] == a["results/total"][i] + a["carried_forward"][i]
            for i in range(7)
        )

    def application_row(self, key_path: tuple[str, ...]) -> list[int] | None:
        return self.applications.get("/".join(key_path)) if self.has_data else None


def policy_counts(portal: Portal, year: int) -> dict[str, dict[str, int]]:
    """Table 二 rows 规章 / 行政规范性文件 from the published items."""
    end = dt.date(year, 12, 31)
    out = {doc_type: {"issued": 0, "repealed": 0, "effective": 0} for doc_type, _ in DOC_TYPE_ROWS}
    for item in portal.published:
        counts = out.get(item.doc_type)
        issued = beijing_date(item.date)
        if counts is None or issued is None:
            continue
        ended = beijing_date(item.repealed_on)
        if issued.year == year:
            counts["issued"] += 1
        if ended is not None and ended.year == year:
            counts["repealed"] += 1
        if issued <= end:
            if ended is not None:
                in_force = ended > end
            else:
                in_force = item.validity not in ("repealed", "expired")
            if in_force:
                counts["effective"] += 1
    return out


def _get(tree: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = tree
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def _raw_line(data: Any, path: tuple[str, ...], schema: Schema = SCHEMA) -> int:
    """Line of the (English or Chinese) key at ``path`` in the raw YAML data, else the nearest parent's."""
    node = data
    line = int(getattr(data, "line", 1))
    for key in path:
        if not isinstance(node, dict) or key not in schema:
            break
        alias, sub = schema[key]
        raw_key = key if key in node else alias if alias in node else None
        if raw_key is None:
            break
        line = _line_of(node, raw_key)
        node = node[raw_key]
        schema = sub if isinstance(sub, dict) else {}
    return line


def build_annual(
    portal: Portal, data: dict[str, Any] | None, year: int, *, path: str = "annual.yml"
) -> AnnualReport:
    """The annual report for ``year``: table 二's policy rows from ``portal``, the rest from ``data``.

    ``data`` is the parsed YAML (best from :func:`load_annual_text`, which keeps
    line numbers; a plain dict works, with findings at line 1), or None.
    Findings (code ``bad-annual-report``, at ``path``) are in ``report.findings``.
    """
    report = AnnualReport(year=year, organization=portal.catalog.organization.name)
    report.policy = policy_counts(portal, year)
    if data is None:
        report.active = {"licensing": None, "penalties": None, "coercion": None, "fees": None}
        return report

    checker = _Validator(path)
    tree = checker.mapping(data, SCHEMA, [], int(getattr(data, "line", 1)))
    report.has_data = True
    if "year" in tree and tree["year"] != year:
        checker.error(
            _raw_line(data, ("year",)),
            f"文件写的年度是 {tree['year']} 年，正在生成的是 {year} 年的年度报告；"
            f"请换用 {year} 年的数据文件或改正年度。",
        )
    report.overview = tree.get("overview", "")
    report.problems = tree.get("problems", "")
    report.other_matters = tree.get("other_matters", "")
    active = tree.get("active", {})
    report.active = {k: active.get(k) for k in ("licensing", "penalties", "coercion", "fees")}
    report.processing_fees = tree.get("processing_fees") or None

    apps = tree.get("applications", {})
    zero = [0] * len(APPLICANTS)
    total = [0] * len(APPLICANTS)
    for key_path, _labels in TABLE3_ROWS:
        if key_path == ("results", "total"):
            continue
        cells = _get(apps, key_path) or zero
        if key_path[0] == "results":
            total = [a + b for a, b in zip(total, cells, strict=True)]
        report.applications["/".join(key_path)] = [*cells, sum(cells)]
    report.applications["results/total"] = [*total, sum(total)]

    # The template's identity, column by column. The 总计 column is the sum of the
    # six, so it balances whenever they all do: only the six are reported.
    a = report.applications
    line = _raw_line(data, ("applications", "carried_forward"))
    for i, (_key, column) in enumerate(APPLICANTS):
        left = a["new"][i] + a["carried_over"][i]
        right = a["results/total"][i] + a["carried_forward"][i]
        if left != right:
            checker.error(
                line,
                f"第三部分（收到和处理政府信息公开申请情况）“{column}”一列不平：本年新收 {a['new'][i]} 件"
                f" + 上年结转 {a['carried_over'][i]} 件 = {left} 件，"
                f"应等于办理结果总计 {a['results/total'][i]} 件"
                f" + 结转下年度 {a['carried_forward'][i]} 件 = {right} 件；请核对这一列的各项数字。",
            )

    reviews = tree.get("reviews", {})
    for key, _label in REVIEW_ROWS:
        cells = reviews.get(key) or [0] * len(REVIEW_RESULTS)
        report.reviews[key] = [*cells, sum(cells)]

    report.findings = sorted(checker.findings, key=lambda f: (f.line, f.severity, f.message))
    return report


# -- rendering ---------------------------------------------------------------------


def _fmt(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def _join_lines(lines: list[str]) -> str:
    """Join a wrapped paragraph: no space at a Chinese line break, one space between Latin words."""
    out = ""
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        if out and out[-1].isascii() and line[0].isascii():
            out += " "
        out += line
    return out


def _paragraphs(text: str) -> list[str]:
    blocks = text.replace("\r\n", "\n").split("\n\n")
    return [p for p in (_join_lines(b.split("\n")) for b in blocks) if p]


def _fees_sentence(fees: dict[str, float | int] | None) -> str:
    if not fees:
        return ""
    return (
        "本机关依据《政府信息公开信息处理费管理办法》收取信息处理费："
        f"发出收费通知 {_fmt(fees.get('notices', 0))} 件，"
        f"总金额 {_fmt(fees.get('notice_amount', 0))} 元；实际收取 {_fmt(fees.get('collected', 0))} 元。"
    )


def _table2_rows(report: AnnualReport) -> list[tuple[str, list[str]]]:
    """(kind, cells) in template order; kind: group / head / row."""
    rows: list[tuple[str, list[str]]] = [
        ("group", ["第二十条第（一）项"]),
        ("head", ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]),
    ]
    for doc_type, label in DOC_TYPE_ROWS:
        c = report.policy.get(doc_type, {})
        rows.append(
            (
                "row",
                [label, _fmt(c.get("issued", 0)), _fmt(c.get("repealed", 0)), _fmt(c.get("effective", 0))],
            )
        )
    act = report.active
    rows += [
        ("group", ["第二十条第（五）项"]),
        ("head", ["信息内容", "本年处理决定数量"]),
        ("row", ["行政许可", _fmt(act.get("licensing")) or _zero(report)]),
        ("group", ["第二十条第（六）项"]),
        ("head", ["信息内容", "本年处理决定数量"]),
        ("row", ["行政处罚", _fmt(act.get("penalties")) or _zero(report)]),
        ("row", ["行政强制", _fmt(act.get("coercion")) or _zero(report)]),
        ("group", ["第二十条第（八）项"]),
        ("head", ["信息内容", "本年收费金额（单位：万元）"]),
        ("row", ["行政事业性收费", _fmt(act.get("fees")) or _zero(report)]),
    ]
    return rows


def _zero(report: AnnualReport) -> str:
    # An omitted number in a YAML that was given is a zero; without YAML the cell stays blank.
    return "0" if report.has_data else ""


def _cells(report: AnnualReport, values: list[int] | None, width: int) -> list[str]:
    if values is None or not report.has_data:
        return [""] * width
    return [_fmt(v) for v in values]


def annual_csv(report: AnnualReport, *, bom: bool = False) -> str:
    """The report as CSV rows in the template's order (UTF-8 text; ``bom=True`` for Excel)."""
    buf = io.StringIO()
    w = SafeWriter(buf)
    w.writerow([report.title])
    w.writerow([SECTION_TITLES[0]])
    for p in _paragraphs(report.overview):
        w.writerow([p])

    w.writerow([SECTION_TITLES[1]])
    for _kind, cells in _table2_rows(report):
        w.writerow(cells)

    w.writerow([SECTION_TITLES[2]])
    names = [cn for _, cn in APPLICANTS]
    w.writerow([TABLE3_NOTE, "", "", "申请人情况"])
    w.writerow(["", "", "", names[0], "法人或其他组织", "", "", "", "", "总计"])
    w.writerow(["", "", "", "", *names[1:], ""])
    for key_path, labels in TABLE3_ROWS:
        w.writerow([*labels, *_cells(report, report.application_row(key_path), 7)])

    w.writerow([SECTION_TITLES[3]])
    w.writerow(["行政复议", "", "", "", "", "行政诉讼"])
    w.writerow(["", "", "", "", "", "未经复议直接起诉", "", "", "", "", "复议后起诉"])
    heads = [cn for _, cn in REVIEW_RESULTS] + ["总计"]
    w.writerow(heads * 3)
    values: list[str] = []
    for key, _label in REVIEW_ROWS:
        values += _cells(report, report.reviews.get(key), 5)
    w.writerow(values)

    w.writerow([SECTION_TITLES[4]])
    for p in _paragraphs(report.problems):
        w.writerow([p])
    w.writerow([SECTION_TITLES[5]])
    for p in _paragraphs(report.other_matters):
        w.writerow([p])
    if report.processing_fees:
        w.writerow([_fees_sentence(report.processing_fees)])
    text = buf.getvalue()
    return ("\ufeff" + text) if bom else text


_e = html.escape


def _text_section(title: str, text: str, extra: str = "") -> str:
    paras = _paragraphs(text)
    if extra:
        paras.append(extra)
    body = "".join(f"<p>{_e(p)}</p>" for p in paras) or '<p class="og-annual-blank">（待填写）</p>'
    return f'<section class="og-annual-section"><h2>{_e(title)}</h2>{body}</section>'


def annual_html(report: AnnualReport) -> str:
    """The report as a self-contained HTML fragment (tables in template order; no scripts).

    The fragment has no heading of its own: give the page ``report.title``.
    """
    out = ['<div class="og-annual">']
    out.append(_text_section(SECTION_TITLES[0], report.overview))

    # 二
    out.append(f'<section class="og-annual-section"><h2>{_e(SECTION_TITLES[1])}</h2>')
    out.append('<table class="og-annual-table og-annual-active"><tbody>')
    for kind, cells in _table2_rows(report):
        if kind == "group":
            out.append(f'<tr class="og-group"><th colspan="4" scope="colgroup">{_e(cells[0])}</th></tr>')
        elif kind == "head":
            span = "" if len(cells) == 4 else ' colspan="3"'
            out.append(
                '<tr><th scope="col">信息内容</th>'
                + "".join(f'<th scope="col"{span}>{_e(c)}</th>' for c in cells[1:])
                + "</tr>"
            )
        else:
            span = "" if len(cells) == 4 else ' colspan="3"'
            out.append(
                f'<tr><th scope="row">{_e(cells[0])}</th>'
                + "".join(f'<td class="og-num"{span}>{_e(c)}</td>' for c in cells[1:])
                + "</tr>"
            )
    out.append("</tbody></table></section>")

    # 三
    names = [cn for _, cn in APPLICANTS]
    out.append(f'<section class="og-annual-section"><h2>{_e(SECTION_TITLES[2])}</h2>')
    out.append('<table class="og-annual-table og-annual-applications"><thead>')
    out.append(
        f'<tr><th colspan="3" rowspan="3" scope="col">{_e(TABLE3_NOTE)}</th>'
        '<th colspan="7" scope="colgroup">申请人情况</th></tr>'
    )
    out.append(
        f'<tr><th rowspan="2" scope="col">{_e(names[0])}</th>'
        '<th colspan="5" scope="colgroup">法人或其他组织</th><th rowspan="2" scope="col">总计</th></tr>'
    )
    out.append("<tr>" + "".join(f'<th scope="col">{_e(n)}</th>' for n in names[1:]) + "</tr>")
    out.append("</thead><tbody>")
    span1: dict[str, int] = {}
    span2: dict[tuple[str, str], int] = {}
    for _path, (l1, l2, _l3) in TABLE3_ROWS:
        span1[l1] = span1.get(l1, 0) + 1
        span2[(l1, l2)] = span2.get((l1, l2), 0) + 1
    done1: set[str] = set()
    done2: set[tuple[str, str]] = set()
    for key_path, (l1, l2, l3) in TABLE3_ROWS:
        cells = []
        if not l2:
            cells.append(f'<th colspan="3" scope="row">{_e(l1)}</th>')
        else:
            if l1 not in done1:
                done1.add(l1)
                cells.append(f'<th rowspan="{span1[l1]}" scope="rowgroup">{_e(l1)}</th>')
            if not l3:
                cells.append(f'<th colspan="2" scope="row">{_e(l2)}</th>')
            else:
                if (l1, l2) not in done2:
                    done2.add((l1, l2))
                    cells.append(f'<th rowspan="{span2[(l1, l2)]}" scope="rowgroup">{_e(l2)}</th>')
                cells.append(f'<th scope="row">{_e(l3)}</th>')
        values = _cells(report, report.application_row(key_path), 7)
        cells += [f'<td class="og-num">{_e(v)}</td>' for v in values]
        css = ' class="og-total"' if key_path == ("results", "total") else ""
        out.append(f"<tr{css}>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></section>")

    # 四
    heads = [cn for _, cn in REVIEW_RESULTS] + ["总计"]
    out.append(f'<section class="og-annual-section"><h2>{_e(SECTION_TITLES[3])}</h2>')
    out.append('<table class="og-annual-table og-annual-reviews"><thead>')
    out.append(
        '<tr><th colspan="5" rowspan="2" scope="colgroup">行政复议</th>'
        '<th colspan="10" scope="colgroup">行政诉讼</th></tr>'
    )
    out.append(
        '<tr><th colspan="5" scope="colgroup">未经复议直接起诉</th>'
        '<th colspan="5" scope="colgroup">复议后起诉</th></tr>'
    )
    out.append("<tr>" + "".join(f'<th scope="col">{_e(h)}</th>' for h in heads * 3) + "</tr>")
    out.append("</thead><tbody><tr>")
    for key, _label in REVIEW_ROWS:
        out.extend(f'<td class="og-num">{_e(v)}</td>' for v in _cells(report, report.reviews.get(key), 5))
    out.append("</tr></tbody></table></section>")

    out.append(_text_section(SECTION_TITLES[4], report.problems))
    out.append(_text_section(SECTION_TITLES[5], report.other_matters, _fees_sentence(report.processing_fees)))
    out.append("</div>")
    return "\n".join(out)
