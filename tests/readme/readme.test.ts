/**
 * The README's examples are the first thing a person copies: they must run as written and train.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The README's TypeScript examples, in order. */
function examples(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

/** Runs one example as written (esbuild strips the types) and returns what it printed. */
function run(example: string, name: string): string {
  const dir = join(root, 'node_modules', '.cache', 'readme-example');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.ts`);
  writeFileSync(file, example);
  return execFileSync(process.execPath, [join(root, 'scripts/run-ts.mjs'), file], {
    cwd: root,
    encoding: 'utf8',
  });
}

describe('README', () => {
  it('its example runs as written and the loss it prints goes down', () => {
    const example = examples()[0];
    expect(example).toBeDefined();
    const output = run(example as string, 'example');
    const losses = [...output.matchAll(/loss (\d+\.\d+)/g)].map((m) => Number(m[1]));
    expect(losses).toHaveLength(4);
    expect(losses[3]).toBeLessThan(0.5 * (losses[0] as number));
  }, 60_000);

  it('its mini-batch recipe runs as written: test loss falls and accuracy passes 90%', () => {
    const recipe = examples().find((e) => e.includes('new DataLoader('));
    expect(recipe).toBeDefined();
    expect(recipe).toContain('model.train()');
    expect(recipe).toContain('model.eval()');
    const output = run(recipe as string, 'recipe');
    const lines = [...output.matchAll(/epoch (\d+): test loss (\d+\.\d+), accuracy (\d+\.\d)%/g)];
    expect(lines.map((m) => Number(m[1]))).toEqual([20, 40, 60]);
    const [first, , last] = lines.map((m) => ({ loss: Number(m[2]), accuracy: Number(m[3]) }));
    expect(last?.loss).toBeLessThan(0.5 * (first?.loss as number));
    expect(last?.accuracy).toBeGreaterThan(90);
    // The output the README shows is the output it gives.
    for (const m of lines) expect(recipe).toContain(`// ${m[0]}`);
  }, 60_000);
});

describe('README set-up', () => {
  const readme = () => readFileSync(join(root, 'README.md'), 'utf8');
  const scripts = () =>
    (
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;

  it('gives exactly the two commands: npm ci && npm start, and npm test', () => {
    const setUp = /## Set up\n([\s\S]*?)\n## /.exec(readme())?.[1] ?? '';
    const commands = [...setUp.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) =>
      (m[1] as string).trim(),
    );
    expect(commands).toEqual(['npm ci && npm start', 'npm test']);
  });

  it('npm start serves the playground (the script the end-to-end tests run) and npm test runs every test', () => {
    expect(scripts().start).toBe('node scripts/start-playground.mjs');
    expect(scripts().test).toBe('node scripts/test.mjs');
  });

  it('npm run tour runs the lecture’s experiments, one by name', () => {
    expect(scripts().tour).toBe('node scripts/run-ts.mjs examples/tour.ts');
    const output = execFileSync('npm', ['run', '--silent', 'tour', '--', 'learning-rates'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(output).toContain('== Tuning the learning rate');
    expect(output).not.toContain('== Feature scaling');
  }, 60_000);
});
