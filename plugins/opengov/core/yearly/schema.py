"""The office's YAML for the 政府网站工作年度报表: keys, Chinese aliases (the template's own
row names), kinds. Read and checked by the annual report's reader and validator."""

from __future__ import annotations

from ..annual.reading import OfficeFile
from ..annual.schema import Schema

CODE = "bad-yearly-report"
YEARLY = OfficeFile(what="年度报表数据文件", option="yearly_website_report", code=CODE)

WEBSITE_KINDS = ("政府门户网站", "部门网站", "专项网站")
INNOVATIONS = ("搜索即服务", "多语言版本", "无障碍浏览", "千人千网")

_WEBSITE: Schema = {
    "name": ("网站名称", "text"),
    "url": ("首页网址", "text"),
    "sponsor": ("主办单位", "text"),
    "kind": ("网站类型", "text"),
    "site_code": ("政府网站标识码", "text"),
    "icp": ("ICP备案号", "text"),
    "police_record": ("公安机关备案号", "text"),
}
_VISITS: Schema = {
    "unique_visitors": ("独立用户访问总量", "count"),
    "page_views": ("网站总访问量", "count"),
}
_COLUMNS: Schema = {
    "overview": ("概况类栏目", "texts"),
    "topics": ("专栏专题", "texts"),
}
_INTERPRETATION: Schema = {
    "products": ("解读产品数量", "count"),
    "media_articles": ("媒体评论文章数量", "count"),
    "responses": ("回应公众关注热点或重大舆情数量", "count"),
}
_CASES: Schema = {
    "total": ("总数", "count"),
    "natural": ("自然人办件量", "count"),
    "legal": ("法人办件量", "count"),
}
_SERVICES: Schema = {
    "catalogue": ("是否发布服务事项目录", "flag"),
    "registered_users": ("注册用户数", "count"),
    "service_items": ("政务服务事项数量", "count"),
    "online_items": ("可全程在线办理政务服务事项数量", "count"),
    "cases": ("办件量", _CASES),
}
_MESSAGES: Schema = {
    "received": ("收到留言数量", "count"),
    "completed": ("办结留言数量", "count"),
    "average_days": ("平均办理时间", "amount"),
    "published": ("公开答复数量", "count"),
}
_SURVEYS: Schema = {
    "rounds": ("征集调查期数", "count"),
    "opinions": ("收到意见数量", "count"),
    "results": ("公布调查结果期数", "count"),
}
_INTERVIEWS: Schema = {
    "rounds": ("访谈期数", "count"),
    "questions": ("网民留言数量", "count"),
    "answers": ("答复网民提问数量", "count"),
}
_INTERACTION: Schema = {
    "unified_platform": ("是否使用统一平台", "flag"),
    "messages": ("留言办理", _MESSAGES),
    "surveys": ("征集调查", _SURVEYS),
    "interviews": ("在线访谈", _INTERVIEWS),
    "smart_qa": ("是否提供智能问答", "flag"),
}
_SECURITY: Schema = {
    "assessments": ("安全检测评估次数", "count"),
    "problems_found": ("发现问题数量", "count"),
    "problems_fixed": ("问题整改数量", "count"),
    "monitoring": ("是否建立安全监测预警机制", "flag"),
    "drills": ("是否开展应急演练", "flag"),
    "officer": ("是否明确网站安全负责人", "flag"),
}
_WEIBO: Schema = {
    "name": ("名称", "text"),
    "posts": ("信息发布量", "count"),
    "followers": ("关注量", "count"),
}
_WECHAT: Schema = {
    "name": ("名称", "text"),
    "posts": ("信息发布量", "count"),
    "subscribers": ("订阅数", "count"),
}
_NEW_MEDIA: Schema = {"weibo": ("微博", _WEIBO), "wechat": ("微信", _WECHAT), "other": ("其他", "text")}
_CONTACTS: Schema = {
    "head": ("单位负责人", "text"),
    "reviewer": ("审核人", "text"),
    "preparer": ("填报人", "text"),
    "phone": ("联系电话", "text"),
    "date": ("填报日期", "text"),
}

SCHEMA: Schema = {
    "year": ("年度", "year"),
    "website": ("网站基本信息", _WEBSITE),
    "visits": ("访问量", _VISITS),
    "columns": ("栏目分类", _COLUMNS),
    "interpretation": ("解读回应", _INTERPRETATION),
    "services": ("办事服务", _SERVICES),
    "interaction": ("互动交流", _INTERACTION),
    "security": ("安全防护", _SECURITY),
    "new_media": ("移动新媒体", _NEW_MEDIA),
    "innovation": ("创新发展", "texts"),
    "contacts": ("填报信息", _CONTACTS),
}
