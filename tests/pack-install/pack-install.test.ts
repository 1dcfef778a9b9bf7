/**
 * Pack-and-install test: builds the five published packages once, `npm pack`s them into a
 * temp dir outside the repo, installs ONLY those tarballs (third-party deps come from the
 * registry / npm cache) into fresh scratch projects, and checks what a user would see:
 * ESM import, CJS require, a core-only install, data installed with core only, browser bundles
 * (esbuild, and Vite/rolldown), TypeScript consumers (node16 .mts/.cts and
 * bundler), and that every path named by each packed package.json is in its tarball.
 */
import { type ExecFileSyncOptions, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkExportsIntegrity, type PackedPackageJson } from '../../scripts/exports-integrity.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PACKAGES = ['core', 'nn', 'optim', 'data', 'viz', 'onnx'] as const;
const tscBin = createRequire(import.meta.url).resolve('typescript/bin/tsc');

let work = '';
const tarballs: Record<string, string> = {};
let consumer = '';

function run(cmd: string, args: string[], cwd: string, extra: ExecFileSyncOptions = {}): string {
  try {
    return execFileSync(cmd, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1' },
      ...extra,
    }) as string;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `${cmd} ${args.join(' ')} failed in ${cwd}\n${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`,
    );
  }
}

const npm = (args: string[], cwd: string) =>
  run('npm', ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...args], cwd);
const node = (args: string[], cwd: string) => run(process.execPath, args, cwd);

function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name), base) : [relative(base, join(dir, e.name))],
  );
}

