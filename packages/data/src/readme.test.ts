/**
 * Runs the first example of README.md as written (TypeScript stripped by esbuild), so the README
 * cannot drift from the API, and checks it prints what the README says it prints.
 */
import { readFileSync } from 'node:fs';
import * as core from '@descent/core';
import { transformSync } from 'esbuild';
import { expect, it } from 'vitest';
import * as data from './index.js';

it('README: the mini-batch example runs and prints what its comments say', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const source = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  expect(source).toContain('new DataLoader(');
  const { code } = transformSync(source, { loader: 'ts', format: 'cjs' });
  const logs: string[] = [];
  const modules: Record<string, unknown> = { '@descent/core': core, '@descent/data': data };
  const run = new Function('require', 'console', code) as (
    require: (name: string) => unknown,
    console: { log: (line: string) => void },
  ) => void;
  run((name) => modules[name], { log: (line) => logs.push(line) });
  expect(logs).toEqual([
    'xor: x 500×2 float32, y 500 int32',
    'train 400, test 100, 7 batches per epoch',
    ...Array.from({ length: 6 }, () => 'batch: x 64×2, y 64'),
    'batch: x 16×2, y 16',
  ]);
  for (const line of logs.slice(0, 2)) expect(source).toContain(`// ${line}`);
});
