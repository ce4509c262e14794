// One screenshot of a running server's page, for looking at it:
//   node shot.mjs http://127.0.0.1:7878/search?q=assad out.png
import { chromium } from "playwright-core";
const [url, out] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run"],
});
const page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
await page.goto(url);
await page.screenshot({ path: out, fullPage: false });
await browser.close();
