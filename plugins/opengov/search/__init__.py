"""Full-text search: run Pagefind over a written site (no MkDocs imports here).

The pages say what is indexed (``data-pagefind-body`` on item pages and ordinary
pages, nothing on listings, the catalogue or the search page), and carry their
facets and result metadata as ``data-pagefind-*`` attributes. This package only
runs the indexer: the bundled *extended* Pagefind binary (from the
``pagefind[extended]`` wheel), which segments Chinese text into words at index time.
The bundle is written to ``<site>/pagefind/``.

- :mod:`.indexer`: ``index_site``, shard after shard, and the bundle put in place;
- :mod:`.shards`: which pages go into which shard, and the manifest the browser reads;
- :mod:`.pagefind`: finding the binary and running one indexer process;
- :mod:`.bundle`: the bundle's files (work folders, pruning, the swap into place);
- :mod:`.children`: every live indexer process, killed on exit.
"""
