// The search engine (assets/search/engine.js) under Node's own test runner: `node --test tests/js/*.test.mjs`.
import { test } from "node:test";
import assert from "node:assert/strict";

import {
  hitsFirst,
  indexCut,
  normWord,
  present,
  queryWords,
  shardedIndex,
  SHARD_KEY,
  tidyExcerpt,
  usableWords,
  verbatimFirst,
} from "../../plugins/opengov/mkdocs_plugin/assets/search/engine.js";

/* A Pagefind stand-in over pages {id, shard, words, content}: a word matches the pages with
   words starting with it, else (as Pagefind does) the longest indexed word it starts with;
   a quoted word matches that very word only. Results carry the SHARD_KEY counts. */
function fakePagefind(pages) {
  const all = pages.flatMap((p) => p.words);
  function matches(page, term) {
    const exact = term.startsWith("\"");
    const word = normWord(term.replace(/"/g, ""));
    if (exact) return page.words.includes(word);
    if (all.some((w) => w.startsWith(word))) return page.words.some((w) => w.startsWith(word));
    const longest = all.filter((w) => word.startsWith(w)).sort((a, b) => b.length - a.length)[0];
    return Boolean(longest) && page.words.includes(longest);
  }
  function marked(page, term) {
    const word = normWord(term.replace(/"/g, ""));
    const hit = page.words.find((w) => w.startsWith(word)) || page.words.find((w) => word.startsWith(w));
    return hit ? `……<mark>${hit}</mark>……` : "";
  }
  const calls = [];
  return {
    calls,
    search(term, options = {}) {
      calls.push({ term, filters: options.filters || {} });
      const want = (options.filters || {})[SHARD_KEY];
      const inShard = (p) => want === undefined || (typeof want === "string" ? String(p.shard) === want : want.any.includes(String(p.shard)));
      const terms = term.match(/"[^"]*"|\S+/g) || [];
      const found = pages.filter((p) => inShard(p) && terms.every((t) => matches(p, t)));
      const counts = {};
      found.forEach((p) => { counts[String(p.shard)] = (counts[String(p.shard)] || 0) + 1; });
      return Promise.resolve({
        results: found.map((p) => ({
          id: p.id,
          score: p.score || 1,
          data: () => Promise.resolve({ excerpt: marked(p, terms[0] || ""), content: p.content || "" }),
        })),
        unfilteredResultCount: found.length,
        filters: { [SHARD_KEY]: counts },
        totalFilters: {},
      });
    },
    filters: () => Promise.resolve({ [SHARD_KEY]: {}, column: { assistance: 2 } }),
  };
}

const ids = (res) => res.results.map((r) => r.id);

test("runs of single characters are joined again into the index's words", () => {
  assert.deepEqual(queryWords("低保", "join"), ["低保"]);
  assert.deepEqual(queryWords("低保  救助", "join"), ["低保", "救助"]);
  assert.deepEqual(queryWords("低保 低保", "join"), ["低保"], "a repeated word is asked once");
  assert.deepEqual(queryWords("“低保”", "join"), ["低保"], "quotes are no part of a word");
});

test("a document number is cut as the indexer cuts it", () => {
  assert.deepEqual(queryWords("西府办发〔2017〕45号", "join"), ["西府", "办发", "2017", "45", "号"]);
});

test("numbers are cut at their separators, full-width ones too", () => {
  assert.deepEqual(queryWords("3,865,000", "join"), ["3", "865", "000"]);
  assert.deepEqual(queryWords("２，０８６.４", "join"), ["2", "086", "4"]);
});

test("runs mode keeps whole runs of Chinese characters for the index to cut", () => {
  assert.deepEqual(queryWords("特困供养金 2024", "runs"), ["特困供养金", "2024"]);
  assert.deepEqual(queryWords("", "runs"), []);
});

test("Pagefind's normalisation: case, punctuation and diacritics", () => {
  assert.equal(normWord("Á-B·c"), "abc");
});

test("a word the index lacks counts as absent, a useful prefix as present", async () => {
  const pf = fakePagefind([
    { id: "a", shard: 0, words: ["元", "预算"] },
    { id: "b", shard: 0, words: ["低保", "标准"] },
    { id: "c", shard: 0, words: ["6420"] },
  ]);
  assert.equal(await present(pf, "预算"), true);
  assert.equal(await present(pf, "元旦"), false, "元旦 must not find every page with 元");
  assert.equal(await present(pf, "低保户"), true, "低保 is two characters and most of 低保户");
  assert.equal(await present(pf, "64"), true, "64 starts 6420");
  assert.deepEqual(await usableWords(pf, ["低保", "标准"]), ["低保", "标准"]);
  assert.equal(await usableWords(pf, ["低保", "元旦"]), null);
});

test("the index is the dictionary for a run the browser could not cut", async () => {
  const pf = fakePagefind([{ id: "a", shard: 0, words: ["特困", "供养", "金"] }]);
  assert.deepEqual(await indexCut(pf, ["特困供养金"], () => true), ["特困", "供养", "金"]);
  assert.equal(await indexCut(pf, ["特困供养金"], () => false), null, "stops when the reader moved on");
  assert.equal(await indexCut(pf, ["长".repeat(41)], () => true), null, "a pasted paragraph is not cut by lookups");
});

test("verbatim hits come first, the rest keep their order", async () => {
  const pf = fakePagefind([
    { id: "apart", shard: 0, words: ["2024", "3"], content: "青财预〔2024〕1号 第3条" },
    { id: "other", shard: 0, words: ["2024", "3"], content: "2024年 3月" },
    { id: "verbatim", shard: 0, words: ["2024", "3"], content: "青府发〔2024〕3号" },
  ]);
  const res = await pf.search("2024 3", {});
  assert.deepEqual(ids(await verbatimFirst(res, "〔2024〕3号")), ["verbatim", "apart", "other"]);
  assert.deepEqual(ids(hitsFirst(res, [])), ["apart", "other", "verbatim"]);
});

test("a sharded index asks only the shards that know every word, and merges by score", async () => {
  const pf = fakePagefind([
    { id: "new-1", shard: 0, words: ["低保", "标准"], score: 2 },
    { id: "new-2", shard: 0, words: ["预算"], score: 5 },
    { id: "old-1", shard: 1, words: ["低保", "标准"], score: 3 },
    { id: "old-2", shard: 1, words: ["低保"], score: 1 },
  ]);
  const index = shardedIndex(pf, [{ pages: 2, sorts: ["date"] }, { pages: 2, sorts: ["date"] }], "date");
  const both = await index.search("低保", {});
  assert.equal(both.results.length, 3);
  const scores = both.results.map((r) => r.score);
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a), "one list by score, as one index gives");
  assert.deepEqual(both.filters, {}, "the shard filter is not shown to the reader");
  const budget = await index.search("预算", {});
  assert.deepEqual(ids(budget), ["new-2"]);
  const askedFor = pf.calls.filter((c) => c.term === "预算" && c.filters[SHARD_KEY] !== undefined);
  assert.deepEqual(askedFor.map((c) => c.filters[SHARD_KEY]), ["0"], "shard 1 has no 预算 and is not asked");
  const newestFirst = await index.search("低保", { sort: { date: "desc" } });
  assert.deepEqual(ids(newestFirst).slice(0, 1), ["new-1"], "a date sort lists the newest shard first");
  const oldestFirst = await index.search("低保", { sort: { date: "asc" } });
  assert.equal(ids(oldestFirst)[0].startsWith("old"), true);
  assert.deepEqual(await index.filters(), { column: { assistance: 2 } });
});

test("excerpts read as Chinese: Pagefind's joining '. ' becomes a space", () => {
  assert.equal(tidyExcerpt("低保标准. 每人每月"), "低保标准\u3000每人每月");
  assert.equal(tidyExcerpt("<mark>低保</mark>. 标准"), "<mark>低保</mark>\u3000标准");
  assert.equal(tidyExcerpt("。，低保"), "低保", "a cut that starts on punctuation loses it");
  assert.equal(tidyExcerpt("Total. Next"), "Total. Next", "English text keeps its full stops");
});