function scratchProject(name: string, deps: Record<string, string>): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name, version: '1.0.0', private: true, dependencies: deps }, null, 2)}\n`,
  );
  return dir;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'descent-pack-'));
  // One build (turbo: cached when nothing changed) and one pack per package.
  run(process.execPath, [join(repoRoot, 'scripts/turbo.mjs'), 'run', 'build'], repoRoot);
  const packDir = join(work, 'tarballs');
  mkdirSync(packDir);
  const packed = JSON.parse(
    npm(
      [
        'pack',
        '--json',
        '--pack-destination',
        packDir,
        ...PACKAGES.flatMap((p) => ['--workspace', `packages/${p}`]),
      ],
      repoRoot,
    ),
  ) as Array<{ name: string; filename: string }>;
  for (const p of packed) tarballs[p.name] = join(packDir, p.filename);

  consumer = scratchProject(
    'consumer',
    Object.fromEntries(Object.entries(tarballs).map(([n, f]) => [n, `file:${f}`])),
  );
  npm(['install'], consumer);
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('packed @descent/* packages', () => {
  it('packs all six packages', () => {
    expect(Object.keys(tarballs).sort()).toEqual(PACKAGES.map((p) => `@descent/${p}`).sort());
  });

  it.each(PACKAGES)('@descent/%s: every exports/main/types path is in the tarball', (p) => {
    const tarball = tarballs[`@descent/${p}`] as string;
    const dir = join(work, 'extracted', p);
    mkdirSync(dir, { recursive: true });
    run('tar', ['-xzf', tarball, '-C', dir], work);
    const root = join(dir, 'package');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackedPackageJson;
    const files = listFiles(root);
    expect(checkExportsIntegrity(pkg, files)).toEqual([]);
    // Tests and fixtures stay out of the tarball.
    expect(files.filter((f) => /\.test\.ts$|__fixtures__/.test(f))).toEqual([]);
  });

  it('nn, optim, data and onnx resolve @descent/core (and nn) to the single installed copy', () => {
    const descent = readdirSync(join(consumer, 'node_modules/@descent')).sort();
    expect(descent).toEqual(['core', 'data', 'nn', 'onnx', 'optim', 'viz']);
    for (const p of ['nn', 'optim', 'data', 'onnx']) {
      const nested = join(consumer, 'node_modules/@descent', p, 'node_modules');
      expect(() => readdirSync(join(nested, '@descent'))).toThrow();
    }
  });

  // The same program as a user would write it: a 2-layer network trained for a few steps
  // with core, nn and optim, its loss curve drawn with viz, its weights saved with nn/node.
  const training = (load: (name: string) => string) =>
    [
      `const { manualSeed, randn } = ${load('@descent/core')};`,
      `const { Linear, Sequential, Tanh, mseLoss, loadSafetensors } = ${load('@descent/nn')};`,
      `const { saveSafetensorsFile, loadSafetensorsFile } = ${load('@descent/nn/node')};`,
      `const { SGD } = ${load('@descent/optim')};`,
      `const { lineChart } = ${load('@descent/viz')};`,
      `const { exportOnnx, toPyTorch } = ${load('@descent/onnx')};`,
      `const { renderPng } = ${load('@descent/viz/node')};`,
      'manualSeed(0);',
      'const x = randn([64, 2]);',
      'const y = x.select(1, 0).mul(x.select(1, 1)).unsqueeze(1);',
      'const model = new Sequential(new Linear(2, 16), new Tanh(), new Linear(16, 1));',
      'const optimizer = new SGD(model.parameters(), { lr: 0.2 });',
      'const losses = [];',
      'for (let step = 0; step < 150; step++) {',
      '  optimizer.zeroGrad();',
      '  const loss = mseLoss(model.forward(x), y);',
      '  losses.push(loss.item());',
      '  loss.backward();',
      '  optimizer.step();',
      '}',
      "const svg = lineChart({ series: [{ name: 'loss', y: losses }] });",
      'const png = renderPng(svg, { scale: 1 });',
      // ModelProto field 1 (ir_version) comes first: tag 0x08, value 8.
      'const onnx = exportOnnx(model, randn([1, 2]));',
      'const py = toPyTorch(model);',
      "const file = require('node:path').join(require('node:os').tmpdir(), 'descent-' + process.pid + '.safetensors');",
      'saveSafetensorsFile(file, model.stateDict()).then(() => loadSafetensorsFile(file)).then((loaded) => {',
      "  require('node:fs').rmSync(file);",
      '  console.log(JSON.stringify({ first: losses[0], last: losses[losses.length - 1],',
      "    svg: svg.startsWith('<svg'), png: png.length > 100, keys: Object.keys(loaded).sort(),",
      "    onnx: [onnx[0], onnx[1], onnx.length > 500], py: py.includes('nn.Linear(2, 16, bias=True)') }));",
      '});',
    ].join('\n');

  function expectTrained(output: string): void {
    const result = JSON.parse(output) as {
      first: number;
      last: number;
      svg: boolean;
      png: boolean;
      keys: string[];
      onnx: [number, number, boolean];
      py: boolean;
    };
    expect(result.last).toBeLessThan(0.5 * result.first);
    expect(result).toMatchObject({ svg: true, png: true, onnx: [8, 8, true], py: true });
    expect(result.keys).toEqual(['0.bias', '0.weight', '2.bias', '2.weight']);
  }

  it('ESM: a 2-layer network trains with core, nn and optim, viz draws its loss, onnx exports it', () => {
    writeFileSync(
      join(consumer, 'esm.mjs'),
      [
        "import { createRequire } from 'node:module';",
        'const require = createRequire(import.meta.url);',
        training((name) => `await import('${name}')`),
      ].join('\n'),
    );
    expectTrained(node(['esm.mjs'], consumer));
  });

  it('CJS: the same program with require()', () => {
    writeFileSync(
      join(consumer, 'cjs.cjs'),
      training((name) => `require('${name}')`),
    );
    expectTrained(node(['--no-warnings', 'cjs.cjs'], consumer));
  });

  // Class names as users see them: printed modules, Tensor.name and loadStateDict errors, from
  // the installed ESM and CJS builds (a bundled build renames `Sequential` to `_Sequential`).
  const printing = (load: (name: string) => string) =>
    [
      `const { Tensor } = ${load('@descent/core')};`,
      `const { Linear, Module, ReLU, Sequential } = ${load('@descent/nn')};`,
      'class Encoder extends Module { fc = new Linear(1, 1); }',
      'const model = new Sequential(new Linear(2, 3), new ReLU());',
      'let error = "";',
      'try { model.loadStateDict({}); } catch (e) { error = e.message.split(":")[0]; }',
      'console.log(JSON.stringify({ model: String(model), tensor: Tensor.name,',
      '  sequential: Sequential.name, error, encoder: String(new Encoder()).split("(")[0] }));',
    ].join('\n');

  const printed = {
    model: 'Sequential(\n  (0): Linear(inFeatures=2, outFeatures=3, bias=true)\n  (1): ReLU()\n)',
    tensor: 'Tensor',
    sequential: 'Sequential',
    error: 'Error(s) in loading state_dict for Sequential',
    encoder: 'Encoder',
  };

  it('ESM and CJS builds print class names as written', () => {
    writeFileSync(
      join(consumer, 'print.mjs'),
      printing((name) => `await import('${name}')`),
    );
    writeFileSync(
      join(consumer, 'print.cjs'),
      printing((name) => `require('${name}')`),
    );
    expect(JSON.parse(node(['print.mjs'], consumer))).toEqual(printed);
    expect(JSON.parse(node(['print.cjs'], consumer))).toEqual(printed);
  });

  /** A minified browser bundle of `entry` (in the consumer project), as a web app ships it. */
  async function browserBundle(entry: string) {
    const { build } = await import('esbuild');
    return build({
      entryPoints: [join(consumer, entry)],
      absWorkingDir: consumer,
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
  }

  it('a minified browser bundle still prints descent class names', async () => {
    writeFileSync(
      join(consumer, 'browser-entry.mjs'),
      [
        "import { randn } from '@descent/core';",
        "import { Linear, Module, ReLU, Sequential, mseLoss } from '@descent/nn';",
        "import { SGD } from '@descent/optim';",
        "class Encoder extends Module { static displayName = 'Encoder'; fc = new Linear(1, 1); }",
        'const model = new Sequential(new Linear(2, 3), new ReLU());',
        'const opt = new SGD(model.parameters(), { lr: 0.1 });',
        'mseLoss(model.forward(randn([4, 2])).sum(1), randn([4])).backward();',
        'opt.step();',
        'let error = "";',
        'try { model.loadStateDict({}); } catch (e) { error = e.message.split(":")[0]; }',
        'let optError = "";',
        "try { opt.loadStateDict(null); } catch (e) { optError = e.message.split(':')[0]; }",
        'console.log(JSON.stringify({ model: String(model), error, optError,',
        '  encoder: String(new Encoder()).split("(")[0], renamed: Sequential.name !== "Sequential" }));',
      ].join('\n'),
    );
    const result = await browserBundle('browser-entry.mjs');
    writeFileSync(join(consumer, 'browser-bundle.mjs'), result.outputFiles[0]?.text ?? '');
    const output = JSON.parse(node(['browser-bundle.mjs'], consumer)) as Record<string, unknown>;
    expect(output).toEqual({
      model: printed.model,
      error: printed.error,
      optError: 'SGD.loadStateDict',
      encoder: 'Encoder',
      renamed: true, // the minifier did rename the classes: the names above are not read from them
    });
  });

  it("Vite's build (rolldown) keeps core's tensor methods and gradient formulas", async () => {
    // Core installs them when its entry point loads; rolldown drops that unless package.json's
    // sideEffects lists the entry point as well as the file that installs them.
    writeFileSync(
      join(consumer, 'vite-entry.mjs'),
      [
        "import { tensor } from '@descent/core';",
        'const w = tensor([1, -2], { requiresGrad: true });',
        'w.mul(w).sum().backward();',
        'const product = tensor([[1, 2], [3, 4]]).matmul(tensor([[1], [1]]));',
        'console.log(JSON.stringify({ grad: w.grad.toArray(), product: product.toArray() }));',
      ].join('\n'),
    );
    const { build } = await import('vite');
    const result = await build({
      root: consumer,
      configFile: false,
      logLevel: 'silent',
      build: {
        write: false,
        minify: true,
        lib: { entry: join(consumer, 'vite-entry.mjs'), formats: ['es'], fileName: 'vite-bundle' },
      },
    });
    const outputs = Array.isArray(result) ? result : [result];
    const chunk = outputs
      .flatMap((o) => ('output' in o ? o.output : []))
      .find((c) => c.type === 'chunk');
    writeFileSync(join(consumer, 'vite-bundle.mjs'), chunk?.type === 'chunk' ? chunk.code : '');
    expect(JSON.parse(node(['vite-bundle.mjs'], consumer))).toEqual({
      grad: [2, -4],
      product: [[3], [7]],
    });
  });

  it('a lineChart-only bundle leaves out dagre and d3-scale-chromatic', async () => {
    writeFileSync(
      join(consumer, 'line-entry.mjs'),
      [
        "import { lineChart } from '@descent/viz';",
        "console.log(lineChart({ series: [{ name: 'loss', y: [1, 0.5, 0.25] }] }).length);",
      ].join('\n'),
    );
    const result = await browserBundle('line-entry.mjs');
    // What ended up in the output (the metafile's inputs also list modules parsed and dropped).
    const output = Object.values(result.metafile.outputs)[0]?.inputs ?? {};
    const inputs = Object.keys(output).filter((f) => (output[f]?.bytesInOutput ?? 0) > 0);
    const from = (pkg: string) => inputs.filter((f) => f.includes(`node_modules/${pkg}/`));
    expect(from('@dagrejs/dagre')).toEqual([]);
    expect(from('d3-scale-chromatic')).toEqual([]);
    expect(from('d3-contour')).toEqual([]);
    expect(from('@descent/viz').some((f) => f.endsWith('line-chart.js'))).toBe(true);
    // 94,362 bytes when the whole of viz came along (one bundled dist file); 62,693 now.
    const bytes = result.outputFiles[0]?.contents.length ?? 0;
    expect(bytes).toBeGreaterThan(10_000);
    expect(bytes).toBeLessThan(70_000);
  });

  // What a user does with @descent/data: a toy dataset in mini-batches, a CSV and an IDX file
  // read from disk, and an error of the node entry caught as the main entry's class.
  const dataProgram = (load: (name: string) => string) =>
    [
      `const { Generator, tensor } = ${load('@descent/core')};`,
      `const { DataError, DataLoader, TensorDataset, moons, parseCsv, standardize } = ${load('@descent/data')};`,
      `const { readCsvFile, readIdxFile } = ${load('@descent/data/node')};`,
      "const { mkdtempSync, writeFileSync, rmSync } = require('node:fs');",
      "const { join } = require('node:path');",
      "const { gzipSync } = require('node:zlib');",
      'const { x, y } = moons({ samples: 100, generator: new Generator(0) });',
      'const loader = new DataLoader(new TensorDataset(standardize(x).scaled, y), {',
      '  batchSize: 32, shuffle: true, generator: new Generator(1) });',
      'const sizes = [];',
      'for (const [xb, yb] of loader) sizes.push([xb.shape[0], yb.shape[0], yb.dtype]);',
      "const dir = mkdtempSync(join(require('node:os').tmpdir(), 'descent-data-'));",
      "writeFileSync(join(dir, 'p.csv'), 'x1,x2\\n1,2\\n3,4\\n');",
      'const idx = Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 3, 7, 8, 9]);',
      "writeFileSync(join(dir, 'l.gz'), gzipSync(idx));",
      "writeFileSync(join(dir, 'bad.idx'), 'nope');",
      "Promise.all([readCsvFile(join(dir, 'p.csv')), readIdxFile(join(dir, 'l.gz')),",
      "  readIdxFile(join(dir, 'bad.idx')).catch((e) => e)]).then(([csv, labels, error]) => {",
      '  rmSync(dir, { recursive: true });',
      '  console.log(JSON.stringify({ sizes, length: loader.length, columns: csv.columns,',
      '    labels: labels.toArray(), parsed: parseCsv("a\\n1").data.shape,',
      '    shared: error instanceof DataError, message: error.message.split(":")[0] }));',
      '});',
    ].join('\n');

  function expectData(output: string): void {
    expect(JSON.parse(output)).toEqual({
      sizes: [
        [32, 32, 'int32'],
        [32, 32, 'int32'],
        [32, 32, 'int32'],
        [4, 4, 'int32'],
      ],
      length: 4,
      columns: ['x1', 'x2'],
      labels: [7, 8, 9],
      parsed: [1, 1],
      shared: true,
      message: 'readIdxFile',
    });
  }

  it('ESM: data batches a toy dataset and reads CSV and IDX files', () => {
    writeFileSync(
      join(consumer, 'data.mjs'),
      [
        "import { createRequire } from 'node:module';",
        'const require = createRequire(import.meta.url);',
        dataProgram((name) => `await import('${name}')`),
      ].join('\n'),
    );
    expectData(node(['data.mjs'], consumer));
  });

  it('CJS: the same data program with require()', () => {
    writeFileSync(
      join(consumer, 'data.cjs'),
      dataProgram((name) => `require('${name}')`),
    );
    expectData(node(['--no-warnings', 'data.cjs'], consumer));
  });

  it('installing @descent/data brings @descent/core and no other descent package', () => {
    const alone = scratchProject('data-alone', {
      '@descent/core': `file:${tarballs['@descent/core']}`,
      '@descent/data': `file:${tarballs['@descent/data']}`,
    });
    npm(['install'], alone);
    expect(readdirSync(join(alone, 'node_modules/@descent')).sort()).toEqual(['core', 'data']);
    expect(
      node(
        ['-e', "import('@descent/data').then(m => console.log(m.circle().x.shape.join('x')))"],
        alone,
      ),
    ).toBe('500x2\n');
  });

  it('installing @descent/core alone brings no other descent package', () => {
    const alone = scratchProject('core-alone', {
      '@descent/core': `file:${tarballs['@descent/core']}`,
    });
    npm(['install'], alone);
    expect(readdirSync(join(alone, 'node_modules/@descent'))).toEqual(['core']);
    expect(node(['-e', "import('@descent/core').then(m => console.log(typeof m))"], alone)).toBe(
      'object\n',
    );
  });

  describe('TypeScript consumers type-check against the installed .d.ts', () => {
    // `@ts-expect-error` lines prove the imports are really typed (not silently `any`).
    const body = (from: 'esm' | 'cjs') =>
      [
        "import { type Tensor, tensor } from '@descent/core';",
        "import { Linear, mseLoss } from '@descent/nn';",
        "import { SGD } from '@descent/optim';",
        "import { DataLoader, TensorDataset } from '@descent/data';",
        "import { readIdxFile } from '@descent/data/node';",
        "import { lineChart } from '@descent/viz';",
        "import { exportOnnx, toPyTorch } from '@descent/onnx';",
        'const layer = new Linear(3, 1);',
        'export const y: Tensor = layer.forward(tensor([[1, 2, 3]]));',
        'export const loss: Tensor = mseLoss(y, tensor([[0]]));',
        'export const optimizer = new SGD(layer.parameters(), { lr: 0.1 });',
        "export const svg: string = lineChart({ series: [{ name: 'loss', y: [1, 0.5] }] });",
        'const loader = new DataLoader(new TensorDataset(tensor([[1], [2]]), tensor([0, 1])));',
        'for (const [xb, yb] of loader) { const sum: Tensor = xb.add(yb.unsqueeze(1)); void sum; }',
        "export const labels: Promise<Tensor> = readIdxFile('labels.idx');",
        '// @ts-expect-error: DataLoader options are typed, so a misspelt one is an error',
        'new DataLoader(new TensorDataset(tensor([1])), { batch_size: 2 });',
        'export const onnx: Uint8Array = exportOnnx(layer, tensor([[1, 2, 3]]));',
        'export const py: string = toPyTorch(layer);',
        '// @ts-expect-error: exportOnnx needs a sample input',
        'exportOnnx(layer);',
        '// @ts-expect-error: Linear takes sizes, so a string is an error',
        "new Linear('3', 1);",
        '// @ts-expect-error: tensor is typed, so unknown members are errors',
        'tensor.notAMember;',
        `export const from = '${from}';`,
        '',
      ].join('\n');

    function tsc(dir: string, compilerOptions: Record<string, unknown>, files: string[]) {
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            noEmit: true,
            target: 'ES2022',
            lib: ['ES2022', 'DOM'],
            types: [],
            skipLibCheck: true,
            ...compilerOptions,
          },
          files,
        }),
      );
      return node([tscBin, '-p', 'tsconfig.json'], dir);
    }

    it('module/moduleResolution node16: an .mts and a .cts file', () => {
      const dir = join(consumer, 'ts-node16');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'esm.mts'), body('esm'));
      writeFileSync(join(dir, 'cjs.cts'), body('cjs'));
      expect(
        tsc(dir, { module: 'node16', moduleResolution: 'node16' }, ['esm.mts', 'cjs.cts']),
      ).toBe('');
    });

    it('moduleResolution bundler', () => {
      const dir = join(consumer, 'ts-bundler');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'main.ts'), body('esm'));
      expect(tsc(dir, { module: 'ESNext', moduleResolution: 'bundler' }, ['main.ts'])).toBe('');
    });
  });
});
