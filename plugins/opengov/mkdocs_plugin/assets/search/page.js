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

import { loadPagefind } from "./loader.js";
import { findResults, firstCuts } from "./query.js";
import { el, renderResult } from "./results.js";
import { FACETS, KEYS, catalogueQuery, chosenCount, describe, hasFilters, filtersOf, readParams, urlFor } from "./state.js";

var PAGE = 10;

// -- the search page ----------------------------------------------------------------------
/* The page's elements and what one reader's searching has reached. */
function pageUi(root) {
  var byId = function (id) { return document.getElementById(id); };
  var form = byId("og-search-form");
  var base = new URL(root.dataset.index || "../pagefind/", document.baseURI).href;
  var ui = {
    root: root, form: form, input: byId("og-search-q"), status: byId("og-search-status"),
    list: byId("og-search-results"), more: byId("og-search-more"), empty: byId("og-search-empty"),
    emptyTitle: byId("og-search-empty-title"), emptyFilters: byId("og-search-empty-filters"),
    reset: byId("og-search-reset"), chosen: byId("og-search-chosen"), options: byId("og-search-options"),
    base: base, rootPath: new URL(base + "../").pathname, selects: {}, labels: {},
    runId: 0, current: null, filtersPromise: null, last: null,
  };
  KEYS.forEach(function (k) { ui.selects[k] = form.elements[k]; });
  // The facets' labels are the form's own options (the site's data: columns, departments, validity).
  FACETS.forEach(function (k) {
    ui.labels[k] = {};
    Array.prototype.forEach.call(ui.selects[k].options, function (o) {
      if (o.value) ui.labels[k][o.value] = { text: o.dataset.label || o.textContent, depth: +(o.dataset.depth || 1) };
    });
  });
  return ui;
}

