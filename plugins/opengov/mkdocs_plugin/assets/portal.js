/* OpenGov Portal: 适老模式 switch and its 朗读 (read aloud) toolbar, skip link, keyboard
   access to the phone menu and to tables that scroll sideways. Talks to no server and no
   other host: reading aloud uses the browser's own speechSynthesis. */
(function () {
  "use strict";
  var KEY = "og-elder";
  var root = document.documentElement;

  // Material takes every <link rel="alternate"> for a language version and fetches the
  // sitemap.xml beside it when the page loads: beside a feed that is a 404 on every page.
  // The feed links step out of that one query and come back right after it (readers find
  // them in the page's source either way).
  var feedLinks = Array.prototype.slice.call(document.querySelectorAll('link[rel="alternate"][type$="+xml"]'));
  feedLinks.forEach(function (link) { link.setAttribute("rel", "alternate feed"); });
  document.addEventListener("DOMContentLoaded", function () {
    feedLinks.forEach(function (link) { link.setAttribute("rel", "alternate"); });
  }, { once: true });

  // 朗读: the page's title, then its text, sentence by sentence (Chrome cuts a long
  // utterance off), in zh-CN with a Chinese voice. Tables are not read cell by cell (a
  // stream of cells cannot be followed by ear); the reader hears that one is there.
  var aloud = (function () {
    var NO_VOICE = "本设备没有中文语音，无法朗读。可在系统设置中安装中文语音后再试。";
    var BLOCKS = "h1,h2,h3,h4,h5,h6,p,li,dt,dd,pre,figcaption,.og-banner,table";
    var SKIP = "[data-og-aloud],.headerlink,button,script,style,nav,.og-visually-hidden,.md-source-file";
    var synth = window.speechSynthesis;
    var run = 0; // bumped by every start and stop: callbacks of an older run are ignored
    var queue = [];
    var paused = false;
    function bar() { return document.querySelector("[data-og-aloud]"); }
    function part(name) { var b = bar(); return b && b.querySelector("[data-og-aloud-" + name + "]"); }
    function say(text) { var s = part("status"); if (s) s.textContent = text; }
    function reading(on, held) {
      paused = on && held;
      var pause = part("pause"), stop = part("stop");
      if (!pause) return;
      var focused = document.activeElement;
      pause.hidden = stop.hidden = !on;
      pause.textContent = held ? "继续" : "暂停";
      if (!on && (focused === pause || focused === stop)) part("play").focus();
    }
    function zhVoice() {
      var voices = synth.getVoices() || [];
      var zh = voices.filter(function (v) { return /^(zh|cmn)([-_]|$)/i.test(v.lang || ""); });
      var cn = zh.filter(function (v) { return /^(zh|cmn)[-_](cn|hans)/i.test(v.lang); });
      return { any: voices.length > 0, voice: cn[0] || zh[0] || null };
    }
    function clean(el) {
      var copy = el.cloneNode(true);
      var junk = copy.querySelectorAll(SKIP);
      for (var i = 0; i < junk.length; i++) junk[i].remove();
      return copy.textContent.replace(/\s+/g, " ").trim();
    }
    function sentences(text) {
      var out = [];
      (text.match(/[^。！？；!?;]+[。！？；!?;”’」』）)]*/g) || []).forEach(function (s) {
        s = s.trim();
        while (s.length > 120) { // a long clause: cut at a comma near the limit, else at it
          var cut = Math.max(s.lastIndexOf("，", 120), s.lastIndexOf("、", 120), s.lastIndexOf(",", 120));
          cut = cut > 20 ? cut + 1 : 120;
          out.push(s.slice(0, cut));
          s = s.slice(cut).trim();
        }
        if (s && /[\p{L}\p{N}]/u.test(s)) out.push(s);
      });
      return out;
    }
    function texts() {
      var scope = bar().closest("article") || document.querySelector(".md-content");
      var title = scope.querySelector("h1");
      var out = title ? sentences(clean(title)) : [];
      var blocks = scope.querySelectorAll(BLOCKS);
      for (var i = 0; i < blocks.length; i++) {
        var el = blocks[i];
        if (el === title || el.closest(SKIP) || el.parentElement.closest(BLOCKS) || !el.getClientRects().length) continue;
        if (el.tagName === "TABLE") { if (!el.classList.contains("og-meta")) out.push("此处有一个表格，请看屏幕。"); continue; }
        out = out.concat(sentences(clean(el)));
      }
      return out;
    }
    function speak(voice) {
      var mine = ++run;
      synth.cancel();
      var lines = texts();
      queue = lines.map(function (line, i) {
        var u = new SpeechSynthesisUtterance(line);
        u.lang = "zh-CN";
        if (voice) u.voice = voice;
        u.onend = function () { if (mine === run && i === lines.length - 1) stop("朗读完毕。"); };
        u.onerror = function (e) {
          if (mine === run && e.error !== "interrupted" && e.error !== "canceled") stop("朗读出错，已停止。");
        };
        return u;
      });
      reading(true, false);
      say("正在朗读…");
      queue.forEach(function (u) { synth.speak(u); });
    }
    function start() {
      if (!synth || !window.SpeechSynthesisUtterance) { say(NO_VOICE); return; }
      var found = zhVoice();
      if (found.voice) { speak(found.voice); return; }
      if (found.any) { say(NO_VOICE); return; }
      // Voices arrive late on some browsers: wait for them a moment, then decide.
      var mine = ++run;
      say("正在查找中文语音…");
      var decide = function () {
        synth.removeEventListener("voiceschanged", decide);
        if (mine !== run) return;
        var again = zhVoice();
        if (again.voice) speak(again.voice); else say(NO_VOICE);
      };
      synth.addEventListener("voiceschanged", decide);
      setTimeout(decide, 2000);
    }
    function stop(message) {
      var was = queue.length > 0;
      run++;
      queue = [];
      if (synth && was) synth.cancel();
      reading(false, false);
      if (was || message) say(message);
    }
    function pause() {
      if (!queue.length) return;
      if (paused) { synth.resume(); reading(true, false); say("正在朗读…"); }
      else { synth.pause(); reading(true, true); say("已暂停"); }
    }
    document.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("[data-og-aloud] button") : null;
      if (!button) return;
      if (button.hasAttribute("data-og-aloud-play")) start();
      else if (button.hasAttribute("data-og-aloud-pause")) pause();
      else stop("已停止。");
    });
    window.addEventListener("pagehide", function () { stop(""); });
    function init() {
      stop("");
      var b = bar();
      if (!b) return;
      var title = b.closest("article") && b.closest("article").querySelector("h1");
      // Ordinary pages: the template puts the toolbar before the content; it belongs under the h1.
      if (title && title.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_PRECEDING) title.after(b);
      b.hidden = false;
      if (!synth) say(NO_VOICE);
    }
    return { init: init, stop: stop };
  })();

  // The "/" shortcut: focus the search box (the search page's own, else the header's). Here,
  // not in search/page.js, which only the search page loads.
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

  function stored() {
    try { return localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }
  function show(on) {
    root.classList.toggle("og-elder", on);
    var buttons = document.querySelectorAll("[data-og-elder-toggle]");
    for (var i = 0; i < buttons.length; i++) buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
    if (!on) aloud.stop("");
  }
  function choose(on) {
    try {
      if (on) localStorage.setItem(KEY, "1"); else localStorage.removeItem(KEY);
    } catch (e) { /* private mode: the choice holds for this page only */ }
    show(on);
    scrollBoxes();
  }

  // One listener for every switch, present or added later (instant navigation).
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-og-elder-toggle]") : null;
    if (!button) return;
    event.preventDefault();
    choose(!root.classList.contains("og-elder"));
  });
  // Another tab changed the mode: follow it.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) show(event.newValue === "1");
  });

  // A "跳到正文" link first in the tab order, on pages where Material has none.
  function skipLink() {
    var holder = document.querySelector("[data-md-component=skip]");
    var content = document.querySelector(".md-content");
    if (!holder || !content || holder.querySelector("a")) return;
    if (!content.id) content.id = "og-main";
    content.setAttribute("tabindex", "-1");
    var link = document.createElement("a");
    link.className = "md-skip og-skip";
    link.href = "#" + content.id;
    link.textContent = "跳到正文";
    link.addEventListener("click", function (event) {
      event.preventDefault();
      content.focus();
      content.scrollIntoView();
    });
    holder.appendChild(link);
  }

  // Material opens its phone menu with a <label for="__drawer">, which works without
  // scripts but is no button to a keyboard or a screen reader (and a label may not take
  // role="button"): with scripts it becomes a real <button> that toggles the same checkbox.
  function menuButton() {
    var drawer = document.getElementById("__drawer");
    if (!drawer) return;
    var labels = document.querySelectorAll('.md-header label[for="__drawer"]');
    for (var i = 0; i < labels.length; i++) {
      var label = labels[i];
      var button = document.createElement("button");
      button.type = "button";
      button.className = label.className + " og-menu-button";
      button.setAttribute("data-og-menu", "");
      button.setAttribute("aria-label", "打开栏目导航");
      button.setAttribute("aria-expanded", drawer.checked ? "true" : "false");
      while (label.firstChild) button.appendChild(label.firstChild);
      button.addEventListener("click", function () {
        drawer.checked = !drawer.checked;
        drawer.dispatchEvent(new Event("change")); // Material watches the checkbox's changes
      });
      label.replaceWith(button);
    }
    if (!drawer.dataset.ogKeys) {
      drawer.dataset.ogKeys = "1";
      drawer.addEventListener("change", function () {
        var menus = document.querySelectorAll("[data-og-menu]");
        for (var j = 0; j < menus.length; j++) menus[j].setAttribute("aria-expanded", drawer.checked ? "true" : "false");
      });
      document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && drawer.checked) {
          drawer.checked = false;
          drawer.dispatchEvent(new Event("change"));
          var first = document.querySelector(".md-header [data-og-menu]");
          if (first) first.focus();
        }
      });
    }
  }

  // Material's hidden state checkboxes carry no name (WCAG 4.1.2 in pa11y), and a nav section
  // whose title is its index page is labelled by an element holding only the arrow icon:
  // two such landmarks are unnamed duplicates. Name both from what they stand for.
  function nameMaterialControls() {
    var search = document.getElementById("__search");
    if (search) search.setAttribute("aria-label", "站内搜索");
    var drawer = document.getElementById("__drawer");
    if (drawer) drawer.setAttribute("aria-label", "栏目导航");
    var navs = document.querySelectorAll("nav[aria-labelledby]");
    for (var i = 0; i < navs.length; i++) {
      var label = document.getElementById(navs[i].getAttribute("aria-labelledby"));
      if (!label || label.textContent.trim()) continue;
      var link = label.parentElement && label.parentElement.querySelector("a");
      var name = link ? link.textContent.trim() : "";
      if (name) { navs[i].removeAttribute("aria-labelledby"); navs[i].setAttribute("aria-label", name); }
    }
  }

  // A table wider than the screen scrolls in its own box; the box must take keyboard focus.
  function scrollBoxes() {
    var boxes = document.querySelectorAll(
      ".md-typeset table.og-table, .md-typeset table.og-annual-table, .md-typeset .md-typeset__scrollwrap, .og-table-wrap, .og-chart"
    );
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.scrollWidth > box.clientWidth + 1) {
        if (!box.hasAttribute("tabindex")) {
          box.setAttribute("tabindex", "0");
          box.dataset.ogScroll = "1";
          if (box.tagName !== "TABLE" && !box.hasAttribute("role")) {
            box.setAttribute("role", "region");
            box.setAttribute("aria-label", "表格（可左右滚动）");
          }
        }
      } else if (box.dataset.ogScroll) {
        box.removeAttribute("tabindex");
        delete box.dataset.ogScroll;
      }
    }
  }

  var timer = 0;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(scrollBoxes, 150);
  });

  function init() {
    aloud.init();
    show(stored());
    skipLink();
    menuButton();
    nameMaterialControls();
    scrollBoxes();
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
