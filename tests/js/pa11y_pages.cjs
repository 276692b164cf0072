// pa11y (WCAG2AA, HTML_CodeSniffer) over pages of a served site, for tests/test_public.py.
//
//   node tests/js/pa11y_pages.cjs JOB.json
//
// JOB: {"modules": ".cache/pa11y/node_modules/", "chromium": "/usr/bin/chromium", "args": [...],
//       "base": "http://127.0.0.1:PORT", "paths": ["/", ...], "widths": [1280, 390],
//       "modes": ["default", "slate", "elder"]}
// Prints {pages: [{path, width, mode, issues: [{code, message, selector, context}]}], foreign: [urls
// requested]}, errors only. One Debian Chromium for all pages (pa11y's own download is never installed).
"use strict";

const fs = require("fs");
const { createRequire } = require("module");

const job = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const load = createRequire(job.modules);
const pa11y = load("pa11y");
const puppeteer = load("puppeteer");

// What the portal and Material keep in localStorage: 适老模式, and the dark scheme.
const MODES = {
  default: "",
  elder: "localStorage.setItem('og-elder', '1');",
  slate: "localStorage.setItem('/.__palette', JSON.stringify({index: 1, color: {scheme: 'slate', primary: 'red', accent: 'red'}}));",
};

async function main() {
  const browser = await puppeteer.launch({ executablePath: job.chromium, args: job.args, headless: true });
  const out = [];
  const foreign = [];
  try {
    for (const mode of job.modes) {
      for (const width of job.widths) {
        const viewport = { width: width, height: width < 600 ? 844 : 900 };
        for (const path of job.paths) {
          const page = await browser.newPage();
          await page.setViewport(viewport);
          if (MODES[mode]) await page.evaluateOnNewDocument(MODES[mode]);
          // Requests to any other host are recorded, for the test to fail on (puppeteer's request
          // interception is not used: it stalls the search's Web Worker, whose requests it pauses).
          page.on("request", (r) => {
            const url = r.url();
            if (!(url.startsWith(job.base + "/") || url.startsWith("data:") || url.startsWith("blob:"))) foreign.push(url);
          });
          await page.goto(job.base + path, { waitUntil: "networkidle0" });
          if (path.startsWith("/search/")) {
            await page.waitForFunction(() => {
              const t = document.getElementById("og-search-status").textContent.trim();
              return t && !t.startsWith("正在");
            });
          }
          const result = await pa11y(job.base + path, {
            browser: browser, page: page, ignoreUrl: true, viewport: viewport,
            standard: "WCAG2AA", runners: ["htmlcs"], includeWarnings: false, includeNotices: false,
          });
          out.push({ path: path, width: width, mode: mode, issues: result.issues.map((i) => ({
            code: i.code, message: i.message, selector: i.selector, context: i.context,
          })) });
          await page.close();
        }
      }
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify({ pages: out, foreign: foreign }));
}

main().catch((err) => { console.error(err); process.exit(1); });
