"""Reading ``catalog.yml``: organization, column tree, departments, calendar (CONTRACT §2)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from .codes import code_valid
from .dates import DateError, parse_date
from .findings import FileFindings
from .model import Catalog, Column, Department, Finding, Organization
from .vocabulary import CADENCES, DEFAULT_INDEX_FORMAT, INSPECTIONS, RESERVED_IDS
from .yamlpos import YamlError, compose, construct, line_of

ID_PATTERN = re.compile(r"^[a-z0-9-]+$")


class _Reader(FileFindings):
    def bad(self, line: int, message: str, code: str = "bad-catalog") -> None:
        """Most of the catalog's findings are ``bad-catalog`` errors."""
        self.error(line, code, message)


def _mapping(node: yaml.Node, reader: _Reader) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key, value in node.value:
        name = str(key.value)
        if name in out:
            reader.bad(
                line_of(key), f"“{name}”在同一处写了两次（第 {line_of(out[name][0])} 行已有），请删除其中一个"
            )
            continue
        out[name] = (key, value)
    return out


def _text(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.ScalarNode):
        value = construct(node)
        if value is None:
            return None
        return str(value).strip()
    return None


def load_catalog(path: Path, rel_path: str) -> tuple[Catalog, list[Finding]]:
    """Read the catalog; defects become findings at their line, never exceptions."""
    reader = _Reader(rel_path)
    catalog = Catalog(organization=Organization(name=""), path=rel_path)
    try:
        raw = path.read_bytes()
    except OSError:
        reader.bad(
            1, f"找不到目录文件 {rel_path}。请按 CONTRACT 第 2 节创建它（organization、columns、departments）"
        )
        return catalog, reader.found
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad_line = raw[: exc.start].count(b"\n") + 1
        reader.bad(
            1,
            f"目录文件不是 UTF-8 编码（可能是 GBK，第 {bad_line} 行起无法识别）。请用“UTF-8”另存后再提交",
            "bad-encoding",
        )
        return catalog, reader.found
    try:
        root = compose(text.replace("\r\n", "\n"))
    except YamlError as exc:
        reader.bad(exc.line, exc.message.replace("前言（front matter）", "目录文件"), "bad-catalog")
        return catalog, reader.found
    if not isinstance(root, yaml.MappingNode):
        reader.bad(1, "目录文件应当是“键: 值”的映射，包含 organization、columns、departments")
        return catalog, reader.found
    top = _mapping(root, reader)
    for name, (key, _value) in top.items():
        if name not in ("organization", "columns", "departments", "calendar"):
            reader.bad(
                line_of(key), f"不认识的顶层键“{name}”。只能是 organization、columns、departments、calendar"
            )
    _read_organization(reader, top, catalog)
    _read_columns(reader, top, catalog)
    _read_departments(reader, top, catalog)
    _read_calendar(reader, top, catalog)
    return catalog, reader.found


def _read_organization(reader: _Reader, top: dict[str, Any], catalog: Catalog) -> None:
    if "organization" not in top:
        reader.bad(1, "目录文件缺少 organization（本机关名称 name 和代码 code）")
        return
    key, node = top["organization"]
    if not isinstance(node, yaml.MappingNode):
        reader.bad(line_of(key), "organization 应当包含 name、code 等键")
        return
    fields = _mapping(node, reader)
    name = _text(fields["name"][1]) if "name" in fields else None
    if not name:
        reader.bad(line_of(key), "organization 缺少 name（例如：示例县人民政府）")
    catalog.organization.name = name or ""
    if "code" in fields:
        code_key, code_node = fields["code"]
        code = _text(code_node)
        catalog.organization.code = code
        if code and not code_valid(code):
            reader.warning(
                line_of(code_node),
                "bad-code",
                f"机关代码“{code}”未通过 GB 32100/GB 11714 校验位检查，请核对（仍按原样使用）",
            )
    if "index_format" in fields:
        fmt_key, fmt_node = fields["index_format"]
        fmt = _text(fmt_node) or DEFAULT_INDEX_FORMAT
        try:
            fmt.format(code="X", year=2000, month=1, seq=1)
            if "{seq" not in fmt:
                raise ValueError("缺少 {seq} 序号，索引号会重复")
        except (KeyError, ValueError, IndexError) as exc:
            reader.bad(
                line_of(fmt_node),
                f"index_format“{fmt}”无效（{exc}）。可用的占位符：{{code}} {{year}} {{month}} {{seq:05d}}",
            )
        else:
            catalog.organization.index_format = fmt
    for name, (k, _v) in fields.items():
        if name not in ("name", "code", "index_format"):
            reader.bad(line_of(k), f"organization 下不认识的键“{name}”。只能是 name、code、index_format")


def _read_columns(reader: _Reader, top: dict[str, Any], catalog: Catalog) -> None:
    if "columns" not in top:
        reader.bad(1, "目录文件缺少 columns（栏目树）")
        return
    key, node = top["columns"]
    if not isinstance(node, yaml.SequenceNode):
        reader.bad(line_of(key), "columns 应当是栏目列表，每项以“- id: …”开头")
        return
    _read_column_list(reader, node, None, catalog)


