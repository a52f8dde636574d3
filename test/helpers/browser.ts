/**
 * A real headless Chromium (Debian's, driven by playwright-core) opening a report file the way a
 * reader does, offline: every request other than the file itself is refused and recorded, and every
 * console error and page error is kept. Where no Chromium is installed the suite says so and skips,
 * unless SENTINEL_REQUIRE_BROWSER is set (CI sets it after installing Chromium, so there it fails).
 */
import {existsSync} from 'node:fs'
import {pathToFileURL} from 'node:url'
import {chromium, type Browser, type Page} from 'playwright-core'

export const CHROMIUM = process.env['SENTINEL_CHROMIUM'] ?? '/usr/bin/chromium'

/** In a mocha `before`: the browser, or a skip that names what is missing. */
export async function launchOrSkip(context: Mocha.Context): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    if (process.env['SENTINEL_REQUIRE_BROWSER'])
      throw new Error(`no Chromium at ${CHROMIUM}, and SENTINEL_REQUIRE_BROWSER is set`)
    console.warn(`      (skipped: no Chromium at ${CHROMIUM}; apt-get install chromium, or set SENTINEL_CHROMIUM)`)
    context.skip()
  }
  // Flags from this machine's notes: without the background-networking ones Chromium dials out at start.
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

export interface OpenedReport {
  page: Page
  /** Every URL the page asked for besides its own file (all refused). */
  requests: string[]
  /** Console errors and uncaught page errors. */
  errors: string[]
  close: () => Promise<void>
}

export async function openReport(
  browser: Browser,
  file: string,
  viewport = {width: 1280, height: 900},
): Promise<OpenedReport> {
  const context = await browser.newContext({viewport, offline: true, javaScriptEnabled: true})
  const page = await context.newPage()
  const own = pathToFileURL(file).href
  const requests: string[] = []
  const errors: string[] = []
  await context.route('**/*', (route) => {
    if (route.request().url() === own) return route.continue()
    requests.push(route.request().url())
    return route.abort()
  })
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(own, {waitUntil: 'load'})
  return {page, requests, errors, close: () => context.close()}
}

/** How far the page is wider than its window (0: no sideways scrolling). */
export const overflow = (page: Page) =>
  page.evaluate(`document.documentElement.scrollWidth - document.documentElement.clientWidth`) as Promise<number>
