"""The website's 政府网站工作年度报表 (国办函〔2018〕12号: every government website publishes it
on its home page by 31 January), drafted for a year in the template's own rows and wording.

The portal counts 信息发布 (总数 and by kind), 专栏专题 (维护/新开设) and 解读材料 (with the
documents they interpret) from the published items; the 网站基本信息 default to the portal's
settings (site_url, the footer marks, the catalog's organization); everything else — 访问量,
解读产品/媒体评论/回应, 办事服务, 互动交流, 安全防护, 移动新媒体, 创新发展, 填报信息 — comes
from the office's YAML (option ``yearly_website_report``), read and checked like the annual
report's file (code ``bad-yearly-report`` at its line; a mobile number there is ``pii-mobile``).
An example with every key is ``yearly_example.yml`` next to this module.
"""

from .computation import Computed, YearlyReport, build_yearly, compute
from .layout import Row, rows, sections, yearly_csv
from .schema import CODE, SCHEMA, YEARLY

__all__ = [
    "CODE",
    "Computed",
    "Row",
    "SCHEMA",
    "YEARLY",
    "YearlyReport",
    "build_yearly",
    "compute",
    "rows",
    "sections",
    "yearly_csv",
]
