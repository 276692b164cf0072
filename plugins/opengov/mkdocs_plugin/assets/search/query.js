/* OpenGov Portal search: one query, from the typed text to Pagefind's results (no DOM).
 *
 * The browser's words (re-joined) if they are all in the index and find anything, else the
 * index's own words over the typed runs; with none finding anything, the first usable cut
 * (nothing under these filters), else nothing. Ranked by relevance, what was typed together
 * comes first: side by side (a phrase), else verbatim in the text.
 */

import { hitsFirst, indexCut, queryWords, usableWords, verbatimFirst } from "./engine.js";
import { filtersOf, sortOf } from "./state.js";

/* The cuts of the query to try, in order: the browser's words re-joined (none: no words). */
export function firstCuts(q) {
  return [queryWords(q, "join")].filter(function (c) { return c.length; });
}

/* { res, term, words } for state ``s``: Pagefind's answer, the term it was asked (null:
   nothing matched at all) and the words to highlight. ``live()`` is false once the reader
   has moved on. */
export function findResults(pf, s, live) {
  var cuts = firstCuts(s.q);
  var options = { filters: filtersOf(s), sort: sortOf(s, cuts.length ? cuts[0] : []) };
  var typedTogether = !/\s/.test(s.q.trim());

  function searchWords(kept) {
    var t = kept.join(" ");
    return pf.search(t, options).then(function (all) {
      // The counts stay those of the words.
      if (!typedTogether || kept.length < 2 || s.sort || all.results.length < 2) return all;
      return pf.search("\"" + t + "\"", options).then(function (together) {
        return together.results.length ? hitsFirst(all, together.results) : verbatimFirst(all, s.q);
      });
    }).then(function (r) { return { res: r, term: t, words: kept }; });
  }
  function attempt(i, first) {
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
    return got || { res: { results: [] }, term: null, words: cuts[0] || [] };
  });
}
