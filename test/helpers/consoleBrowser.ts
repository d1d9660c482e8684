import { chromium, type Browser, type Page } from 'playwright-core';
import { DEFAULT_CHROMIUM } from '../../services/reports/htmlToPdf';

/** Debian's Chromium, headless, as every browser test drives it (CHROMIUM_PATH overrides the binary). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
}

/**
 * A new page of the console at `#/<path>`, signed in with `key` the way a person does it (Chinese, Shanghai time),
 * once the page's heading `heading` is shown.
 */
export async function signedInPage(
  browser: Browser,
  url: string,
  key: string,
  path: string,
  heading: string,
): Promise<Page> {
  const page = await browser.newPage({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1280, height: 1000 },
  });
  await page.goto(`${url}/#/${path}`);
  await page.getByLabel('API 密钥').fill(key);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { name: heading }).waitFor();
  return page;
}
