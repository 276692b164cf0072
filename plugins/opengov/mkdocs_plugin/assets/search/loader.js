/* OpenGov Portal search: the site's Pagefind index, loaded once (one bundle, or its shards merged).
 *
 * pagefind/shards.json lists the shards (opengov/search/shards.py); several are merged into
 * one Pagefind instance and searched as one index by engine.js's shardedIndex.
 */

import { shardedIndex, tag } from "./engine.js";

var pagefindPromise = null;
export function loadPagefind(base, rootPath) {
  if (!pagefindPromise) {
    var listed = fetch(base + "shards.json", { cache: "no-cache" }).then(function (r) {
      return r.ok ? r.json() : null;
    }).catch(function () { return null; });
    pagefindPromise = Promise.all([import(base + "pagefind.js"), listed]).then(function (got) {
      var pf = got[0], manifest = got[1];
      var shards = manifest && Array.isArray(manifest.shards) && manifest.shards.length ? manifest.shards : [{ path: "" }];
      var opts = { baseUrl: rootPath, excerptLength: 36 };
      // Pagefind reads <html lang> once, when the instance is made: "und" switches off its
      // own query segmentation (see page.js). The index is single-language, so
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
