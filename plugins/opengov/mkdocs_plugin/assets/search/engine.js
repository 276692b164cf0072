/* OpenGov Portal search engine: the part of 站内搜索 that needs no page (no DOM).
 *
 * Query segmentation (see page.js for why the portal segments Chinese queries itself),
 * Pagefind presence checks, ranking (verbatim first) and the merge of a sharded index into
 * one. Imported by page.js in the browser and by tests/js/ under Node's test runner.
 */
export var HAN = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]$/;

// -- query words --------------------------------------------------------------------------
var wordSegmenter = null;
try {
  if (typeof Intl !== "undefined" && Intl.Segmenter) wordSegmenter = new Intl.Segmenter("zh", { granularity: "word" });
} catch (e) { wordSegmenter = null; }

export function isHan(s) { return s.length === 1 && HAN.test(s); }

/* The query as a list of words. mode "join": the browser's words, runs of single Chinese
   characters joined again (低 保 -> 低保); mode "runs": whole runs of Chinese characters,
   for indexCut to cut with the index's own words. */
export function queryWords(query, mode) {
  var joinSingles = mode === "join";
  var text = (query || "").normalize("NFKC").replace(/["“”]/g, " ").trim();
  var words = [];
  text.split(/\s+/).forEach(function (chunk) {
    if (!chunk) return;
    var parts = [];
    if (wordSegmenter && mode === "join") {
      for (var it = wordSegmenter.segment(chunk)[Symbol.iterator](), s = it.next(); !s.done; s = it.next()) {
        if (s.value.isWordLike) parts.push(s.value.segment);
      }
    } else {
      // Runs of Chinese characters and other words (also without Intl.Segmenter, e.g.
      // Firefox before 125); the index's own words then do the segmenting (indexCut).
      parts = chunk.match(/[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[^\s\p{P}\p{S}\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/gu) || [];
    }
    // 3,865,000 and 2,086.4 are indexed as 3 865 000 and 2 086 4.
    parts = [].concat.apply([], parts.map(function (p) {
      return /\d/.test(p) ? p.split(/[,.，．、]/).filter(Boolean) : [p];
    }));
    var run = "";
    parts.forEach(function (p) {
      if (joinSingles && isHan(p)) { run += p; return; }
      if (run) { words.push(run); run = ""; }
      words.push(p);
    });
    if (run) words.push(run);
  });
  var seen = {};
  return words.filter(function (w) {
    var k = w.toLowerCase();
    if (seen[k]) return false;
    seen[k] = true;
    return true;
  });
}

// -- Pagefind: shards, presence, ranking ---------------------------------------------------
/* A large portal is indexed in shards (opengov/search/shards.py): the bundle at pagefind/
   and index-only bundles at pagefind/shard-1/, shard-2/ …, listed in pagefind/shards.json
   (no file, or one shard: a single index, used as it is). The shards are merged into the
   one Pagefind instance (mergeIndex: one WASM module, one worker), each tagged with a
   synthetic filter, SHARD_KEY = its number, so that shardedIndex() below can ask each
   shard on its own and put the answers together as one index would have given them. */
export var SHARD_KEY = "og_shard";

export function tag(n) { var f = {}; f[SHARD_KEY] = String(n); return f; }

/* Pagefind's normalisation of a query word: lower case, no punctuation, no diacritics. */
export function normWord(w) {
  return Array.from((w || "").replace(/[\s\u200b]+/g, "")).filter(function (c) {
    return !/^[\p{Pd}\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]$/u.test(c);
  }).join("").toLocaleLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
}

/* The first word Pagefind marked in the excerpts of the first results, normalised. */
export function markedWord(results, i) {
  if (i >= Math.min(results.length, 3)) return Promise.resolve(null);
  return results[i].data().then(function (d) {
    var m = /<mark>([\s\S]*?)<\/mark>/.exec((d && d.excerpt) || "");
    var text = m ? normWord(m[1].replace(/<[^>]*>/g, "").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"").replace(/&#39;/g, "'")) : "";
    return text || markedWord(results, i + 1);
  });
}

/* Whether the index has a query word, or words starting with it. When it has neither,
   Pagefind matches the longest indexed word the query word starts with, and 元旦 would
   find every page with 元 in it: such a word counts as absent, unless the part matched is
   at least two characters and half the word (低保户 -> 低保 is still a useful answer). */
export var presence = {};
export function present(pf, word) {
  var norm = normWord(word);
  if (!norm) return Promise.resolve(false);
  if (!presence[norm]) {
    presence[norm] = pf.search(word, {}).then(function (res) {
      if (!res.results.length) return false;
      return markedWord(res.results, 0).then(function (marked) {
        if (!marked || marked.indexOf(norm) === 0 || norm.indexOf(marked) !== 0) return true;
        if (/\d/.test(norm)) return false; // 6420 is not 64
        var got = Array.from(marked).length, want = Array.from(norm).length;
        return got >= 2 && got * 2 >= want;
      });
    });
    presence[norm].catch(function () { delete presence[norm]; });
  }
  return presence[norm];
}

/* The words of one cut to search for, or null when a word is absent. */
export function usableWords(pf, words) {
  return Promise.all(words.map(function (w) { return present(pf, w); })).then(function (flags) {
    return words.length && flags.every(Boolean) ? words : null;
  });
}

/* Results whose text holds the query exactly as typed come first (青府发〔2024〕3号 before
   青财预〔2024〕1号, which holds the same words apart); the rest keep Pagefind's order. Only
   the first results are read, as the page shows them anyway. */
export var VERBATIM_DEPTH = 30;
export function verbatimFirst(res, query) {
  var want = (query || "").normalize("NFKC").replace(/\s+/g, "");
  var head = res.results.slice(0, VERBATIM_DEPTH);
  if (!want || head.length < 2) return Promise.resolve(res);
  return Promise.all(head.map(function (r) { return r.data(); })).then(function (data) {
    return hitsFirst(res, head.filter(function (r, i) {
      return ((data[i] && data[i].content) || "").normalize("NFKC").replace(/\s+/g, "").indexOf(want) >= 0;
    }));
  }, function () { return res; });
}

/* ``hits`` (some of res's results, or the same pages from another search) first, then the
   rest of res in its order. */
export function hitsFirst(res, hits) {
  if (!hits.length) return res;
  var ids = {};
  hits.forEach(function (r) { ids[r.id] = true; });
  return Object.assign({}, res, { results: hits.concat(res.results.filter(function (r) { return !ids[r.id]; })) });
}

/* Whether the index has this very word (a quoted search matches whole words only). */
export var indexed = {};
export function isWord(pf, word) {
  var norm = normWord(word);
  if (!(norm in indexed)) {
    indexed[norm] = pf.search("\"" + word + "\"", {}).then(function (r) { return r.results.length > 0; });
    indexed[norm].catch(function () { delete indexed[norm]; });
  }
  return indexed[norm];
}

/* Runs of Chinese characters cut into the longest words the index has, from the left (the
   index as the dictionary: 按规定发放 -> 按规定 发放); null when some part is no word of
   the index, when the runs are too long to cut by lookups (a pasted paragraph), or when
   live() says the reader has moved on. */
export var INDEX_CUT_MAX_CHARS = 40, INDEX_CUT_MAX_WORD = 6;
export function indexCut(pf, runs, live) {
  var total = runs.reduce(function (n, w) { return n + Array.from(w).length; }, 0);
  if (total > INDEX_CUT_MAX_CHARS) return Promise.resolve(null);
  var out = [];
  function word(k) {
    if (k >= runs.length) return Promise.resolve(out);
    var chars = Array.from(runs[k]);
    if (chars.length < 2 || !chars.every(isHan)) { out.push(runs[k]); return word(k + 1); }
    function from(i) {
      if (i >= chars.length) return word(k + 1);
      function tryLength(n) {
        if (n < 1 || !live()) return Promise.resolve(null);
        var piece = chars.slice(i, i + n).join("");
        return isWord(pf, piece).then(function (ok) {
          if (!ok) return tryLength(n - 1);
          out.push(piece);
          return from(i + n);
        });
      }
      return tryLength(Math.min(INDEX_CUT_MAX_WORD, chars.length - i));
    }
    return from(0);
  }
  return word(0);
}

/* The sharded index, with the search() and filters() of one Pagefind index.
   Merging shards as Pagefind does (every shard searched alike, results by score) would
   differ from one index in four ways, each made good here:
   - a word a shard does not know is left out by that shard, which then returns pages
     without it; one index knows the word and requires it. So each query word is looked up
     first (how many pages of each shard have it, from the SHARD_KEY counts) and only the
     shards that can match every known word are asked;
   - a word no word of a shard starts with matches that shard's longest word it starts with
     (低保户 -> 低保), while one index uses the words that start with it if any shard has
     them (or else the longest such word of all). An exact search ("word") and, when that
     finds nothing, the first result's marked word tell which a shard did, and a shard that
     did otherwise than one index would is not asked;
   - scores weigh words by how rare they are in the shard: each shard's scores are scaled
     to the rarity over all shards (exact for one-word queries);
   - a sort gives each shard's own order: shards hold pages by date, newest first
     (shards.json "partition"), so a date sort lists shard by shard. */
export function shardedIndex(pf, shards, partition) {
  var keys = shards.map(function (_, i) { return String(i); });
  var total = shards.reduce(function (n, s) { return n + (+s.pages || 0); }, 0);
  var words = {};

  function withShards(filters, list) {
    var f = Object.assign({}, filters || {});
    f[SHARD_KEY] = list.length === 1 ? list[0] : { any: list };
    return f;
  }
  function perShard(res) {
    var c = (res && res.filters && res.filters[SHARD_KEY]) || {};
    return keys.map(function (k) { return c[k] || 0; });
  }
  function idf(pages, having) { return Math.log((pages - having + 0.5) / (having + 0.5) + 1); }

  /* For one query word and each shard: "none" (no page), "ext" (pages with words starting
     with it) or "prefix" (pages with a shorter word it starts with), and how many pages. */
  function lookUp(word) {
    if (!words[word]) {
      var norm = normWord(word);
      words[word] = Promise.all([pf.search(word, {}), pf.search("\"" + word + "\"", {})]).then(function (got) {
        var hits = perShard(got[0]), exact = perShard(got[1]);
        return Promise.all(keys.map(function (k, i) {
          if (!hits[i]) return { mode: "none", pages: 0 };
          if (exact[i]) return { mode: "ext", pages: hits[i] };
          return pf.search(word, { filters: tag(k) }).then(function (r) {
            return markedWord(r.results, 0);
          }).then(function (marked) {
            if (!marked || marked.indexOf(norm) === 0 || norm.indexOf(marked) !== 0) return { mode: "ext", pages: hits[i] };
            return { mode: "prefix", word: marked, pages: hits[i] };
          });
        }));
      });
      words[word].catch(function () { delete words[word]; });
    }
    return words[word];
  }

  /* The shards that can match the query as one index would, and each one's score scale. */
  function plan(term) {
    // A phrase ("…") needs its words in the same shards as the words alone.
    var list = (term || "").replace(/"/g, "").split(" ").filter(function (w, i, a) { return w && a.indexOf(w) === i; });
    if (!list.length) return Promise.resolve({ shards: keys, scale: keys.map(function () { return 1; }) });
    return Promise.all(list.map(lookUp)).then(function (found) {
      var ok = keys.map(function () { return true; });
      var mine = keys.map(function () { return 0; }), all = keys.map(function () { return 0; });
      found.forEach(function (info) {
        var ext = info.some(function (x) { return x.mode === "ext"; });
        var longest = "";
        if (!ext) info.forEach(function (x) { if (x.mode === "prefix" && x.word.length > longest.length) longest = x.word; });
        if (!ext && !longest) return; // no shard knows it: left out everywhere, as by one index
        var same = info.map(function (x) { return ext ? x.mode === "ext" : x.mode === "prefix" && x.word === longest; });
        var having = 0;
        info.forEach(function (x, i) { if (same[i]) having += x.pages; else ok[i] = false; });
        info.forEach(function (x, i) {
          if (!same[i]) return;
          mine[i] += idf(+shards[i].pages || 0, x.pages);
          all[i] += idf(total, having);
        });
      });
      return {
        shards: keys.filter(function (k, i) { return ok[i]; }),
        scale: keys.map(function (k, i) { return total && mine[i] > 0 ? all[i] / mine[i] : 1; }),
      };
    });
  }

  function addCounts(into, counts) {
    Object.keys(counts || {}).forEach(function (f) {
      if (f === SHARD_KEY) return;
      var to = into[f] || (into[f] = {});
      Object.keys(counts[f]).forEach(function (v) { to[v] = (to[v] || 0) + counts[f][v]; });
    });
    return into;
  }

  function search(term, options) {
    options = options || {};
    var sortKey = options.sort ? Object.keys(options.sort)[0] : null;
    return plan(term).then(function (p) {
      var list = p.shards;
      if (sortKey && shards.some(function (s) { return (s.sorts || []).indexOf(sortKey) >= 0; })) {
        // A shard without the key would ignore the sort, and one index lists no such page.
        list = list.filter(function (k) { return (shards[+k].sorts || []).indexOf(sortKey) >= 0; });
      }
      if (!list.length) list = ["none"]; // a shard number that is no shard: nothing found, counts of 0
      return Promise.all(list.map(function (k) {
        return pf.search(term, Object.assign({}, options, { filters: withShards(options.filters, [k]) }));
      })).then(function (answers) {
        var parts = answers.map(function (res, j) {
          var scale = p.scale[+list[j]] || 1;
          return res.results.map(function (r) { return scale === 1 ? r : Object.assign({}, r, { score: r.score * scale }); });
        });
        var results;
        if (sortKey && sortKey === partition) {
          if (options.sort[sortKey] === "asc") parts.reverse();
          results = [].concat.apply([], parts);
        } else {
          results = [].concat.apply([], parts).sort(function (a, b) { return b.score - a.score; });
        }
        var filters = {};
        answers.forEach(function (res) { addCounts(filters, res.filters); });
        return {
          results: results,
          unfilteredResultCount: answers[0].unfilteredResultCount,
          filters: filters,
          totalFilters: addCounts({}, answers[0].totalFilters),
          timings: [].concat.apply([], answers.map(function (res) { return res.timings || []; })),
        };
      });
    });
  }

  return {
    search: search,
    filters: function () { return pf.filters().then(function (f) { return addCounts({}, f); }); },
    shards: shards.length,
  };
}

export function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

/* Pagefind joins headings, paragraphs and table cells with an English ". ": in Chinese text
   a separator reads better; a cut that starts on punctuation loses it. */
export var HAN_END = "[\u3400-\u9fff\uf900-\ufaff\u3001-\u303f\uff01-\uff60\u201d\u20190-9%]";
export var JOINED = new RegExp("(" + HAN_END + ")((?:</mark>)?)\\. (?=\\S)", "g");
export function tidyExcerpt(html) {
  return html.replace(JOINED, "$1$2\u3000").replace(/^[\s。，、；：．.,;:）》」』]+/, "");
}
