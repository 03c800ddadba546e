import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (tools/ensure-system-deps.sh installs it); SC_CHROMIUM_BIN may point elsewhere. */
const CHROMIUM = process.env.SC_CHROMIUM_BIN ?? '/usr/bin/chromium';

/** Without these Chromium waits on the network (updates, sync, QUIC) on a closed machine. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type TestBrowser = Readonly<{ context: BrowserContext; close(): Promise<void> }>;

/** One headless Chromium with a fresh profile; close() removes the profile. */
export async function launchChromium(viewport = { width: 1280, height: 800 }): Promise<TestBrowser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Every console message of type error and every uncaught page error, for "no errors" assertions. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

/** Builds the console into a temp folder (esbuild takes well under a second); returns it. */
export function buildConsoleInto(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-console-'));
  execFileSync(process.execPath, [path.join(__dirname, '../../console/build.cjs'), dir], { stdio: 'pipe' });
  return dir;
}
