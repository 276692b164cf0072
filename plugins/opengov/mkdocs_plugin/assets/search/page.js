/* OpenGov Portal: 站内搜索 with Pagefind (this page's UI; the query engine is engine.js), entirely in the browser, from this site only.
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

import {
  escapeRegExp,
  hitsFirst,
  indexCut,
  queryWords,
  shardedIndex,
  tag,
  tidyExcerpt,
  usableWords,
  verbatimFirst,
} from "./engine.js";

var FACETS = ["column", "publisher", "year", "validity"];
var PAGE = 10;

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

// -- Pagefind ----------------------------------------------------------------------------
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

// -- DOM helpers --------------------------------------------------------------------------
function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}


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
      if (meta.validity && meta.validity !== "effective") m.appendChild(el("span", "og-badge og-badge--gone", (labels.validity[meta.validity] || { text: meta.validity }).text));
    } else {
      m.appendChild(el("span", "og-result__kind", "网站页面"));
    }
    li.appendChild(m);
    var ex = el("p", "og-result__excerpt");
    ex.appendChild(excerptNodes(data.excerpt));
    li.appendChild(ex);
    var files = attachmentsHit(data);
    if (files.length) {
      var p = el("p", "og-result__files", files.length > 1 ? "附件中有：" : "见附件：");
      files.forEach(function (f, i) {
        if (i) p.appendChild(document.createTextNode("、"));
        var link = el("a", null, f.title);
        link.href = f.url;
        p.appendChild(link);
      });
      li.appendChild(p);
    }
    return li;
  }

  /* The attachments whose text the query matched: their sections (og-att-<n>, added to
     the indexed copy of the item page, opengov/search/attachments.py) among the result's
     sub-results, with the address of each file from the metadata og_att_<n>. */
  function attachmentsHit(data) {
    var meta = data.meta || {}, seen = {};
    return (data.sub_results || []).map(function (sub) {
      var m = /#og-att-(\d+)$/.exec(sub.url || "");
      var url = m && meta["og_att_" + m[1]];
      if (!url || seen[url]) return null;
      seen[url] = true;
      return { title: (sub.title || "").replace(/^附件：/, ""), url: rootPath + url.replace(/^\//, "") };
    }).filter(Boolean);
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
