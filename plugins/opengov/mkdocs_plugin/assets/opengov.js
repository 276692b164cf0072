/* OpenGov Portal: the catalogue's and the policy library's in-page filters (no server, no other host). */
(function () {
  "use strict";
  function initCatalog() {
    var table = document.getElementById("og-catalog");
    var form = document.getElementById("og-catalog-filter");
    if (!table || !form || table.dataset.ready) return;
    table.dataset.ready = "1";
    var status = document.getElementById("og-catalog-status");
    var pager = document.getElementById("og-catalog-pager");
    var base = table.dataset.base || "";
    var PAGE = 50;
    var data = null, page = 1, filtered = [];
    function el(tag, text) { var e = document.createElement(tag); if (text != null) e.textContent = text; return e; }
    function render() {
      var tbody = table.tBodies[0];
      tbody.textContent = "";
      var start = (page - 1) * PAGE, rows = filtered.slice(start, start + PAGE);
      var f = data.meta.fields, ix = {};
      f.forEach(function (n, i) { ix[n] = i; });
      rows.forEach(function (r) {
        var tr = el("tr");
        var no = el("td");
        (r[ix.index_no] || "").split("/").forEach(function (part, i) {
          if (i) { no.appendChild(document.createTextNode("/")); no.appendChild(el("wbr")); }
          no.appendChild(document.createTextNode(part));
        });
        tr.appendChild(no);
        var td = el("td"), a = el("a", r[ix.title]);
        a.href = base + r[ix.url].replace(/^\//, "");
        td.appendChild(a); tr.appendChild(td);
        tr.appendChild(el("td", data.meta.departments[r[ix.publisher]] || ""));
        tr.appendChild(el("td", r[ix.written] || ""));
        tr.appendChild(el("td", r[ix.date] || ""));
        tr.appendChild(el("td", r[ix.doc_number] || ""));
        tr.appendChild(el("td", data.meta.validity[r[ix.validity]] || ""));
        tbody.appendChild(tr);
      });
      var pages = Math.max(1, Math.ceil(filtered.length / PAGE));
      status.textContent = "共 " + filtered.length + " 条" + (pages > 1 ? "，第 " + page + "/" + pages + " 页" : "");
      pager.textContent = "";
      pager.hidden = pages < 2;
      [["上一页", page - 1], ["下一页", page + 1]].forEach(function (p) {
        var b = el("button", p[0]);
        b.type = "button";
        b.disabled = p[1] < 1 || p[1] > pages;
        b.addEventListener("click", function () { page = p[1]; render(); table.scrollIntoView(); });
        pager.appendChild(b);
      });
    }
    function descendants(id) {
      var out = [id], cols = data.meta.columns;
      Object.keys(cols).forEach(function (c) {
        var p = cols[c].parent;
        while (p) { if (p === id) { out.push(c); break; } p = cols[p].parent; }
      });
      return out;
    }
    function apply() {
      var fd = new FormData(form), q = (fd.get("q") || "").trim().toLowerCase();
      var col = fd.get("column"), pub = fd.get("publisher"), year = fd.get("year"), val = fd.get("validity");
      var ix = {}; data.meta.fields.forEach(function (n, i) { ix[n] = i; });
      var cols = col ? descendants(col) : null;
      filtered = data.rows.filter(function (r) {
        if (q && r[ix.title].toLowerCase().indexOf(q) < 0 && (r[ix.doc_number] || "").toLowerCase().indexOf(q) < 0) return false;
        if (pub && r[ix.publisher] !== pub) return false;
        if (year && (r[ix.date] || "").slice(0, 4) !== year) return false;
        if (val && r[ix.validity] !== val) return false;
        if (cols && !r[ix.columns].some(function (c) { return cols.indexOf(c) >= 0; })) return false;
        return true;
      });
      if (fd.get("sort") === "asc") filtered.reverse();
      page = 1;
      render();
    }
    fetch(table.dataset.rows).then(function (r) { return r.json(); }).then(function (json) {
      data = json;
      var years = {}, ys = form.querySelector("select[name=year]");
      var di = data.meta.fields.indexOf("date");
      data.rows.forEach(function (r) { if (r[di]) years[r[di].slice(0, 4)] = 1; });
      Object.keys(years).sort().reverse().forEach(function (y) { var o = el("option", y + " 年"); o.value = y; ys.appendChild(o); });
      var params = new URLSearchParams(location.search);
      params.forEach(function (v, k) { if (form.elements[k]) form.elements[k].value = v; });
      form.hidden = false;
      form.addEventListener("input", apply);
      form.addEventListener("change", apply);
      form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
      apply();
    }).catch(function () { status.textContent = "目录数据加载失败，请下载 CSV 查看全部条目。"; });
  }
  /* The policy library: every row is in the page; the form hides those that do not match. */
  function initPolicies() {
    var table = document.getElementById("og-policies");
    var form = document.getElementById("og-policy-filter");
    if (!table || !form || table.dataset.ready) return;
    table.dataset.ready = "1";
    var status = document.getElementById("og-policy-status");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    function apply() {
      var q = (form.elements.q.value || "").trim().toLowerCase();
      var want = { validity: form.elements.validity.value, year: form.elements.year.value, publisher: form.elements.publisher.value };
      var shown = 0;
      rows.forEach(function (tr) {
        var ok = Object.keys(want).every(function (k) { return !want[k] || tr.dataset[k] === want[k]; });
        ok = ok && (!q || (tr.dataset.text || "").toLowerCase().indexOf(q) >= 0);
        tr.hidden = !ok;
        if (ok) shown++;
      });
      status.textContent = shown === rows.length ? "" : "符合条件的文件 " + shown + " 件（共 " + rows.length + " 件）。";
    }
    form.hidden = false;
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  }
  function init() { initCatalog(); initPolicies(); }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
