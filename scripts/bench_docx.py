"""Which .docx converter for ``opengov new --from`` and ``opengov import``: measured side by side.

    python scripts/bench_docx.py [N]

Generates N realistic 红头文件 (python-docx, as tests/factories.py writes them: banner, 文号,
a title over two lines, 主送, four heading levels, a table, bold runs, an image, the 附件
list, signature and date, 版记) and converts each with

- python-docx directly (what the portal uses: opengov.documents),
- mammoth (Word styles to HTML),
- pandoc through pypandoc-binary (to GitHub Markdown),

printing milliseconds a document and what each output still tells: whether the centred
title and the right-aligned signature can be told from the body (the 红头文件's parts are
known by their alignment), whether the table and the image came through. mammoth and
pypandoc are optional (``pip install mammoth pypandoc-binary``); a missing one is skipped.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from factories import REDHEAD_BODY, redhead_docx  # noqa: E402

from opengov.documents.docx_blocks import Para, read_docx  # noqa: E402
from opengov.documents.markdown import to_markdown  # noqa: E402
from opengov.documents.redhead import read_parts  # noqa: E402


def ours(path: Path) -> tuple[str, bool]:
    blocks = read_docx(path)
    parts = read_parts(blocks)
    aligned = any(isinstance(b, Para) and b.right for b in blocks)
    return to_markdown(parts.body, lambda image: "image" + image.suffix), aligned


def with_mammoth(path: Path) -> tuple[str, bool]:
    import mammoth

    with path.open("rb") as stream:
        html = mammoth.convert_to_html(stream).value
    return html, "right" in html


def with_pandoc(path: Path) -> tuple[str, bool]:
    import pypandoc

    text = pypandoc.convert_file(str(path), "gfm")
    return text, "right" in text.lower()


def measure(name: str, convert: Callable[[Path], tuple[str, bool]], docs: list[Path]) -> None:
    try:
        convert(docs[0])
    except ImportError as exc:
        print(f"{name:<12} skipped ({exc.name} is not installed)")
        return
    started = time.perf_counter()
    outputs = [convert(doc) for doc in docs]
    ms = (time.perf_counter() - started) * 1000 / len(docs)
    text, aligned = outputs[0]
    table = "3200" in text and ("<table" in text or "| 基本支出" in text)
    image = "image" in text or "<img" in text
    print(
        f"{name:<12} {ms:7.1f} ms/doc   alignment kept: {aligned!s:<5}  table: {table!s:<5}  image: {image}"
    )


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    folder = Path(tempfile.mkdtemp(prefix="bench-docx-"))
    docs = []
    for number in range(count):
        path = folder / f"doc-{number}.docx"
        path.write_bytes(
            redhead_docx(
                doc_number=f"示府办发〔2024〕{number + 1}号",
                title=["关于做好2024年县级部门预算", "公开工作的通知"],
                body=REDHEAD_BODY * 4,
                attachments=["资金分配表"],
                image=True,
            )
        )
        docs.append(path)
    print(f"{count} generated 红头文件 in {folder}")
    measure("python-docx", ours, docs)
    measure("mammoth", with_mammoth, docs)
    measure("pandoc", with_pandoc, docs)


if __name__ == "__main__":
    main()
