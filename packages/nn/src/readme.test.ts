/**
 * Runs the training example of README.md as written (TypeScript stripped by esbuild), so the
 * README can not drift from the API.
 */
import { readFileSync } from 'node:fs';
import * as core from '@descent/core';
import { transformSync } from 'esbuild';
import { expect, it } from 'vitest';
import * as nn from './index.js';

it('README: the custom Module trains on the toy problem', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const source = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  expect(source).toContain('class Classifier extends Module');
  const { code } = transformSync(source, { loader: 'ts', format: 'cjs' });
  const logs: string[] = [];
  const modules: Record<string, unknown> = { '@descent/core': core, '@descent/nn': nn };
  const run = new Function('require', 'console', code) as (
    require: (name: string) => unknown,
    console: { log: (line: string) => void },
  ) => void;
  run((name) => modules[name], { log: (line) => logs.push(line) });
  const losses = logs.filter((l) => l.startsWith('step')).map((l) => Number(l.split('loss ')[1]));
  expect(losses).toHaveLength(4);
  expect(losses[3]).toBeLessThan((losses[0] as number) / 3);
  const accuracy = Number(/accuracy: ([\d.]+)%/.exec(logs.join('\n'))?.[1]);
  expect(accuracy).toBeGreaterThan(90);
  expect(logs.at(-1)).toBe(
    [
      'Classifier(',
      '  (fc1): Linear(inFeatures=2, outFeatures=16, bias=true)',
      '  (bn): BatchNorm1d(16, eps=1e-05, momentum=0.1, affine=true, trackRunningStats=true)',
      '  (fc2): Linear(inFeatures=16, outFeatures=2, bias=true)',
      ')',
    ].join('\n'),
  );
});
