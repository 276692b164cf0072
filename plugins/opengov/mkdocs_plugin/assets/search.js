/* OpenGov Portal: 站内搜索 with Pagefind, entirely in the browser, from this site only.
 *
 * The index (pagefind/) is built by the extended Pagefind binary, which cuts Chinese
 * text into words with a jieba dictionary. Pagefind 1.5's own browser-side query
 * segmentation uses the browser's ICU dictionary instead, which cuts many everyday
 * government words into single characters (低保 -> 低 + 保), and a query made of
 * single characters no longer matches the indexed word. So this script segments the
 * query itself (ICU, then re-joining runs of single Chinese characters: 低保, 征地),
 * hands Pagefind the space-separated words with its own segmentation turned off, and
 * when that finds nothing tries finer cuts: ICU's own words, then the longest words the
 * index itself has (特困供养金 -> 特困 供养 金, for browsers without a Chinese dictionary).
 * Numbers are cut at their separators as the indexer cuts them (3,865,000 -> 3 865 000).
 * Words typed together are first looked for together (a phrase: 〔2024〕3号).
 *
 * Deep links: ?q=低保&column=assistance&publisher=mzj&year=2024&validity=effective&sort=date-desc
 */
(function () {
  "use strict";

  var FACETS = ["column", "publisher", "year", "validity"];
  var VALIDITY = { effective: "有效", expired: "失效", repealed: "废止" };
  var PAGE = 10;
  var HAN = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]$/;

  // -- the "/" shortcut: focus the search box (the page's own, else the header's) ---------
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var t = event.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var input = document.getElementById("og-search-q");
    var header = document.getElementById("og-hsearch-q");
    if (!input && header && header.offsetParent !== null) input = header;
    if (!input) {
      var link = document.querySelector(".og-hsearch__link");
      if (link) { event.preventDefault(); location.href = link.href; }
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    input.focus();
    input.select();
  }, true);

  // -- query words --------------------------------------------------------------------------
  var wordSegmenter = null;
  try {
    if (typeof Intl !== "undefined" && Intl.Segmenter) wordSegmenter = new Intl.Segmenter("zh", { granularity: "word" });
  } catch (e) { wordSegmenter = null; }

  function isHan(s) { return s.length === 1 && HAN.test(s); }

  /* The query as a list of words. mode "join": the browser's words, runs of single Chinese
     characters joined again (低 保 -> 低保); mode "runs": whole runs of Chinese characters,
     for indexCut to cut with the index's own words. */
  function queryWords(query, mode) {
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

  // -- Pagefind -----------------------------------------------------------------------------
  /* A large portal is indexed in shards (opengov/search/shards.py): the bundle at pagefind/
     and index-only bundles at pagefind/shard-1/, shard-2/ …, listed in pagefind/shards.json
     (no file, or one shard: a single index, used as it is). The shards are merged into the
     one Pagefind instance (mergeIndex: one WASM module, one worker), each tagged with a
     synthetic filter, SHARD_KEY = its number, so that shardedIndex() below can ask each
     shard on its own and put the answers together as one index would have given them. */
  var SHARD_KEY = "og_shard";
  var pagefindPromise = null;
  function loadPagefind(base, rootPath) {
    if (!pagefindPromise) {
      var listed = fetch(base + "shards.json", { cache: "no-cache" }).then(function (r) {
        return r.ok ? r.json() : null;
      }).catch(function () { return null; });
      pagefindPromise = Promise.all([import(base + "pagefind.js"), listed]).then(function (got) {
        var pf = got[0], manifest = got[1];
        var shards = manifest && Array.isArray(manifest.shards) && manifest.shards.length ? manifest.shards : [{ path: "" }];
        var opts = { baseUrl: rootPath, excerptLength: 36 };
        // Pagefind reads <html lang> once, when the instance is made: "und" switches off its
        // own query segmentation (see the note at the top). The index is single-language, so
        // Pagefind still loads it.
        var html = document.documentElement;
        var lang = html.getAttribute("lang");
        var instance;
        html.setAttribute("lang", "und");
        try {
          instance = pf.createInstance({ basePath: base, baseUrl: rootPath, excerptLength: 36 });
        } finally {
          if (lang === null) html.removeAttribute("lang"); else html.setAttribute("lang", lang);
        }
        var sharded = shards.length > 1;
        return Promise.resolve(instance.init()).then(function () {
          return instance.options(sharded ? Object.assign({ mergeFilter: tag(0) }, opts) : opts);
        }).then(function () {
          // Merged indexes are searched in the language they are given, else the primary's:
          // "und" too, so their queries are not segmented by Pagefind either.
          return Promise.all(shards.slice(1).map(function (shard, i) {
            var path = new URL(shard.path, base).pathname;
            return instance.mergeIndex(path, Object.assign({ language: "und", mergeFilter: tag(i + 1) }, opts));
          }));
        }).then(function () {
          return sharded ? shardedIndex(instance, shards, manifest.partition || "date") : instance;
        });
      });
      pagefindPromise.catch(function () { pagefindPromise = null; });
    }
    return pagefindPromise;
  }

  function tag(n) { var f = {}; f[SHARD_KEY] = String(n); return f; }

  /* Pagefind's normalisation of a query word: lower case, no punctuation, no diacritics. */
  function normWord(w) {
    return Array.from((w || "").replace(/[\s\u200b]+/g, "")).filter(function (c) {
      return !/^[\p{Pd}\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]$/u.test(c);
    }).join("").toLocaleLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
  }

  /* The first word Pagefind marked in the excerpts of the first results, normalised. */
  function markedWord(results, i) {
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
  var presence = {};
  function present(pf, word) {
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
  function usableWords(pf, words) {
    return Promise.all(words.map(function (w) { return present(pf, w); })).then(function (flags) {
      return words.length && flags.every(Boolean) ? words : null;
    });
  }

  /* Results whose text holds the query exactly as typed come first (青府发〔2024〕3号 before
     青财预〔2024〕1号, which holds the same words apart); the rest keep Pagefind's order. Only
     the first results are read, as the page shows them anyway. */
  var VERBATIM_DEPTH = 30;
  function verbatimFirst(res, query) {
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
  function hitsFirst(res, hits) {
    if (!hits.length) return res;
    var ids = {};
    hits.forEach(function (r) { ids[r.id] = true; });
    return Object.assign({}, res, { results: hits.concat(res.results.filter(function (r) { return !ids[r.id]; })) });
  }

  /* Whether the index has this very word (a quoted search matches whole words only). */
  var indexed = {};
  function isWord(pf, word) {
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
  var INDEX_CUT_MAX_CHARS = 40, INDEX_CUT_MAX_WORD = 6;
  function indexCut(pf, runs, live) {
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
  function shardedIndex(pf, shards, partition) {
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

    /* Which word a result matched: the first word marked in its excerpt (null: none). */
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

  // -- DOM helpers --------------------------------------------------------------------------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  /* Text with the query words wrapped in <mark>, built as DOM nodes (no HTML parsing). */
  function highlighted(text, words) {
    var frag = document.createDocumentFragment();
    var list = words.filter(Boolean).sort(function (a, b) { return b.length - a.length; });
    if (!list.length) { frag.appendChild(document.createTextNode(text)); return frag; }
    var re = new RegExp(list.map(escapeRegExp).join("|"), "giu");
    var last = 0, m;
    while ((m = re.exec(text)) !== null) {
      if (m[0] === "") { re.lastIndex++; continue; }
      if (m.index > last) frag.appendChild(document.createTextNode(text.slice(last, m.index)));
      frag.appendChild(el("mark", null, m[0]));
      last = m.index + m[0].length;
    }
    if (last < text.length) frag.appendChild(document.createTextNode(text.slice(last)));
    return frag;
  }

  /* Pagefind joins headings, paragraphs and table cells with an English ". ": in Chinese text
     a separator reads better; a cut that starts on punctuation loses it. */
  var HAN_END = "[\u3400-\u9fff\uf900-\ufaff\u3001-\u303f\uff01-\uff60\u201d\u20190-9%]";
  var JOINED = new RegExp("(" + HAN_END + ")((?:</mark>)?)\\. (?=\\S)", "g");
  function tidyExcerpt(html) {
    return html.replace(JOINED, "$1$2\u3000").replace(/^[\s。，、；：．.,;:）》」』]+/, "");
  }

  /* Pagefind's excerpt, keeping only its text and <mark> elements. */
  function excerptNodes(html) {
    var tpl = document.createElement("template");
    tpl.innerHTML = tidyExcerpt(html || "");
    var frag = document.createDocumentFragment();
    (function walk(node, into) {
      node.childNodes.forEach(function (child) {
        if (child.nodeType === 3) into.appendChild(document.createTextNode(child.nodeValue));
        else if (child.nodeType === 1 && child.tagName === "MARK") into.appendChild(el("mark", null, child.textContent));
        else if (child.nodeType === 1) walk(child, into);
      });
    })(tpl.content, frag);
    return frag;
  }

  // -- the search page ----------------------------------------------------------------------
  function initSearchPage() {
    var root = document.getElementById("og-search");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";

    var form = document.getElementById("og-search-form");
    var input = document.getElementById("og-search-q");
    var status = document.getElementById("og-search-status");
    var list = document.getElementById("og-search-results");
    var more = document.getElementById("og-search-more");
    var empty = document.getElementById("og-search-empty");
    var emptyTitle = document.getElementById("og-search-empty-title");
    var emptyFilters = document.getElementById("og-search-empty-filters");
    var reset = document.getElementById("og-search-reset");
    var base = new URL(root.dataset.index || "../pagefind/", document.baseURI).href;
    var rootPath = new URL(base + "../").pathname;
    var selects = {};
    FACETS.concat(["sort"]).forEach(function (k) { selects[k] = form.elements[k]; });
    var labels = {};
    FACETS.forEach(function (k) {
      labels[k] = {};
      Array.prototype.forEach.call(selects[k].options, function (o) {
        if (o.value) labels[k][o.value] = { text: o.dataset.label || o.textContent, depth: +(o.dataset.depth || 1) };
      });
    });

    var runId = 0, current = null;

    function readUrl() {
      var p = new URLSearchParams(location.search), s = { q: p.get("q") || "" };
      FACETS.concat(["sort"]).forEach(function (k) { s[k] = p.get(k) || ""; });
      return s;
    }
    function readForm() {
      var s = { q: input.value || "" };
      FACETS.concat(["sort"]).forEach(function (k) { s[k] = selects[k].value || ""; });
      return s;
    }
    function ensureOption(select, value, text) {
      if (!value) return;
      for (var i = 0; i < select.options.length; i++) if (select.options[i].value === value) return;
      var o = el("option", null, text || value);
      o.value = value;
      o.dataset.label = text || value;
      select.appendChild(o);
    }
    function writeForm(s) {
      input.value = s.q;
      FACETS.concat(["sort"]).forEach(function (k) {
        if (k === "year") ensureOption(selects.year, s.year, s.year ? s.year + " 年" : "");
        selects[k].value = s[k];
        if (selects[k].value !== s[k]) selects[k].value = "";
      });
    }
    function urlFor(s) {
      var p = new URLSearchParams();
      if (s.q.trim()) p.set("q", s.q.trim());
      FACETS.concat(["sort"]).forEach(function (k) { if (s[k]) p.set(k, s[k]); });
      var qs = p.toString();
      return location.pathname + (qs ? "?" + qs : "");
    }
    function hasFilters(s) { return FACETS.some(function (k) { return !!s[k]; }); }
    function filtersOf(s, except) {
      var f = {};
      FACETS.forEach(function (k) { if (s[k] && k !== except) f[k] = s[k]; });
      return f;
    }
    function sortOf(s, words) {
      if (s.sort === "date-asc") return { date: "asc" };
      if (s.sort === "date-desc" || !words.length) return { date: "desc" };
      return {};
    }

    function setCounts(counts, active) {
      FACETS.forEach(function (k) {
        var c = counts && counts[k];
        Array.prototype.forEach.call(selects[k].options, function (o) {
          if (!o.value) return;
          var info = labels[k][o.value] || { text: o.value, depth: 1 };
          var prefix = k === "column" ? new Array(info.depth).join("　") : "";
          var n = c ? (c[o.value] || 0) : null;
          o.textContent = prefix + info.text + (active && n !== null ? "（" + n + "）" : "");
        });
      });
    }

    /* Facet counts need Pagefind's filter files (they grow with the portal), so they are
       loaded only once the reader turns to the filters, or a deep link uses one. */
    var filtersPromise = null, last = null;
    function wantCounts() {
      if (!filtersPromise) {
        filtersPromise = loadPagefind(base, rootPath).then(function (pf) { return pf.filters(); });
        filtersPromise.then(function () { if (last) refreshCounts(last.s, last.term, last.id); }, function () { filtersPromise = null; });
      }
      return filtersPromise;
    }

    /* Each facet's counts leave out that facet's own choice, so its values can be compared. */
    function refreshCounts(s, term, id) {
      if (!filtersPromise) return Promise.resolve();
      if (term === null) { setCounts({}, true); return Promise.resolve(); } // nothing matched at all
      return filtersPromise.then(function () { return loadPagefind(base, rootPath); }).then(function (pf) {
        return Promise.all(FACETS.map(function (k) {
          return pf.search(term, { filters: filtersOf(s, k) }).then(function (r) { return (r && r.filters && r.filters[k]) || {}; });
        }));
      }).then(function (lists) {
        if (id !== runId) return;
        var counts = {};
        FACETS.forEach(function (k, i) { counts[k] = lists[i]; });
        setCounts(counts, true);
      }).catch(function () {});
    }

    function clearResults() {
      list.textContent = "";
      more.hidden = true;
      empty.hidden = true;
    }

    function renderResult(data, words) {
      var li = el("li", "og-result");
      var meta = data.meta || {};
      var h = el("h2", "og-result__title");
      var a = el("a");
      a.href = data.url;
      a.appendChild(highlighted(meta.title || data.url, words));
      h.appendChild(a);
      li.appendChild(h);
      var m = el("p", "og-result__meta");
      if (meta.kind === "item") {
        if (meta.date) {
          var t = el("time", "og-result__date", meta.date);
          t.setAttribute("datetime", meta.date);
          m.appendChild(t);
        }
        if (meta.publisher) m.appendChild(el("span", "og-result__publisher", meta.publisher));
        if (meta.doc_number) m.appendChild(el("span", "og-result__docno", meta.doc_number));
        if (meta.validity && meta.validity !== "effective") m.appendChild(el("span", "og-badge og-badge--gone", VALIDITY[meta.validity] || meta.validity));
      } else {
        m.appendChild(el("span", "og-result__kind", "网站页面"));
      }
      li.appendChild(m);
      var ex = el("p", "og-result__excerpt");
      ex.appendChild(excerptNodes(data.excerpt));
      li.appendChild(ex);
      return li;
    }

    function showMore(focusFirst) {
      var c = current;
      if (!c) return Promise.resolve();
      var slice = c.results.slice(c.shown, c.shown + PAGE);
      c.shown += slice.length;
      more.hidden = true;
      return Promise.all(slice.map(function (r) { return r.data(); })).then(function (datas) {
        if (c !== current) return;
        var first = null;
        datas.forEach(function (d) {
          var li = renderResult(d, c.words);
          if (!first) first = li;
          list.appendChild(li);
        });
        more.hidden = c.shown >= c.results.length;
        if (!more.hidden) more.textContent = "显示更多结果（还有 " + (c.results.length - c.shown) + " 条）";
        if (focusFirst && first) first.querySelector("a").focus();
      });
    }

    function describe(s) {
      var parts = [];
      FACETS.forEach(function (k) {
        if (s[k]) parts.push((labels[k][s[k]] || { text: s[k] }).text.replace(/^　+/, ""));
      });
      return parts.length ? "（筛选：" + parts.join("、") + "）" : "";
    }

    function run(s) {
      var id = ++runId;
      current = null;
      reset.hidden = !hasFilters(s);
      var chosen = FACETS.filter(function (k) { return !!s[k]; }).length + (s.sort ? 1 : 0);
      document.getElementById("og-search-chosen").textContent = chosen ? "（已选 " + chosen + " 项）" : "";
      var cuts = [queryWords(s.q, "join")].filter(function (c) { return c.length; });
      var words = cuts.length ? cuts[0] : [];
      if (!words.length && !hasFilters(s)) {
        clearResults();
        setCounts(null, false);
        status.textContent = s.q.trim() ? "请输入要查找的词语。" : "请输入要查找的词语，例如：低保标准、三公经费、征地补偿。";
        return Promise.resolve();
      }
      if (!words.length) {
        // Filters alone would make Pagefind fetch its whole word index (megabytes on a phone);
        // the catalogue lists by column, publisher, year and validity from one small file.
        clearResults();
        setCounts(null, false);
        var params = new URLSearchParams();
        FACETS.forEach(function (k) { if (s[k]) params.set(k, s[k]); });
        var link = document.createElement("a");
        link.href = new URL(base + "../catalog/").pathname + "?" + params.toString();
        link.textContent = "在政府信息公开目录中查看" + describe(s).replace(/^（筛选：|）$/g, "") + "的全部信息";
        status.textContent = "请输入要查找的词语。只按条件浏览，请";
        status.appendChild(link);
        status.appendChild(document.createTextNode("。"));
        return Promise.resolve();
      }
      status.textContent = "正在搜索……";
      root.setAttribute("aria-busy", "true");
      return loadPagefind(base, rootPath).then(function (pf) {
        var options = { filters: filtersOf(s), sort: sortOf(s, words) };
        var typedTogether = !/\s/.test(s.q.trim());
        function live() { return id === runId; }
        function searchWords(kept) {
          var t = kept.join(" ");
          return pf.search(t, options).then(function (all) {
            // Ranked by relevance, what was typed together comes first: side by side (a
            // phrase), else verbatim in the text. The counts stay those of the words.
            if (!typedTogether || kept.length < 2 || s.sort || all.results.length < 2) return all;
            return pf.search("\"" + t + "\"", options).then(function (together) {
              return together.results.length ? hitsFirst(all, together.results) : verbatimFirst(all, s.q);
            });
          }).then(function (r) { return { res: r, term: t, words: kept }; });
        }
        function attempt(i, first) {
          // The browser's words (re-joined) if they are all in the index and find anything,
          // else the index's own words over the typed runs; with none finding anything, the
          // first usable cut (nothing under these filters), else nothing.
          if (i > cuts.length || !live()) return Promise.resolve(first);
          var usable = i < cuts.length
            ? usableWords(pf, cuts[i])
            : indexCut(pf, queryWords(s.q, "runs"), live).then(function (w) { return w && usableWords(pf, w); });
          return usable.then(function (kept) {
            if (!kept) return attempt(i + 1, first);
            return searchWords(kept).then(function (got) {
              return got.res.results.length ? got : attempt(i + 1, first || got);
            });
          });
        }
        return attempt(0, null).then(function (got) {
          return got || { res: { results: [] }, term: null, words: cuts[0] };
        });
      }).then(function (out) {
        if (id !== runId) return;
        clearResults();
        words = out.words;
        last = { s: s, term: out.term, id: id };
        if (filtersPromise) refreshCounts(s, out.term, id);
        else if (hasFilters(s)) wantCounts(); // refreshes the counts once loaded
        else setCounts(null, false);
        var res = out.res, n = res.results.length;
        var what = s.q.trim() ? "与“" + s.q.trim() + "”相关的" : "";
        if (!n) {
          status.textContent = "没有找到" + what + "信息" + describe(s) + "。";
          emptyTitle.textContent = "没有找到" + what + "信息。";
          emptyFilters.hidden = !hasFilters(s);
          empty.hidden = false;
          root.removeAttribute("aria-busy");
          return;
        }
        var note = s.sort && words.length ? "按发布日期排序，仅列出政府信息公开条目" : "";
        current = { results: res.results, shown: 0, words: words };
        // The count is announced once the first results are on the page.
        return showMore(false).then(function () {
          if (id !== runId) return;
          status.textContent = "找到 " + n + " 条" + what + "信息" + describe(s) + (note ? "，" + note : "") + "。";
          root.removeAttribute("aria-busy");
        });
      }).catch(function (err) {
        if (id !== runId) return;
        root.removeAttribute("aria-busy");
        clearResults();
        status.textContent = "搜索暂时无法使用（搜索索引未能加载）。请稍后再试，或到政府信息公开目录中查找。";
        if (window.console) console.error("opengov search:", err);
      });
    }

    function submit(push) {
      var s = readForm();
      var url = urlFor(s);
      if (url !== location.pathname + location.search) {
        if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
      }
      return run(s);
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); submit(true); });
    FACETS.concat(["sort"]).forEach(function (k) {
      selects[k].addEventListener("change", function () { submit(false); });
    });
    reset.addEventListener("click", function () {
      FACETS.forEach(function (k) { selects[k].value = ""; });
      submit(false);
      input.focus();
    });
    document.getElementById("og-search-empty-clear").addEventListener("click", function () {
      FACETS.forEach(function (k) { selects[k].value = ""; });
      submit(false);
      input.focus();
    });
    more.addEventListener("click", function () { showMore(true); });
    window.addEventListener("popstate", function () {
      var s = readUrl();
      writeForm(s);
      run(s);
    });

    var start = readUrl();
    writeForm(start);
    // On a phone the filters start folded, so the results show without scrolling.
    var options = document.getElementById("og-search-options");
    if (options && window.matchMedia && window.matchMedia("(max-width: 44.9375em)").matches && !hasFilters(start) && !start.sort) {
      options.open = false;
    }
    var header = document.getElementById("og-hsearch-q");
    if (header) header.value = start.q;
    if (!start.q) input.focus();
    if (start.q.trim() || hasFilters(start)) status.textContent = "正在加载搜索索引……";
    else run(start);
    // Load the index (and the list of years) now, so the first query is quick; run the
    // deep-linked query then, unless the reader has already searched for something else.
    var initial = runId;
    loadPagefind(base, rootPath).catch(function () {}).then(function () {
      if (runId === initial && (start.q.trim() || hasFilters(start))) return run(start);
    });
    // The filters' counts: fetched when the reader turns to them.
    var facetsBox = document.getElementById("og-search-facets");
    ["focusin", "pointerenter", "touchstart"].forEach(function (type) {
      facetsBox.addEventListener(type, wantCounts, { passive: true });
    });
    if (options) options.addEventListener("toggle", function () { if (options.open) wantCounts(); });
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(initSearchPage);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initSearchPage);
  else initSearchPage();
})();
