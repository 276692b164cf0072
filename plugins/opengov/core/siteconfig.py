"""Site-wide settings a portal cannot be built without (shared by the build and `opengov check`)."""

from __future__ import annotations

from .feeds import check_base_url

NO_DIRECTORY_URLS = "opengov 不支持 use_directory_urls: false：政府网站的地址必须以“/”结尾。请删除这一设置"
NO_SITE_URL = "缺少 site_url（网站正式地址，例如 https://www.example.gov.cn/）。订阅源（RSS/Atom）和站点地图需要完整网址"


def site_config_problems(site_url: object, use_directory_urls: object) -> list[str]:
    """What is wrong with these ``mkdocs.yml`` settings, in Chinese; empty when nothing is."""
    problems = []
    if use_directory_urls is False:
        problems.append(NO_DIRECTORY_URLS)
    if not site_url or not str(site_url).strip():
        problems.append(NO_SITE_URL)
    else:
        try:
            check_base_url(str(site_url))
        except ValueError as exc:
            problems.append(str(exc))
    return problems