function readForm(ui) {
  var s = { q: ui.input.value || "" };
  KEYS.forEach(function (k) { s[k] = ui.selects[k].value || ""; });
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

function writeForm(ui, s) {
  ui.input.value = s.q;
  KEYS.forEach(function (k) {
    if (k === "year") ensureOption(ui.selects.year, s.year, s.year ? s.year + " 年" : "");
    ui.selects[k].value = s[k];
    if (ui.selects[k].value !== s[k]) ui.selects[k].value = "";
  });
}

function setCounts(ui, counts, active) {
  FACETS.forEach(function (k) {
    var c = counts && counts[k];
    Array.prototype.forEach.call(ui.selects[k].options, function (o) {
      if (!o.value) return;
      var info = ui.labels[k][o.value] || { text: o.value, depth: 1 };
      var prefix = k === "column" ? new Array(info.depth).join("　") : "";
      var n = c ? (c[o.value] || 0) : null;
      o.textContent = prefix + info.text + (active && n !== null ? "（" + n + "）" : "");
    });
  });
}

/* Facet counts need Pagefind's filter files (they grow with the portal), so they are
   loaded only once the reader turns to the filters, or a deep link uses one. */
function wantCounts(ui) {
  if (!ui.filtersPromise) {
    ui.filtersPromise = loadPagefind(ui.base, ui.rootPath).then(function (pf) { return pf.filters(); });
    ui.filtersPromise.then(function () {
      if (ui.last) refreshCounts(ui, ui.last.s, ui.last.term, ui.last.id);
    }, function () { ui.filtersPromise = null; });
  }
  return ui.filtersPromise;
}

/* Each facet's counts leave out that facet's own choice, so its values can be compared. */
function refreshCounts(ui, s, term, id) {
  if (!ui.filtersPromise) return Promise.resolve();
  if (term === null) { setCounts(ui, {}, true); return Promise.resolve(); } // nothing matched at all
  return ui.filtersPromise.then(function () { return loadPagefind(ui.base, ui.rootPath); }).then(function (pf) {
    return Promise.all(FACETS.map(function (k) {
      return pf.search(term, { filters: filtersOf(s, k) }).then(function (r) { return (r && r.filters && r.filters[k]) || {}; });
    }));
  }).then(function (lists) {
    if (id !== ui.runId) return;
    var counts = {};
    FACETS.forEach(function (k, i) { counts[k] = lists[i]; });
    setCounts(ui, counts, true);
  }).catch(function () {});
}

function clearResults(ui) {
  ui.list.textContent = "";
  ui.more.hidden = true;
  ui.empty.hidden = true;
}

function showMore(ui, focusFirst) {
  var c = ui.current;
  if (!c) return Promise.resolve();
  var slice = c.results.slice(c.shown, c.shown + PAGE);
  c.shown += slice.length;
  ui.more.hidden = true;
  return Promise.all(slice.map(function (r) { return r.data(); })).then(function (datas) {
    if (c !== ui.current) return;
    var first = null;
    datas.forEach(function (d) {
      var li = renderResult(d, c.words, ui.labels.validity, ui.rootPath);
      if (!first) first = li;
      ui.list.appendChild(li);
    });
    ui.more.hidden = c.shown >= c.results.length;
    if (!ui.more.hidden) ui.more.textContent = "显示更多结果（还有 " + (c.results.length - c.shown) + " 条）";
    if (focusFirst && first) first.querySelector("a").focus();
  });
}

/* Filters alone would make Pagefind fetch its whole word index (megabytes on a phone);
   the catalogue lists by column, publisher, year and validity from one small file. */
function pointToCatalogue(ui, s) {
  var link = document.createElement("a");
  link.href = new URL(ui.base + "../catalog/").pathname + "?" + catalogueQuery(s);
  link.textContent = "在政府信息公开目录中查看" + describe(s, ui.labels).replace(/^（筛选：|）$/g, "") + "的全部信息";
  ui.status.textContent = "请输入要查找的词语。只按条件浏览，请";
  ui.status.appendChild(link);
  ui.status.appendChild(document.createTextNode("。"));
}

function showResults(ui, s, out, id) {
  clearResults(ui);
  ui.last = { s: s, term: out.term, id: id };
  if (ui.filtersPromise) refreshCounts(ui, s, out.term, id);
  else if (hasFilters(s)) wantCounts(ui); // refreshes the counts once loaded
  else setCounts(ui, null, false);
  var n = out.res.results.length;
  var what = s.q.trim() ? "与“" + s.q.trim() + "”相关的" : "";
  if (!n) {
    ui.status.textContent = "没有找到" + what + "信息" + describe(s, ui.labels) + "。";
    ui.emptyTitle.textContent = "没有找到" + what + "信息。";
    ui.emptyFilters.hidden = !hasFilters(s);
    ui.empty.hidden = false;
    ui.root.removeAttribute("aria-busy");
    return;
  }
  var note = s.sort && out.words.length ? "按发布日期排序，仅列出政府信息公开条目" : "";
  ui.current = { results: out.res.results, shown: 0, words: out.words };
  // The count is announced once the first results are on the page.
  return showMore(ui, false).then(function () {
    if (id !== ui.runId) return;
    ui.status.textContent = "找到 " + n + " 条" + what + "信息" + describe(s, ui.labels) + (note ? "，" + note : "") + "。";
    ui.root.removeAttribute("aria-busy");
  });
}

function run(ui, s) {
  var id = ++ui.runId;
  ui.current = null;
  ui.reset.hidden = !hasFilters(s);
  var chosen = chosenCount(s);
  ui.chosen.textContent = chosen ? "（已选 " + chosen + " 项）" : "";
  if (!firstCuts(s.q).length) {
    clearResults(ui);
    setCounts(ui, null, false);
    if (hasFilters(s)) pointToCatalogue(ui, s);
    else ui.status.textContent = s.q.trim() ? "请输入要查找的词语。" : "请输入要查找的词语，例如：低保标准、三公经费、征地补偿。";
    return Promise.resolve();
  }
  ui.status.textContent = "正在搜索……";
  ui.root.setAttribute("aria-busy", "true");
  function live() { return id === ui.runId; }
  return loadPagefind(ui.base, ui.rootPath).then(function (pf) {
    return findResults(pf, s, live);
  }).then(function (out) {
    if (live()) return showResults(ui, s, out, id);
  }).catch(function (err) {
    if (!live()) return;
    ui.root.removeAttribute("aria-busy");
    clearResults(ui);
    ui.status.textContent = "搜索暂时无法使用（搜索索引未能加载）。请稍后再试，或到政府信息公开目录中查找。";
    if (window.console) console.error("opengov search:", err);
  });
}

function submit(ui, push) {
  var s = readForm(ui);
  var url = urlFor(s, location.pathname);
  if (url !== location.pathname + location.search) {
    if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
  }
  return run(ui, s);
}

function clearFilters(ui) {
  FACETS.forEach(function (k) { ui.selects[k].value = ""; });
  submit(ui, false);
  ui.input.focus();
}

function wire(ui) {
  ui.form.addEventListener("submit", function (event) { event.preventDefault(); submit(ui, true); });
  KEYS.forEach(function (k) {
    ui.selects[k].addEventListener("change", function () { submit(ui, false); });
  });
  ui.reset.addEventListener("click", function () { clearFilters(ui); });
  document.getElementById("og-search-empty-clear").addEventListener("click", function () { clearFilters(ui); });
  ui.more.addEventListener("click", function () { showMore(ui, true); });
  window.addEventListener("popstate", function () {
    var s = readParams(location.search);
    writeForm(ui, s);
    run(ui, s);
  });
  // The filters' counts: fetched when the reader turns to them.
  var facetsBox = document.getElementById("og-search-facets");
  ["focusin", "pointerenter", "touchstart"].forEach(function (type) {
    facetsBox.addEventListener(type, function () { wantCounts(ui); }, { passive: true });
  });
  if (ui.options) ui.options.addEventListener("toggle", function () { if (ui.options.open) wantCounts(ui); });
}

function start(ui) {
  var first = readParams(location.search);
  writeForm(ui, first);
  // (On a phone the filters were folded by the page itself, before its first paint.)
  var header = document.getElementById("og-hsearch-q");
  if (header) header.value = first.q;
  if (!first.q) ui.input.focus();
  var asked = first.q.trim() || hasFilters(first);
  if (asked) ui.status.textContent = "正在加载搜索索引……";
  else run(ui, first);
  // Load the index (and the list of years) now, so the first query is quick; run the
  // deep-linked query then, unless the reader has already searched for something else.
  var initial = ui.runId;
  loadPagefind(ui.base, ui.rootPath).catch(function () {}).then(function () {
    if (ui.runId === initial && asked) return run(ui, first);
  });
}

function initSearchPage() {
  var root = document.getElementById("og-search");
  if (!root || root.dataset.ready) return;
  root.dataset.ready = "1";
  var ui = pageUi(root);
  wire(ui);
  start(ui);
}

if (window.document$ && window.document$.subscribe) window.document$.subscribe(initSearchPage);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initSearchPage);
else initSearchPage();