def _read_column_list(reader: _Reader, node: yaml.SequenceNode, parent: str | None, catalog: Catalog) -> None:
    for entry in node.value:
        line = line_of(entry)
        if not isinstance(entry, yaml.MappingNode):
            reader.bad(line, "每个栏目应当写成“- id: …  title: …”")
            continue
        fields = _mapping(entry, reader)
        column_id = _text(fields["id"][1]) if "id" in fields else None
        id_line = line_of(fields["id"][1]) if "id" in fields else line
        if not column_id:
            reader.bad(line, "栏目缺少 id（小写字母、数字和连字符，例如 fiscal）")
            continue
        if not ID_PATTERN.match(column_id):
            reader.bad(id_line, f"栏目 id“{column_id}”只能由小写字母、数字和连字符组成（例如 river-chief）")
            continue
        if column_id in RESERVED_IDS:
            reader.bad(
                id_line,
                f"栏目 id“{column_id}”是门户保留地址，会与 /{column_id}/ 冲突。请换一个 id",
                "url-conflict",
            )
            continue
        if column_id in catalog.columns:
            reader.bad(id_line, f"栏目 id“{column_id}”重复（第 {catalog.columns[column_id].line} 行已声明）")
            continue
        title = _text(fields["title"][1]) if "title" in fields else None
        if not title:
            reader.bad(line, f"栏目“{column_id}”缺少 title（中文栏目名称）")
        column = Column(id=column_id, title=title or column_id, parent=parent, line=id_line)
        for attr, allowed in (("cadence", CADENCES), ("inspection", INSPECTIONS)):
            if attr in fields:
                value = _text(fields[attr][1])
                if value not in allowed:
                    reader.bad(
                        line_of(fields[attr][1]),
                        f"栏目“{column_id}”的 {attr}“{value}”无效，只能是：{'、'.join(allowed)}",
                    )
                else:
                    setattr(column, attr, value)
        if "description" in fields:
            column.description = _text(fields["description"][1]) or ""
        for name, (k, _v) in fields.items():
            if name not in ("id", "title", "cadence", "inspection", "description", "children"):
                reader.bad(
                    line_of(k),
                    f"栏目“{column_id}”下不认识的键“{name}”。可用：id、title、cadence、inspection、description、children",
                )
        catalog.columns[column_id] = column
        if parent is not None:
            catalog.columns[parent].children.append(column_id)
        if "children" in fields:
            child_key, children = fields["children"]
            if isinstance(children, yaml.SequenceNode):
                _read_column_list(reader, children, column_id, catalog)
            elif _text(children) is not None:
                reader.bad(line_of(child_key), f"栏目“{column_id}”的 children 应当是子栏目列表")


def _read_departments(reader: _Reader, top: dict[str, Any], catalog: Catalog) -> None:
    if "departments" not in top:
        reader.bad(1, "目录文件缺少 departments（发布机构列表）")
        return
    key, node = top["departments"]
    if not isinstance(node, yaml.SequenceNode):
        reader.bad(line_of(key), "departments 应当是发布机构列表，每项以“- id: …”开头")
        return
    names: dict[str, int] = {}
    for entry in node.value:
        line = line_of(entry)
        if not isinstance(entry, yaml.MappingNode):
            reader.bad(line, "每个发布机构应当写成“- id: …  name: …”")
            continue
        fields = _mapping(entry, reader)
        dept_id = _text(fields["id"][1]) if "id" in fields else None
        id_line = line_of(fields["id"][1]) if "id" in fields else line
        if not dept_id or not ID_PATTERN.match(dept_id):
            reader.bad(
                id_line, f"发布机构 id“{dept_id or ''}”无效：只能由小写字母、数字和连字符组成（例如 czj）"
            )
            continue
        if dept_id in catalog.departments:
            reader.bad(
                id_line, f"发布机构 id“{dept_id}”重复（第 {catalog.departments[dept_id].line} 行已声明）"
            )
            continue
        name = _text(fields["name"][1]) if "name" in fields else None
        if not name:
            reader.bad(line, f"发布机构“{dept_id}”缺少 name（全称，例如 县财政局）")
            name = dept_id
        elif name in names:
            reader.bad(line_of(fields["name"][1]), f"发布机构名称“{name}”重复（第 {names[name]} 行已使用）")
        names.setdefault(name, line_of(fields.get("name", (entry, entry))[1]))
        code = _text(fields["code"][1]) if "code" in fields else None
        if code and not code_valid(code):
            reader.warning(
                line_of(fields["code"][1]),
                "bad-code",
                f"“{name}”的代码“{code}”未通过 GB 32100/GB 11714 校验位检查，请核对（仍按原样使用）",
            )
        for field_name, (k, _v) in fields.items():
            if field_name not in ("id", "name", "code"):
                reader.bad(line_of(k), f"发布机构“{dept_id}”下不认识的键“{field_name}”。可用：id、name、code")
        catalog.departments[dept_id] = Department(id=dept_id, name=name, code=code or None, line=id_line)


def _read_calendar(reader: _Reader, top: dict[str, Any], catalog: Catalog) -> None:
    if "calendar" not in top:
        return
    key, node = top["calendar"]
    if not isinstance(node, yaml.MappingNode):
        reader.bad(line_of(key), "calendar 应当包含 holidays 和/或 workdays 两个日期列表")
        return
    for name, (k, value) in _mapping(node, reader).items():
        if name not in ("holidays", "workdays"):
            reader.bad(line_of(k), f"calendar 下不认识的键“{name}”。只能是 holidays、workdays")
            continue
        if not isinstance(value, yaml.SequenceNode):
            reader.bad(line_of(k), f"calendar.{name} 应当是日期列表，例如 [2027-01-01]")
            continue
        target: set[dt.date] = catalog.holidays if name == "holidays" else catalog.workdays
        for element in value.value:
            try:
                target.add(parse_date(construct(element)).date())
            except DateError as exc:
                reader.bad(line_of(element), str(exc))
