/* OpenGov Portal search: one result as the reader sees it (DOM nodes, never parsed HTML). */

import { escapeRegExp, tidyExcerpt } from "./engine.js";

export function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}

/* Text with the query words wrapped in <mark>, built as DOM nodes (no HTML parsing). */
export function highlighted(text, words) {
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
export function excerptNodes(html) {
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

/* The attachments whose text the query matched: their sections (og-att-<n>, added to
   the indexed copy of the item page, opengov/search/attachments.py) among the result's
   sub-results, with the address of each file from the metadata og_att_<n>. */
export function attachmentsHit(data, rootPath) {
  var meta = data.meta || {}, seen = {};
  return (data.sub_results || []).map(function (sub) {
    var m = /#og-att-(\d+)$/.exec(sub.url || "");
    var url = m && meta["og_att_" + m[1]];
    if (!url || seen[url]) return null;
    seen[url] = true;
    return { title: (sub.title || "").replace(/^附件：/, ""), url: rootPath + url.replace(/^\//, "") };
  }).filter(Boolean);
}

function metaLine(meta, validityLabels) {
  var m = el("p", "og-result__meta");
  if (meta.kind !== "item") {
    m.appendChild(el("span", "og-result__kind", "网站页面"));
    return m;
  }
  if (meta.date) {
    var t = el("time", "og-result__date", meta.date);
    t.setAttribute("datetime", meta.date);
    m.appendChild(t);
  }
  if (meta.publisher) m.appendChild(el("span", "og-result__publisher", meta.publisher));
  if (meta.doc_number) m.appendChild(el("span", "og-result__docno", meta.doc_number));
  if (meta.validity && meta.validity !== "effective") {
    m.appendChild(el("span", "og-badge og-badge--gone", (validityLabels[meta.validity] || { text: meta.validity }).text));
  }
  return m;
}

/* One result: title (query words marked), date, publisher, 文号, validity, excerpt, and
   the attachments it was found in. ``validityLabels``: the search form's (the site's data). */
export function renderResult(data, words, validityLabels, rootPath) {
  var li = el("li", "og-result");
  var meta = data.meta || {};
  var h = el("h2", "og-result__title");
  var a = el("a");
  a.href = data.url;
  a.appendChild(highlighted(meta.title || data.url, words));
  h.appendChild(a);
  li.appendChild(h);
  li.appendChild(metaLine(meta, validityLabels));
  var ex = el("p", "og-result__excerpt");
  ex.appendChild(excerptNodes(data.excerpt));
  li.appendChild(ex);
  var files = attachmentsHit(data, rootPath);
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
