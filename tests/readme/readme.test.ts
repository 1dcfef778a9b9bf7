/**
 * The README's example is the first thing a person copies: it must run as written and train.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('README', () => {
  it('its example runs as written and the loss it prints goes down', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const dir = join(root, 'node_modules', '.cache', 'readme-example');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'example.ts');
    writeFileSync(file, example as string);
    const output = execFileSync(process.execPath, [join(root, 'scripts/run-ts.mjs'), file], {
      cwd: root,
      encoding: 'utf8',
    });
    const losses = [...output.matchAll(/loss (\d+\.\d+)/g)].map((m) => Number(m[1]));
    expect(losses).toHaveLength(4);
    expect(losses[3]).toBeLessThan(0.5 * (losses[0] as number));
  }, 60_000);
});
