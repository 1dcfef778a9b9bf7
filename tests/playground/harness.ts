/**
 * Runs the built playground the way `npm start` serves it, in Debian's Chromium driven by
 * playwright-core, and records what a test needs to check: console errors, requests to other
 * origins, downloads. Screenshots go to `tests/playground/screenshots/` (git-ignored) to be
 * looked at.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** The repo's root: the nearest folder above this file (or its bundle) with the playground. */
function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'apps/playground/package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no descent checkout above ${start}`);
    dir = parent;
  }
  return dir;
}
const root = findRoot(dirname(fileURLToPath(import.meta.url)));
export const SCREENSHOTS = join(root, 'tests/playground/screenshots');
// Debian's Chromium, which .ci/run installs; playwright-core never downloads a browser.
const CHROMIUM = '/usr/bin/chromium';

export interface Playground {
  readonly url: string;
  readonly context: BrowserContext;
  /** A new page at `hash`, with its console errors and foreign requests recorded. */
  open(hash?: string): Promise<PlaygroundPage>;
  close(): Promise<void>;
}

export interface PlaygroundPage {
  readonly page: Page;
  readonly errors: string[];
  readonly foreignRequests: string[];
  screenshot(name: string): Promise<void>;
}

async function startServer(dir: string): Promise<{ url: string; server: ChildProcess }> {
  const server = spawn(
    process.execPath,
    [join(root, 'scripts/start-playground.mjs'), '--no-build', '--dir', dir],
    {
      cwd: root,
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the server did not start:\n${output}`)),
      30_000,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /descent playground: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    };
    server.stdout?.on('data', read);
    server.stderr?.on('data', read);
    server.on('exit', (code) => reject(new Error(`the server exited (${code}):\n${output}`)));
  });
  return { url, server };
}

/**
 * Serves a private copy of the built app and launches Chromium.
 *
 * @example
 * ```ts
 * const playground = await startPlayground();
 * const { page } = await playground.open('#learningRate=0.1');
 * ```
 */
export async function startPlayground(): Promise<Playground> {
  const built = join(root, 'apps/playground/dist');
  if (!existsSync(join(built, 'index.html'))) {
    throw new Error(
      'apps/playground/dist is missing: `npm test` builds it; or run `npm run build`.',
    );
  }
  // A private copy: a build elsewhere in the test run may rewrite dist/ while pages load.
  const dir = mkdtempSync(join(tmpdir(), 'playground-dist-'));
  cpSync(built, dir, { recursive: true });
  const { url, server } = await startServer(dir);
  const profile = mkdtempSync(join(tmpdir(), 'chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    acceptDownloads: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  const origin = new URL(url).origin;
  return {
    url,
    context,
    async open(hash = '') {
      const page = await context.newPage();
      const errors: string[] = [];
      const foreignRequests: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('request', (request) => {
        const target = request.url();
        if (!target.startsWith(origin) && !/^(data|blob):/.test(target))
          foreignRequests.push(target);
      });
      await page.goto(`${url}${hash}`);
      await page.waitForSelector('#epoch');
      await waitForEpoch(page, 0);
      return {
        page,
        errors,
        foreignRequests,
        screenshot: async (name: string) => {
          await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
        },
      };
    },
    async close() {
      await context.close();
      if (server.pid !== undefined) {
        try {
          process.kill(-server.pid);
        } catch {
          // already gone
        }
      }
      rmSync(dir, { recursive: true, force: true });
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The epoch the page shows.
 *
 * @example
 * ```ts
 * await epochOf(page); // 0
 * ```
 */
export async function epochOf(page: Page): Promise<number> {
  const text = (await page.textContent('#epoch')) ?? '';
  return Number(text.replace(/,/g, ''));
}

/**
 * Waits until the page shows at least `epoch` (and a snapshot has been drawn).
 *
 * @example
 * ```ts
 * await waitForEpoch(page, 50);
 * ```
 */
export async function waitForEpoch(page: Page, epoch: number, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    (target) => {
      const text = document.getElementById('epoch')?.textContent ?? '';
      const loss = document.getElementById('test-loss');
      return Number(text.replace(/,/g, '')) >= target && loss !== null;
    },
    epoch,
    { timeout },
  );
}

/**
 * A metric the page shows, read from its exact value (not the rounded text).
 *
 * @example
 * ```ts
 * await metric(page, 'test-loss'); // 0.512…
 * ```
 */
export async function metric(
  page: Page,
  id: 'test-loss' | 'train-loss' | 'test-score' | 'train-score' | 'learning-rate',
): Promise<number> {
  return Number(await page.getAttribute(`#${id}`, 'data-value'));
}

/**
 * Waits until the worker has stopped training (paused by the user or by itself) and the page has
 * drawn its last snapshot.
 *
 * @example
 * ```ts
 * await waitForPause(page);
 * ```
 */
export async function waitForPause(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    () =>
      document.getElementById('play')?.getAttribute('aria-pressed') === 'false' &&
      document.getElementById('epoch')?.dataset.training === 'false',
    undefined,
    { timeout },
  );
}

interface TraceEvent {
  readonly name: string;
  readonly pid: number;
  readonly tid: number;
  readonly tdur?: number;
  readonly args?: { readonly name?: string };
}

/**
 * The main-thread tasks of the page's renderer while `during` runs, as CPU milliseconds each
 * (Chrome's trace, thread time): what the page itself costs, whatever else the machine is doing
 * (wall-clock durations, as the Long Tasks API reports them, grow with the machine's load).
 *
 * @example
 * ```ts
 * const tasks = await mainThreadTasks(playground.context, page, () => page.click('#step'));
 * ```
 */
export async function mainThreadTasks(
  context: BrowserContext,
  page: Page,
  during: () => Promise<void>,
): Promise<number[]> {
  const client = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  client.on('Tracing.dataCollected', (event) => {
    events.push(...(event.value as unknown as TraceEvent[]));
  });
  const complete = new Promise((resolve) => client.once('Tracing.tracingComplete', resolve));
  await client.send('Tracing.start', {
    categories: 'toplevel,__metadata',
    transferMode: 'ReportEvents',
  });
  await during();
  await client.send('Tracing.end');
  await complete;
  await client.detach();
  // The page's renderer is the process that runs the training worker.
  const worker = events.find(
    (e) => e.name === 'thread_name' && e.args?.name === 'DedicatedWorker thread',
  );
  const main = events.find(
    (e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === worker?.pid,
  );
  if (main === undefined) throw new Error('no renderer main thread in the trace');
  return events
    .filter(
      (e) => e.name === 'ThreadControllerImpl::RunTask' && e.pid === main.pid && e.tid === main.tid,
    )
    .map((e) => (e.tdur ?? 0) / 1000)
    .sort((a, b) => b - a);
}
