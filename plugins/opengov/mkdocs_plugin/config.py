"""The plugin's options (CONTRACT §4), as typed MkDocs config classes."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class FooterConfig(base.Config):
    sponsor = c.Optional(c.Type(str))  # 主办单位
    organizer = c.Optional(c.Type(str))  # 承办单位
    contact = c.Optional(c.Type(str))
    site_code = c.Optional(c.Type(str))  # 网站标识码
    icp = c.Optional(c.Type(str))  # ICP备案号
    police_record = c.Optional(c.Type(str))  # 公安机关备案号
    gov_badge = c.Optional(c.Type(str))  # image path of the 党政机关网站标识
    gov_badge_link = c.Optional(c.Type(str))
    error_report_url = c.Optional(c.Type(str))  # 我为政府网站找错


class OpenGovConfig(base.Config):
    content_dir = c.Type(str, default="content")
    # None means "<content_dir>/catalog.yml", which is content/catalog.yml by default.
    catalog = c.Optional(c.Type(str))
    page_size = c.Type(int, default=20)
    feed_size = c.Type(int, default=50)
    search = c.Type(bool, default=True)
    compliance_page = c.Type(bool, default=False)
    annual_report = c.Optional(c.Type(str))
    footer = c.SubConfig(FooterConfig)
