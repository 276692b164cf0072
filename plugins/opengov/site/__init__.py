"""The site layer: what the portal's site is (pages, their data, nav, fingerprints) and the
files written after the pages (feeds, exports, sitemap, redirects, search, the output gate's
inputs). No engine imports here: an adapter (``mkdocs_plugin``) translates events to calls.
"""
