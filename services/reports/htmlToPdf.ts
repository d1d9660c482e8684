import { accessSync, constants } from 'node:fs';
import { NengtanError } from '../lib/errors';

export interface PdfOptions {
  /** The Chromium binary; Debian's package by default (no browser is ever downloaded). */
  executablePath?: string;
  /** Bound on launching the browser and on printing, in ms. */
  timeoutMs?: number;
}

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Prints a report to PDF (A4, backgrounds, the page size of its print stylesheet) with headless Chromium, one browser
 * per call. The page runs without JavaScript and offline: reports are self-contained, and a report never fetches
 * anything while it is printed.
 */
export async function htmlToPdf(html: string, options: PdfOptions = {}): Promise<Buffer> {
  const executablePath = options.executablePath ?? DEFAULT_CHROMIUM;
  // A missing browser is the server's set-up, not a fault: say so (503 with what to install), never a bare 500.
  try {
    accessSync(executablePath, constants.X_OK);
  } catch {
    throw new NengtanError('NT_ERR_REPORT_PDF_UNAVAILABLE', {
      message: `PDF printing is not available on this server: no Chromium at ${executablePath}`,
    });
  }
  // Loaded on first use, so that rendering HTML does not need playwright-core installed.
  const { chromium } = await import('playwright-core');
  const timeout = options.timeoutMs ?? 60_000;
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout }).catch((error: Error) => {
    throw new NengtanError('NT_ERR_REPORT_PDF_UNAVAILABLE', {
      message: `PDF printing is not available on this server: Chromium at ${executablePath} did not start (${error.message.split('\n')[0]})`,
    });
  });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}
