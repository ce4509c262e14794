// End-to-end browser tests of the Storyline web UI.
//
// Builds nothing: give the storyline binary in STORYLINE_BIN (default
// ../../../target/debug/storyline). Ingests corpus/seeds into a fresh data
// directory, starts `storyline serve` on a free loopback port, and drives the
// Debian Chromium (CHROMIUM, default /usr/bin/chromium) headless through
// playwright-core. Screenshots go to e2e/artifacts/ (git-ignored).
// Exits non-zero on any failure, including a missing Chromium: never skips.

import { chromium } from "playwright-core";
import { spawn, execFile, execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { promisify } from "node:util";
import { mkdtempSync, mkdirSync, existsSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { articles as generatedArticles } from "./fixture.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../../..");
const bin = resolve(
  process.env.STORYLINE_BIN ||
    join(process.env.CARGO_TARGET_DIR || join(repo, "target"), "debug", "storyline"),
);
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const artifacts = join(here, "artifacts");
const TOKEN = "e2e-token";
const execFileAsync = promisify(execFile);

if (!existsSync(chromiumPath)) {
  console.error(`FAIL: Chromium not found at ${chromiumPath} (apt-get install -y chromium)`);
  process.exit(1);
}
if (!existsSync(bin)) {
  console.error(`FAIL: storyline binary not found at ${bin} (cargo build -p storyline-cli)`);
  process.exit(1);
}
mkdirSync(artifacts, { recursive: true });

const data = mkdtempSync(join(tmpdir(), "storyline-e2e-"));
execFileSync(bin, ["--data", data, "ingest", join(repo, "corpus", "seeds")], { stdio: "inherit" });
// A second store of 420 generated events, for timelines that crowd a chart.
const BIG_EVENTS = 420;
const bigData = mkdtempSync(join(tmpdir(), "storyline-e2e-big-"));
const bigCorpus = join(bigData, "generated.jsonl");
writeFileSync(bigCorpus, generatedArticles(BIG_EVENTS).map((a) => JSON.stringify(a)).join("\n") + "\n");
execFileSync(bin, ["--data", join(bigData, "data"), "ingest", bigCorpus], { stdio: "inherit" });

/** Starts `storyline serve` on a free port; resolves with its base URL. */
function serve(dir = data) {
  return new Promise((ok, fail) => {
    const child = spawn(bin, ["--data", dir, "serve", "--addr", "127.0.0.1:0"], {
      env: { ...process.env, STORYLINE_TOKEN: TOKEN },
      stdio: ["ignore", "inherit", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (chunk) => {
      err += chunk;
      const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
      if (m) ok({ child, base: m[1] });
    });
    child.on("exit", (code) => fail(new Error(`server exited ${code}: ${err}`)));
    setTimeout(() => fail(new Error(`server did not start: ${err}`)), 20000);
  });
}

const results = [];
async function check(name, fn) {
  try {
    await fn();
    results.push([name, true]);
    console.log(`ok   ${name}`);
  } catch (e) {
    results.push([name, false]);
    console.log(`FAIL ${name}\n     ${e.stack || e}`);
  }
}

const { child, base } = await serve();
const { child: bigChild, base: bigBase } = await serve(join(bigData, "data"));
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
  ],
});
// A laptop screen.
const context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
const page = await context.newPage();
const dialogs = [];
page.on("dialog", (d) => {
  dialogs.push(d.message());
  d.dismiss();
});
// Any request leaving the server's origin is a failure (no CDN, no network).
const offsite = [];
page.on("request", (r) => {
  if (!r.url().startsWith(base) && !r.url().startsWith(bigBase) && !r.url().startsWith("data:")) offsite.push(r.url());
});

