/**
 * `npm run bench -w @descent/playground`: how many epochs per second the playground trains.
 *
 * 1. In Node, the worker's session alone (no page): a fake host acknowledges every snapshot at
 *    once, so each slice of training ends with a full snapshot (output grid, every unit's picture,
 *    weights) — the work the worker does per frame.
 * 2. In Debian's Chromium (when it is installed and the app is built): the real page at
 *    `speed=fast`, counting epochs drawn per second.
 *
 * Medians of several runs; the targets are ≥ 60 epochs/s with the defaults and ≥ 10 on
 * 8 layers × 16 units with BatchNorm.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serializeHash } from '../src/state/hash.js';
import { normalize } from '../src/state/normalize.js';
import { defaultState, type State } from '../src/state/schema.js';
import type { FromWorker } from '../src/worker/protocol.js';
import { Session } from '../src/worker/session.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');

const CASES: { name: string; state: State; target: number }[] = [
  { name: 'defaults (circle, 4-2 tanh, batch 10)', state: defaultState(), target: 60 },
  {
    name: '8 layers × 16 units, BatchNorm, batch 10',
    state: normalize({
      ...defaultState(),
      layers: [16, 16, 16, 16, 16, 16, 16, 16],
      batchNorm: [true, true, true, true, true, true, true, true],
    }).state,
    target: 10,
  },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

function nodeEpochsPerSecond(state: State, seconds: number): { rate: number; snapshots: number } {
  let snapshots = 0;
  let epoch = 0;
  const tasks: (() => void)[] = [];
  const session = new Session({
    post: (message: FromWorker) => {
      if (message.type === 'snapshot') {
        snapshots++;
        epoch = message.snapshot.epoch;
      }
    },
    later: (task) => tasks.push(task),
    now: () => performance.now(),
  });
  session.receive({ type: 'configure', state: { ...state, speed: 'fast' } });
  session.receive({ type: 'drawn' });
  const start = performance.now();
  session.receive({ type: 'play' });
  while (performance.now() - start < seconds * 1000) {
    const task = tasks.shift();
    if (task === undefined) break;
    task();
    session.receive({ type: 'drawn' });
  }
  const elapsed = (performance.now() - start) / 1000;
  return { rate: epoch / elapsed, snapshots: snapshots / elapsed };
}

async function browserEpochsPerSecond(state: State, seconds: number): Promise<number[] | null> {
  const dist = join(root, 'apps/playground/dist');
  if (!existsSync('/usr/bin/chromium') || !existsSync(join(dist, 'index.html'))) return null;
  const server = spawn(
    process.execPath,
    [join(root, 'scripts/start-playground.mjs'), '--no-build'],
    {
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    },
  );
  const url = await new Promise<string>((resolve) => {
    let out = '';
    server.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (match) resolve(match[1] as string);
    });
  });
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'chromium-')), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
  const rates: number[] = [];
  try {
    for (let run = 0; run < 3; run++) {
      const page = await context.newPage();
      await page.goto(`${url}#${serializeHash({ ...state, speed: 'fast' })}`);
      await page.waitForSelector('#test-loss');
      await page.click('#play');
      await page.waitForTimeout(500);
      const read = () =>
        page.evaluate(() =>
          Number(document.getElementById('epoch')?.textContent?.replace(/,/g, '')),
        );
      const e0 = await read();
      const t0 = Date.now();
      await page.waitForTimeout(seconds * 1000);
      const e1 = await read();
      rates.push((e1 - e0) / ((Date.now() - t0) / 1000));
      await page.close();
    }
  } finally {
    await context.close();
    if (server.pid) process.kill(-server.pid);
  }
  return rates;
}

console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (const c of CASES) {
  const runs = [0, 1, 2, 3, 4].map(() => nodeEpochsPerSecond(c.state, 2));
  const rate = median(runs.map((r) => r.rate));
  const frames = median(runs.map((r) => r.snapshots));
  console.log(
    `node, worker session: ${c.name}: ${rate.toFixed(0)} epochs/s with ${frames.toFixed(0)} snapshots/s (target ≥ ${c.target}) ${rate >= c.target ? 'PASS' : 'FAIL'}`,
  );
  const browser = await browserEpochsPerSecond(c.state, 4);
  if (browser === null) {
    console.log('chromium: skipped (needs /usr/bin/chromium and a built app: npm run build)');
  } else {
    const b = median(browser);
    console.log(
      `chromium, the page: ${c.name}: ${b.toFixed(0)} epochs/s drawn (runs ${browser.map((r) => r.toFixed(0)).join(', ')}; target ≥ ${c.target}) ${b >= c.target ? 'PASS' : 'FAIL'}`,
    );
  }
}
