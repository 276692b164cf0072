"""Documents in: Word 红头文件 read into disclosure items (``opengov new --from``, ``opengov import``).

- :mod:`.docx_blocks` reads a .docx into blocks (paragraphs with bold runs and images, tables);
- :mod:`.redhead` finds the parts of a 红头文件 among them (banner, 文号, title, 主送, body,
  附件 list, signature and date, 版记);
- :mod:`.markdown` writes the body as Markdown (numbered headings by level, tables, lists).

Pure functions, no MkDocs; python-docx is the reader (README: why not mammoth or pandoc).
"""