try {
  await check("search for \"close ranks\" lists the three articles that say it", async () => {
    await page.goto(`${base}/`);
    await page.fill("#q", '"close ranks"');
    await Promise.all([page.waitForURL(/\/search\?/), page.press("#q", "Enter")]);
    const hits = page.locator("li.hit");
    assert.equal(await hits.count(), 3);
    assert.match(await page.locator("p.summary").innerText(), /^3 matching articles/);
    const marks = await page.locator("li.hit mark").allInnerTexts();
    assert.ok(marks.map((m) => m.toLowerCase()).includes("ranks"), `marks: ${marks}`);
    // The date facet is drawn as a chart with one link per month.
    assert.ok((await page.locator("svg.histogram rect").count()) >= 1);
    await page.screenshot({ path: join(artifacts, "search-close-ranks.png"), fullPage: true });
  });

  await check("a dated result opens the clean article with its removed chrome", async () => {
    const first = page.locator("li.hit", { has: page.locator("time") }).locator("a.headline").first();
    const headline = await first.innerText();
    await Promise.all([page.waitForURL(/\/articles\/[0-9a-f]{32}$/), first.click()]);
    assert.equal(await page.locator("article h1").innerText(), headline);
    const text = await page.locator("section.text").innerText();
    assert.match(text, /close ranks/i);
    assert.ok((await page.locator("section.text p").count()) >= 3, "paragraphs");
    // Provenance of the date is shown.
    assert.ok((await page.locator("dd.date-provenance code").count()) === 1, "date provenance");
    // Removed chrome: hidden until opened, then listed with reasons.
    const removed = page.locator("details.removed");
    assert.equal(await removed.getAttribute("open"), null);
    assert.match(await removed.locator("summary").innerText(), /Removed chrome \([1-9]\d* blocks\)/);
    assert.equal(await removed.locator("tbody tr").first().isVisible(), false);
    await page.screenshot({ path: join(artifacts, "article.png"), fullPage: true });
    await removed.locator("summary").click();
    const rows = removed.locator("tbody tr");
    assert.ok(await rows.first().isVisible());
    const reasons = await removed.locator("tbody td:first-child").allInnerTexts();
    assert.ok(reasons.length > 0 && reasons.every((r) => /^[a-z_]+\.[a-z_]+/.test(r)), `reasons: ${reasons}`);
    // Nothing removed is in the clean text.
    for (const t of await removed.locator("td.removed-text").allInnerTexts()) {
      if (t.trim().length > 30) assert.ok(!text.includes(t.trim()), `removed text in article: ${t}`);
    }
    await page.screenshot({ path: join(artifacts, "article-removed-chrome.png"), fullPage: true });
  });

  await check("facet links narrow the search and keep stable URLs", async () => {
    await page.goto(`${base}/search?q=%22close+ranks%22`);
    const bar = page.locator("svg.histogram a").first();
    await Promise.all([page.waitForURL(/from=\d{4}-\d{2}-01&to=/), bar.click()]);
    const n = await page.locator("li.hit").count();
    assert.ok(n >= 1 && n <= 3, `${n} hits`);
    // Reloading the URL gives the same page.
    const url = page.url();
    await page.goto(url);
    assert.equal(await page.locator("li.hit").count(), n);
  });

  await check("entity and event facets count the matches and filter by them", async () => {
    await page.goto(`${base}/search?q=Syria`);
    const total = await page.locator("li.hit").count();
    const entity = page.locator("ul.entity-facet li a", { hasText: "Idlib" }).first();
    const n = +(await entity.locator("xpath=following-sibling::span[1]").innerText());
    assert.ok(n >= 1 && n <= total, `Idlib ${n} of ${total}`);
    await Promise.all([page.waitForURL(/entity=/), entity.click()]);
    assert.equal(await page.locator("li.hit").count(), n);
    assert.match(await page.locator("ul.entity-facet li.active").innerText(), /Idlib/);
    const ev = page.locator("ul.event-facet li a").first();
    const m = +(await ev.locator("xpath=following-sibling::span[1]").innerText());
    await Promise.all([page.waitForURL(/event=\d+/), ev.click()]);
    assert.equal(await page.locator("li.hit").count(), m);
    await page.screenshot({ path: join(artifacts, "search-facets.png"), fullPage: true });
  });

  await check("from the search for \"close ranks\", the event shows two syndication groups for three articles", async () => {
    await page.goto(`${base}/search?q=%22close+ranks%22`);
    const links = page.locator("li.hit a.event-link");
    assert.equal(await links.count(), 3, "every hit links to its event");
    const hrefs = new Set(await links.evaluateAll((as) => as.map((a) => a.getAttribute("href"))));
    assert.equal(hrefs.size, 1, `one event for the three: ${[...hrefs]}`);
    await Promise.all([page.waitForURL(/\/events\/\d+$/), links.first().click()]);
    const groups = page.locator("li.syndication-group");
    assert.equal(await groups.count(), 2);
    // One line per group; the copies are hidden until the line is opened.
    const copies = page.locator("li.syndication-group ul.copies li");
    assert.equal(await copies.count(), 3);
    assert.equal(await copies.first().isVisible(), false);
    assert.match(await page.locator("dd.event-date").innerText(), /\((stated|inferred|bound)\)|undated/);
    await page.screenshot({ path: join(artifacts, "event-close-ranks.png"), fullPage: true });
    for (const g of await groups.all()) await g.locator("summary").click({ position: { x: 2, y: 2 } });
    assert.ok(await copies.first().isVisible());
    assert.match(await groups.first().locator("summary").innerText(), /2 copies/);
    await page.screenshot({ path: join(artifacts, "event-close-ranks-open.png"), fullPage: true });
    // A copy opens its article page, which links back to the event.
    const eventUrl = page.url();
    await Promise.all([page.waitForURL(/\/articles\/[0-9a-f]{32}$/), copies.first().locator("a").click()]);
    assert.equal(new URL(await page.locator("a.event-link").getAttribute("href"), base).href, eventUrl);
  });

  await check("the story page lists its events in time order, undated last", async () => {
    await page.goto(`${base}/stories`);
    await Promise.all([page.waitForURL(/\/stories\/\d+$/), page.locator("table.stories a").first().click()]);
    const entries = page.locator("ol.timeline li.entry");
    assert.ok((await entries.count()) >= 1);
    const days = await page.locator("ol.timeline li.entry:not(.undated-entry)").evaluateAll((ls) => ls.map((l) => l.dataset.day));
    assert.ok(days.length >= 1 && days.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)), `days: ${days}`);
    assert.equal(await page.locator("ol.timeline li.undated-entry .undated").count(), await page.locator("ol.timeline li.undated-entry").count());
    assert.deepEqual([...days].sort(), days);
    // No dated entry after an undated one.
    const kinds = await entries.evaluateAll((ls) => ls.map((l) => l.classList.contains("undated-entry")));
    assert.deepEqual(kinds, [...kinds].sort());
    await page.screenshot({ path: join(artifacts, "story.png"), fullPage: true });
  });

  await check("from the close-ranks event, Jolani's entity page shows his aliases and a drawn timeline of three events", async () => {
    await page.goto(`${base}/search?q=%22close+ranks%22`);
    await Promise.all([page.waitForURL(/\/events\/\d+$/), page.locator("li.hit a.event-link").first().click()]);
    const person = page.locator("a.entity-link", { hasText: /J[ou]lani/ }).first();
    await Promise.all([page.waitForURL(/\/entities\/[^/]+$/), person.click()]);
    assert.match(await page.locator("article.entity h1").innerText(), /J[ou]lani/);
    assert.equal(await page.locator("dd.entity-kind").innerText(), "person");
    const aliases = await page.locator("ul.aliases span.alias").allInnerTexts();
    for (const a of ["Jolani", "Julani"]) assert.ok(aliases.includes(a), `aliases: ${aliases}`);
    assert.ok(aliases.some((a) => /^Abu Moh?amm?ed al-Jolani$/.test(a)), `aliases: ${aliases}`);
    // The timeline: three entries, the undated one last, and a chart drawing them.
    const entries = page.locator("ol.timeline li.entry");
    assert.equal(await entries.count(), 3);
    const undated = await entries.evaluateAll((ls) => ls.map((l) => l.classList.contains("undated-entry")));
    assert.deepEqual(undated, [false, false, true]);
    const chart = page.locator("svg.timeline-chart");
    assert.ok(await chart.isVisible());
    const marks = chart.locator("a.mark");
    assert.equal(await marks.count(), 3);
    assert.equal(await chart.locator("a.undated-mark").count(), 1);
    assert.ok((await chart.locator("text.tick-label").count()) >= 3, "labelled ticks");
    const box = await chart.boundingBox();
    assert.ok(box.width > 400 && box.height > 40, `chart size ${JSON.stringify(box)}`);
    // Dated marks stand left to right in date order.
    const xs = await chart.locator("a.mark:not(.undated-mark) circle").evaluateAll((cs) => cs.map((c) => +c.getAttribute("cx")));
    assert.deepEqual([...xs].sort((a, b) => a - b), xs);
    assert.ok(xs[0] < xs[1], `x: ${xs}`);
    const tip = await marks.first().locator("title").textContent();
    assert.match(tip, /2018-01-16/);
    assert.ok((await page.locator("section.entity-quotes li.quote").count()) >= 1, "his quotes");
    assert.ok((await page.locator("section.co-occurring a.entity-link").count()) >= 1, "co-occurring entities");
    await page.screenshot({ path: join(artifacts, "entity-jolani.png"), fullPage: true });
    // A mark opens its event.
    await Promise.all([page.waitForURL(/\/events\/\d+$/), marks.first().click()]);
    assert.match(await page.locator("dd.event-date").innerText(), /2018-01-16/);
  });

  await check("the quote bank shows \"For 100 days\" once, with three articles and two sources", async () => {
    await page.goto(`${base}/quotes`);
    const q = page.locator("li.quote", { hasText: "For 100 days" });
    assert.equal(await q.count(), 1);
    assert.equal(await q.locator(".quote-articles").innerText(), "3 articles");
    assert.equal(await q.locator(".quote-sources").innerText(), "2 independent sources");
    assert.match(await q.locator(".speaker a.entity-link").innerText(), /J[ou]lani/);
    await page.screenshot({ path: join(artifacts, "quotes.png"), fullPage: true });
    // Filter by speaker in another spelling.
    await page.fill("input[name=speaker]", "Julani");
    await Promise.all([page.waitForURL(/\/quotes\?.*speaker=Julani/), page.press("input[name=speaker]", "Enter")]);
    assert.match(await page.locator("h1").innerText(), /Quote bank: .*J[ou]lani/);
    const speakers = await page.locator("li.quote .speaker").allInnerTexts();
    assert.ok(speakers.length >= 1 && new Set(speakers).size === 1, `speakers: ${speakers}`);
    await page.screenshot({ path: join(artifacts, "quotes-jolani.png"), fullPage: true });
  });

  /** The rows of the events table: id, day (or null when undated) and sources. */
  async function eventRows() {
    return page.locator("table.events tbody tr").evaluateAll((rows) =>
      rows.map((r) => ({
        id: +r.querySelector("a").getAttribute("href").split("/").pop(),
        day: r.dataset.day || null,
        sources: +r.querySelector("td.sources").textContent,
      })),
    );
  }
  /** Submits the events filter form and waits for the listing it asks for. */
  async function filterEvents() {
    await Promise.all([page.waitForURL(/\/events\?/), page.locator("form.event-filters button").click()]);
  }

  await check("the events listing filters by date range, entity, language and least independent sources", async () => {
    await page.goto(`${base}/events`);
    const all = await eventRows();
    assert.ok(all.length >= 3, `${all.length} events`);
    // At least two independent sources: only the close-ranks event's kind.
    await page.fill("input[name=min_sources]", "2");
    await filterEvents();
    const strong = await eventRows();
    assert.ok(strong.length >= 1 && strong.length < all.length, `${strong.length} of ${all.length}`);
    assert.ok(strong.every((r) => r.sources >= 2), JSON.stringify(strong));
    assert.deepEqual(strong.map((r) => r.id), all.filter((r) => r.sources >= 2).map((r) => r.id));
    // The filters stay in the form and in the CSV link.
    assert.equal(await page.inputValue("input[name=min_sources]"), "2");
    assert.match(await page.locator("a.download").getAttribute("href"), /min_sources=2/);
    // A date range.
    await page.fill("input[name=min_sources]", "");
    await page.fill("input[name=from]", "2020-01-01");
    await filterEvents();
    const recent = await eventRows();
    const want = all.filter((r) => r.day && r.day >= "2020-01-01").map((r) => r.id);
    assert.ok(want.length >= 1 && want.length < all.length, `${want}`);
    assert.deepEqual(recent.map((r) => r.id), want);
    await page.fill("input[name=to]", "2019-12-31");
    await page.fill("input[name=from]", "2017-01-01");
    await filterEvents();
    assert.deepEqual((await eventRows()).map((r) => r.id), all.filter((r) => r.day && r.day >= "2017-01-01" && r.day <= "2019-12-31").map((r) => r.id));
    // An entity in another spelling: the events of its timeline.
    await page.goto(`${base}/events`);
    await page.fill("input[name=entity]", "Julani");
    await filterEvents();
    const timeline = await (await fetch(`${base}/api/timeline?q=Julani`)).json();
    assert.deepEqual((await eventRows()).map((r) => r.id), timeline.entries.map((t) => t.event).sort((a, b) => a - b));
    // Language: the seeds are English.
    await page.goto(`${base}/events`);
    await page.fill("input[name=lang]", "es");
    await filterEvents();
    assert.equal(await page.locator("table.events tbody tr").count(), 0);
    assert.match(await page.locator("p.summary").innerText(), /^0 events/);
    await page.fill("input[name=lang]", "en");
    await filterEvents();
    assert.equal(await page.locator("table.events tbody tr").count(), all.length);
    await page.screenshot({ path: join(artifacts, "events-filtered.png"), fullPage: true });
  });

  await check("the events listing sorts by date or by independent sources", async () => {
    await page.goto(`${base}/events`);
    await page.selectOption("select[name=sort]", "sources");
    await filterEvents();
    const bySources = (await eventRows()).map((r) => r.sources);
    assert.deepEqual(bySources, [...bySources].sort((a, b) => b - a));
    assert.ok(bySources[0] > bySources[bySources.length - 1], `${bySources}`);
    await page.selectOption("select[name=sort]", "date");
    await filterEvents();
    const rows = await eventRows();
    const days = rows.filter((r) => r.day).map((r) => r.day);
    assert.deepEqual(days, [...days].sort());
    // Undated last.
    const undated = rows.map((r) => r.day === null);
    assert.deepEqual(undated, [...undated].sort());
    assert.ok(days.length >= 2, `${days}`);
  });

  await check("the events listing filters by source, in any case", async () => {
    await page.goto(`${bigBase}/events`);
    await page.fill("input[name=source]", "misrata TIMES");
    await filterEvents();
    assert.match(await page.locator("p.summary").innerText(), new RegExp(`^${BIG_EVENTS / 4} events`));
    const first = page.locator("table.events tbody a").first();
    await Promise.all([page.waitForURL(/\/events\/\d+$/), first.click()]);
    assert.match(await page.locator("li.syndication-group .meta").first().textContent(), /Misrata Times/);
  });

  await check("an event's rule names wait behind a closed \"why\"", async () => {
    await page.goto(`${base}/search?q=%22close+ranks%22`);
    await Promise.all([page.waitForURL(/\/events\/\d+$/), page.locator("li.hit a.event-link").first().click()]);
    const whys = page.locator("details.why");
    assert.ok((await whys.count()) >= 2, "date and summary");
    for (const w of await whys.all()) assert.equal(await w.getAttribute("open"), null);
    const rule = whys.first().locator("code.rule");
    assert.equal(await rule.isVisible(), false);
    // No rule name in the text a reader sees.
    const text = await page.locator("main").innerText();
    for (const r of await page.locator("code.rule").allTextContents()) {
      assert.match(r, /^[a-z_]+(\.[a-z_]+)+$/);
      assert.ok(!text.includes(r), `${r} shown`);
    }
    await whys.first().locator("summary").click();
    assert.ok(await rule.isVisible());
    assert.match(await whys.first().innerText(), /by rule [a-z_]+(\.[a-z_]+)+/);
    await page.screenshot({ path: join(artifacts, "event-why-open.png"), fullPage: true });
  });

  await check(`a timeline of ${BIG_EVENTS} events is drawn per month, and zooms to a range`, async () => {
    await page.goto(`${bigBase}/entities/Gaddafi`);
    const chart = page.locator("svg.timeline-chart");
    assert.equal(await chart.getAttribute("data-aggregated"), "month");
    const buckets = chart.locator("a.bucket-mark");
    const labels = (await buckets.locator("text.mark-label").allTextContents()).map(Number);
    assert.ok(labels.length >= 13 && labels.length <= 15, `${labels.length} months`);
    assert.equal(labels.reduce((a, b) => a + b, 0), BIG_EVENTS);
    assert.match(await page.locator("section.entity-timeline p.summary").first().innerText(), new RegExp(`^${BIG_EVENTS} events`));
    // Readable: the marks do not overlap, and the chart stays short.
    const boxes = await buckets.locator("circle").evaluateAll((cs) => cs.map((c) => c.getBoundingClientRect()).map((b) => [b.left, b.right, b.top]));
    for (let i = 1; i < boxes.length; i++) {
      if (boxes[i][2] === boxes[i - 1][2]) assert.ok(boxes[i][0] >= boxes[i - 1][1], `marks ${i - 1} and ${i} overlap`);
    }
    const box = await chart.boundingBox();
    assert.ok(box.height < 250, `chart height ${box.height}`);
    await page.screenshot({ path: join(artifacts, "timeline-400-months.png") });
    // A month opens the chart zoomed to it, one mark per event.
    const jan = buckets.first();
    const n = +(await jan.locator("text.mark-label").textContent());
    await Promise.all([page.waitForURL(/from=2011-01-01&to=2011-01-31/), jan.click()]);
    assert.equal(await chart.getAttribute("data-aggregated"), null);
    assert.equal(await chart.locator("a.mark").count(), n);
    assert.equal(await page.locator("ol.timeline li.entry").count(), n);
    const days = await page.locator("ol.timeline li.entry").evaluateAll((ls) => ls.map((l) => l.dataset.day));
    assert.ok(days.every((d) => d >= "2011-01-01" && d <= "2011-01-31"), `${days}`);
    await page.screenshot({ path: join(artifacts, "timeline-400-zoomed.png") });
    // The zoom form: a quarter, drawn per week.
    await page.fill("form.chart-zoom input[name=from]", "2011-03-01");
    await page.fill("form.chart-zoom input[name=to]", "2011-05-31");
    await Promise.all([page.waitForURL(/from=2011-03-01&to=2011-05-31/), page.locator("form.chart-zoom button").click()]);
    assert.equal(await chart.getAttribute("data-aggregated"), "week");
    const weeks = (await chart.locator("a.bucket-mark text.mark-label").allTextContents()).map(Number);
    assert.equal(weeks.reduce((a, b) => a + b, 0), 92);
    assert.ok(weeks.every((w) => w <= 7), `${weeks}`);
    // And back to the whole span.
    await Promise.all([page.waitForURL((u) => !u.search), page.locator("a.zoom-out").click()]);
    assert.equal(await chart.getAttribute("data-aggregated"), "month");
    // A drag across the chart (a brush) zooms to the days it covers.
    const tick = async (label) => (await chart.locator("text.tick-label", { hasText: label }).boundingBox());
    const [may, sep] = [await tick("2011-05"), await tick("2011-09")];
    const y = may.y - 4;
    await page.mouse.move(may.x + may.width / 2, y);
    await page.mouse.down();
    await page.mouse.move(sep.x + sep.width / 2, y, { steps: 8 });
    await Promise.all([page.waitForURL(/from=2011-0[45]-\d\d&to=2011-0[89]-\d\d/), page.mouse.up()]);
    const url = new URL(page.url());
    const [from, to] = [url.searchParams.get("from"), url.searchParams.get("to")];
    const brushed = await page.locator("ol.timeline li.entry").evaluateAll((ls) => ls.map((l) => l.dataset.day));
    assert.ok(brushed.length >= 100 && brushed.every((d) => d >= from && d <= to), `${from}..${to}: ${brushed.length}`);
    assert.equal(await chart.getAttribute("data-aggregated"), "week");
  });

  await check("hostile article: no script runs on its pages", async () => {
    const payload = {
      id: "xss-e2e",
      source: "evil<script>window.__xss='source'</script>",
      url: "javascript:window.__xss='url'",
      published: "2019-05-01",
      title: "<script>window.__xss='title'</script>Truce <img src=x onerror=\"window.__xss='img'\">",
      text:
        "Negotiators announced a truce on Monday. <script>window.__xss='body'</script>\n\n" +
        "Second paragraph <img src=x onerror=window.__xss='onerror'> with <svg onload=window.__xss='svg'></svg> more truce words.",
    };
    const res = await fetch(`${base}/api/ingest`, {
      method: "POST",
      headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/x-ndjson" },
      body: JSON.stringify(payload) + "\n",
    });
    assert.equal(res.status, 200, await res.text());
    const found = await (await fetch(`${base}/api/search?q=truce`)).json();
    assert.equal(found.total, 1);
    const id = found.hits[0].id;
    const cspErrors = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    for (const [name, path] of [
      ["xss-search", "/search?q=truce"],
      ["xss-article", `/articles/${id}`],
      ["xss-articles", `/articles?source=${encodeURIComponent(payload.source)}`],
      ["xss-events", "/events"],
      ["xss-entities", "/entities"],
      ["xss-quotes", "/quotes"],
      ...(found.hits[0].event != null ? [["xss-event", `/events/${found.hits[0].event}`]] : []),
    ]) {
      await page.goto(`${base}${path}`);
      await page.waitForLoadState("load");
      assert.equal(await page.evaluate(() => window.__xss), undefined, `script ran on ${path}`);
      assert.equal(await page.locator("img").count(), 0, `an <img> was rendered on ${path}`);
      await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
    }
    // The payload is shown as text.
    await page.goto(`${base}/articles/${id}`);
    const h1 = await page.locator("article h1").innerText();
    assert.ok(h1.includes("<script>window.__xss='title'</script>"), h1);
    await page.locator("details.removed summary").click();
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.equal(await page.locator("dd.url a").count(), 0, "javascript: URL rendered as a link");
    assert.deepEqual(dialogs, []);
  });

  await check("a watch page shows its alerts, why each matched, and the webhook delivery", async () => {
    // A receiver that takes the first alert and answers 500 to the rest.
    let received = 0;
    const hook = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        received += 1;
        res.writeHead(received === 1 ? 200 : 500).end();
      });
    });
    await new Promise((ok) => hook.listen(0, "127.0.0.1", ok));
    const hookUrl = `http://127.0.0.1:${hook.address().port}/hook`;
    const watchData = mkdtempSync(join(tmpdir(), "storyline-e2e-watch-"));
    let server;
    try {
      await execFileAsync(bin, ["--data", watchData, "watch", "add", "ports", "--query", "port", "--webhook", hookUrl]);
      const feeds = ["levant-wire.rss", "gulf-daily.atom", "coast-radio.feed.json"].map((f) => join(repo, "corpus", "feeds", f));
      await execFileAsync(bin, ["--data", watchData, "ingest", ...feeds], {
        env: { ...process.env, STORYLINE_WEBHOOK_BACKOFF_SECS: "600" },
      });
      assert.equal(received, 3, "each alert was POSTed once");
      server = await serve(watchData);
      const watchPage = await context.newPage();
      const elsewhere = [];
      watchPage.on("request", (r) => {
        if (!r.url().startsWith(server.base)) elsewhere.push(r.url());
      });
      await watchPage.goto(`${server.base}/watches`);
      await Promise.all([watchPage.waitForURL(/\/watches\/ports$/), watchPage.locator("ul.watches a", { hasText: "ports" }).click()]);
      assert.equal(await watchPage.locator("h1").innerText(), "Watch ports");
      assert.match(await watchPage.locator("p.summary").innerText(), /^3 alerts · Atom feed · webhook http:\/\/127\.0\.0\.1:\d+\/hook$/);
      const alerts = watchPage.locator("li.alert");
      assert.equal(await alerts.count(), 3);
      const reasons = await watchPage.locator("li.alert span.reason").allInnerTexts();
      assert.deepEqual(reasons, Array(3).fill('matches the query "port"'));
      const titles = await watchPage.locator("li.alert > a").allInnerTexts();
      assert.ok(titles.includes("Port of Tripoli reopens after week-long strike"), `titles: ${titles}`);
      const states = await watchPage.locator("li.alert span.delivery").evaluateAll((els) => els.map((e) => e.dataset.state));
      assert.deepEqual([...states].sort(), ["delivered", "failed", "failed"]);
      const words = await watchPage.locator("li.alert span.delivery").allInnerTexts();
      assert.ok(words.some((w) => /^webhook: delivered \d{4}-\d\d-\d\dT.*Z \(1 try\)$/.test(w)), `deliveries: ${words}`);
      assert.equal(words.filter((w) => /^webhook: failed \(1 try, HTTP 500\), next try \d{4}-/.test(w)).length, 2, `deliveries: ${words}`);
      // Each alert links to the article it matched.
      const first = alerts.first().locator("a").first();
      const title = await first.innerText();
      await Promise.all([watchPage.waitForURL(/\/articles\/[0-9a-f]{32}$/), first.click()]);
      assert.equal(await watchPage.locator("article h1").innerText(), title);
      await watchPage.goBack();
      await watchPage.screenshot({ path: join(artifacts, "watch.png"), fullPage: true });
      assert.deepEqual(elsewhere, []);
      await watchPage.close();
    } finally {
      hook.close();
      if (server) server.child.kill("SIGINT");
      rmSync(watchData, { recursive: true, force: true });
    }
  });

  await check("no request left the server's origin", async () => {
    assert.deepEqual(offsite, []);
  });
} finally {
  await browser.close();
  child.kill("SIGINT");
  bigChild.kill("SIGINT");
  rmSync(data, { recursive: true, force: true });
  rmSync(bigData, { recursive: true, force: true });
}

const failed = results.filter(([, ok]) => !ok);
writeFileSync(join(artifacts, "results.json"), JSON.stringify(results, null, 2));
console.log(`${results.length - failed.length} passed, ${failed.length} failed; screenshots in ${artifacts}`);
process.exit(failed.length ? 1 : 0);
