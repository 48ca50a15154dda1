import pLimit from "p-limit";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium, type ResolvedChromium } from "@/lib/services/evidence/chromium";
import { pdfDestinationPages, pdfPageCount } from "@/lib/services/evidence/pdf-destinations";
import type { ReportModel } from "@/lib/services/evidence/report-model";
import { footerTemplate, renderReportHtml, tocEntries, type RenderInput } from "@/lib/services/evidence/render-html";

// Chromium's print to PDF. Chromium cannot put page numbers in a table of contents (no target-counter()), so the
// report is printed twice: a first, cheap print of a skeleton (file lists drawn as blank blocks of the same height)
// says on which page each section lands (its named destinations), the second prints the real report with those
// numbers and is checked against them. Numbers sit in fixed-width cells and file rows have a fixed height, so they
// agree; if they ever do not (a row that wraps further than its height), the report is printed again with the
// numbers the full print found. Each print gets a fresh page, so Chromium frees one layout before the next.

const MAX_PRINTS = 3;
/** A 10,000-file report takes tens of seconds; Playwright's 30 s default would cut it off. */
const STEP_TIMEOUT_MS = 10 * 60_000;

export interface PrintedReport {
  pdf: Buffer;
  pages: number;
  /** 2 normally; 3 when the skeleton's page numbers were off (worth knowing in the benchmark). */
  prints: number;
}

/**
 * The report shows data from AWS (trail names, keys, tags): whatever it contains, Chromium runs no script of it and
 * fetches nothing. The document is set in place (no request for it), its fonts are data URLs, so every request the
 * page makes is someone else's and is refused; JavaScript is off in the page's own world (Playwright's evaluate
 * below runs in its own isolated one, which the page cannot reach).
 */
async function sealedContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ javaScriptEnabled: false, serviceWorkers: "block", acceptDownloads: false });
  await context.route("**/*", (route) => route.abort("blockedbyclient"));
  return context;
}

export async function printHtml(browser: Browser, html: string, footer: string): Promise<Buffer> {
  const context = await sealedContext(browser);
  const page = await context.newPage();
  try {
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await page.setContent(html, { waitUntil: "load", timeout: STEP_TIMEOUT_MS });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    return await printPage(page, footer);
  } finally {
    await context.close();
  }
}

function printPage(page: Page, footer: string): Promise<Buffer> {
  return page.pdf({
    format: "A4",
    printBackground: true,
    displayHeaderFooter: true,
    headerTemplate: "<span></span>",
    footerTemplate: footer,
    margin: { top: "16mm", right: "14mm", bottom: "18mm", left: "14mm" },
    outline: false,
    tagged: false,
  });
}

function samePages(a: Map<string, number>, b: Map<string, number>, ids: string[]): boolean {
  return ids.every((id) => a.get(id) === b.get(id));
}

// Chromium holds a whole document while it prints (about 2.5 GB for 10,000 files): one print at a time per process
// keeps memory bounded when several people export at once; the others wait their turn.
const oneAtATime = pLimit(1);

/** `manifest` goes to render-html whole: its hash and, for an export, the signing key the cover prints. */
export function printReportPdf(model: ReportModel, manifest: RenderInput["manifest"], browser?: ResolvedChromium): Promise<PrintedReport> {
  return oneAtATime(() => printWithChromium(model, manifest, browser));
}

async function printWithChromium(model: ReportModel, manifest: RenderInput["manifest"], resolved?: ResolvedChromium): Promise<PrintedReport> {
  const browser = await launchChromium(resolved);
  try {
    const footer = footerTemplate(model);
    const ids = tocEntries(model).map((e) => e.id);
    let pages = pdfDestinationPages(await printHtml(browser, renderReportHtml({ model, manifest, skeleton: true }), footer));
    for (let attempt = 2; ; attempt += 1) {
      const pdf = await printHtml(browser, renderReportHtml({ model, manifest, pages }), footer);
      const found = pdfDestinationPages(pdf);
      if (samePages(pages, found, ids)) return { pdf, pages: pdfPageCount(pdf), prints: attempt };
      if (attempt === MAX_PRINTS) throw new Error("the table of contents did not settle after three prints");
      pages = found;
    }
  } finally {
    await browser.close();
  }
}
