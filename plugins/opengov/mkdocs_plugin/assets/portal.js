/* OpenGov Portal: 适老模式 switch, skip link, keyboard access to the phone menu and to
   tables that scroll sideways. Talks to no server and no other host. */
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

  function stored() {
    try { return localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }
  function show(on) {
    root.classList.toggle("og-elder", on);
    var buttons = document.querySelectorAll("[data-og-elder-toggle]");
    for (var i = 0; i < buttons.length; i++) buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
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

  // Material opens its phone menu with a <label>; make it a real button for the keyboard.
  function menuButton() {
    var drawer = document.getElementById("__drawer");
    var labels = document.querySelectorAll('.md-header label[for="__drawer"]');
    for (var i = 0; i < labels.length; i++) {
      var label = labels[i];
      if (label.dataset.ogKeys) continue;
      label.dataset.ogKeys = "1";
      label.setAttribute("tabindex", "0");
      label.setAttribute("role", "button");
      label.setAttribute("aria-label", "打开栏目导航");
      label.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          event.stopPropagation(); // Material's own Enter handling would toggle it back
          this.click();
        }
      });
    }
    if (drawer && !drawer.dataset.ogKeys) {
      drawer.dataset.ogKeys = "1";
      document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && drawer.checked) {
          drawer.checked = false;
          var first = document.querySelector('.md-header label[for="__drawer"]');
          if (first) first.focus();
        }
      });
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
    show(stored());
    skipLink();
    menuButton();
    scrollBoxes();
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
