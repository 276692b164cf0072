/* OpenGov Portal search: the reader's query as a state, and the URL that holds it (no DOM).
 *
 * A state is { q, column, publisher, year, validity, sort }, each a string ("" = none).
 * Deep links: ?q=低保&column=assistance&publisher=mzj&year=2024&validity=effective&sort=date-desc
 */

export var FACETS = ["column", "publisher", "year", "validity"];
export var KEYS = FACETS.concat(["sort"]);

/* The state a query string (location.search) holds. */
export function readParams(search) {
  var p = new URLSearchParams(search), s = { q: p.get("q") || "" };
  KEYS.forEach(function (k) { s[k] = p.get(k) || ""; });
  return s;
}

/* The page's address for a state (path + query string). */
export function urlFor(s, pathname) {
  var p = new URLSearchParams();
  if (s.q.trim()) p.set("q", s.q.trim());
  KEYS.forEach(function (k) { if (s[k]) p.set(k, s[k]); });
  var qs = p.toString();
  return pathname + (qs ? "?" + qs : "");
}

export function hasFilters(s) { return FACETS.some(function (k) { return !!s[k]; }); }

/* How many filters and sorts the reader chose. */
export function chosenCount(s) {
  return FACETS.filter(function (k) { return !!s[k]; }).length + (s.sort ? 1 : 0);
}

/* Pagefind's filters for a state, without the facet ``except`` (its own counts). */
export function filtersOf(s, except) {
  var f = {};
  FACETS.forEach(function (k) { if (s[k] && k !== except) f[k] = s[k]; });
  return f;
}

/* Pagefind's sort: by date when asked, or when there are no words to rank by. */
export function sortOf(s, words) {
  if (s.sort === "date-asc") return { date: "asc" };
  if (s.sort === "date-desc" || !words.length) return { date: "desc" };
  return {};
}

/* "（筛选：社会救助、县民政局）" for the chosen filters, by their labels. */
export function describe(s, labels) {
  var parts = [];
  FACETS.forEach(function (k) {
    if (s[k]) parts.push(((labels[k] || {})[s[k]] || { text: s[k] }).text.replace(/^　+/, ""));
  });
  return parts.length ? "（筛选：" + parts.join("、") + "）" : "";
}

/* The catalogue's query string for the filters alone. */
export function catalogueQuery(s) {
  var params = new URLSearchParams();
  FACETS.forEach(function (k) { if (s[k]) params.set(k, s[k]); });
  return params.toString();
}
