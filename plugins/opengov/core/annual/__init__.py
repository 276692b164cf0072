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

from .computation import AnnualReport, build_annual, policy_counts
from .csv_export import annual_csv
from .html import annual_html
from .reading import LinedDict, LinedList, load_annual_file, load_annual_text
from .schema import APPLICANTS, REVIEW_RESULTS, SCHEMA

__all__ = [
    "APPLICANTS",
    "AnnualReport",
    "LinedDict",
    "LinedList",
    "REVIEW_RESULTS",
    "SCHEMA",
    "annual_csv",
    "annual_html",
    "build_annual",
    "load_annual_file",
    "load_annual_text",
    "policy_counts",
]
