// The gallery: one picture of each chart type, and the lecture's pictures, computed here in plain
// JS from fixed seeds (no descent dependency) so the output is identical on every run.
import { join } from 'node:path';
import {
  computationGraph,
  contourPlot,
  decisionBoundary,
  heatmap,
  histogram,
  lineChart,
  networkDiagram,
  scatter,
  type TensorLike,
} from '../src/index.js';
import { writePng, writeSvg } from '../src/node.js';

type Vec2 = [number, number];

/** mulberry32: a tiny seeded PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(r: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

// ---- Feature scaling (lecture §5): y = 2·x1 + 0.5·x2 + noise, x2 has 4.5× the spread of x1 ----
const N = 40;
const gauss = normal(rng(7));
const X: Vec2[] = [];
const Y: number[] = [];
for (let i = 0; i < N; i++) {
  const x1 = gauss();
  const x2 = 4.5 * gauss();
  X.push([x1, x2]);
  Y.push(2 * x1 + 0.5 * x2 + 0.3 * gauss());
}
const std = (k: 0 | 1) => {
  const m = X.reduce((s, x) => s + x[k], 0) / N;
  return { m, s: Math.sqrt(X.reduce((s, x) => s + (x[k] - m) ** 2, 0) / N) };
};
const s1 = std(0);
const s2 = std(1);
const XS: Vec2[] = X.map(([a, b]) => [(a - s1.m) / s1.s, (b - s2.m) / s2.s]);

function loss(xs: readonly Vec2[], ys: readonly number[], w: Vec2): number {
  let l = 0;
  for (let i = 0; i < xs.length; i++) {
    const [a, b] = xs[i] as Vec2;
    l += (w[0] * a + w[1] * b - (ys[i] as number)) ** 2;
  }
  return l / xs.length;
}
function grad(xs: readonly Vec2[], ys: readonly number[], w: Vec2): Vec2 {
  const g: Vec2 = [0, 0];
  for (let i = 0; i < xs.length; i++) {
    const [a, b] = xs[i] as Vec2;
    const e = w[0] * a + w[1] * b - (ys[i] as number);
    g[0] += (2 * e * a) / xs.length;
    g[1] += (2 * e * b) / xs.length;
  }
  return g;
}
function gd(
  xs: readonly Vec2[],
  w0: Vec2,
  lr: number | ((t: number) => number),
  steps: number,
): Vec2[] {
  const path: Vec2[] = [w0];
  let w = w0;
  for (let t = 0; t < steps; t++) {
    const g = grad(xs, Y, w);
    const eta = typeof lr === 'number' ? lr : lr(t);
    w = [w[0] - eta * g[0], w[1] - eta * g[1]];
    path.push(w);
  }
  return path;
}
function adagrad(xs: readonly Vec2[], w0: Vec2, lr: number, steps: number): Vec2[] {
  const path: Vec2[] = [w0];
  let w = w0;
  const acc: Vec2 = [0, 0];
  for (let t = 0; t < steps; t++) {
    const g = grad(xs, Y, w);
    acc[0] += g[0] ** 2;
    acc[1] += g[1] ** 2;
    w = [
      w[0] - (lr * g[0]) / Math.sqrt(acc[0] + 1e-12),
      w[1] - (lr * g[1]) / Math.sqrt(acc[1] + 1e-12),
    ];
    path.push(w);
  }
  return path;
}
function sgd(xs: readonly Vec2[], w0: Vec2, lr: number, epochs: number, seed: number): Vec2[] {
  const r = rng(seed);
  const path: Vec2[] = [w0];
  let w = w0;
  for (let e = 0; e < epochs; e++) {
    const order = xs.map((_, i) => i).sort(() => r() - 0.5);
    for (const i of order) {
      const g = grad([xs[i] as Vec2], [Y[i] as number], w);
      w = [w[0] - lr * g[0], w[1] - lr * g[1]];
      path.push(w);
    }
  }
  return path;
}

const unscaledSurface = {
  f: (a: number, b: number) => loss(X, Y, [a, b]),
  x: [-3, 7] as const,
  y: [-1.5, 2.5] as const,
};
const scaledSurface = {
  f: (a: number, b: number) => loss(XS, Y, [a, b]),
  x: [-3, 6] as const,
  y: [-3, 6] as const,
};
const startU: Vec2 = [-2.2, 2.1];
// Gradient descent on a quadratic diverges once η exceeds 2/λ_max of the Hessian 2·XᵀX/N.
const hessian = [0, 1, 3].map(
  (k) => (2 / N) * X.reduce((s, x) => s + (k === 1 ? x[0] * x[1] : (x[k >> 1] as number) ** 2), 0),
);
const [h11, h12, h22] = hessian as [number, number, number];
const lambdaMax = (h11 + h22) / 2 + Math.sqrt(((h11 - h22) / 2) ** 2 + h12 ** 2);
const etaMax = 2 / lambdaMax;
const sig2 = (v: number) => v.toPrecision(2);
const startS: Vec2 = [-2.2, 5.2];

function pictures(): Record<string, { svg: string; doc?: boolean }> {
  const out: Record<string, { svg: string; doc?: boolean }> = {};
  const common = {
    width: 620,
    xLabel: 'w1 (weight of x1)',
    yLabel: 'w2 (weight of x2)',
    colorbarLabel: 'loss',
    equalAspect: true,
    levels: 12,
    levelSpacing: 'log' as const,
  };
  out['feature-scaling-unscaled'] = {
    doc: true,
    svg: contourPlot(
      { ...unscaledSurface, resolution: [120, 60] },
      {
        ...common,
        idPrefix: 'unscaled',
        title: 'Unscaled features: a long ellipse',
        trajectories: [
          { name: 'gradient descent η=0.035', points: gd(X, startU, 0.035, 50), arrows: 4 },
          { name: 'Adagrad η=0.6', points: adagrad(X, startU, 0.6, 50), arrows: 4 },
        ],
      },
    ),
  };
  out['feature-scaling-scaled'] = {
    doc: true,
    svg: contourPlot(
      { ...scaledSurface, resolution: 80 },
      {
        ...common,
        idPrefix: 'scaled',
        title: 'Standardized features: close to a circle',
        trajectories: [
          { name: 'gradient descent η=0.3', points: gd(XS, startS, 0.3, 25), arrows: 3 },
          { name: 'Adagrad η=1', points: adagrad(XS, startS, 1, 25), arrows: 3 },
        ],
      },
    ),
  };
  const steps = 60;
  const curve = (lr: number | ((t: number) => number)) =>
    gd(X, startU, lr, steps).map((w) => loss(X, Y, w));
  out['learning-rates'] = {
    doc: true,
    svg: lineChart({
      idPrefix: 'lr',
      title: 'Tuning the learning rate',
      series: [
        { name: `η = ${sig2(0.05 * etaMax)} (too small)`, y: curve(0.05 * etaMax) },
        { name: `η = ${sig2(0.9 * etaMax)} (about right)`, y: curve(0.9 * etaMax) },
        { name: `η = ${sig2(1.03 * etaMax)} (too large)`, y: curve(1.03 * etaMax) },
        {
          name: `η = ${sig2(0.9 * etaMax)}/√(t+1)`,
          y: curve((t) => (0.9 * etaMax) / Math.sqrt(t + 1)),
          dash: '5 3',
        },
      ],
      yScale: 'log',
      xLabel: 'update',
      yLabel: 'loss',
      width: 640,
      height: 380,
    }),
  };
  out['sgd-vs-gd'] = {
    doc: true,
    svg: contourPlot(
      { ...scaledSurface, resolution: 80 },
      {
        ...common,
        idPrefix: 'sgd',
        title: 'Full batch vs stochastic, 3 epochs each',
        trajectories: [
          { name: 'full batch: 3 steps', points: gd(XS, startS, 0.1, 3), dots: true },
          {
            name: `SGD: ${3 * N} steps`,
            points: sgd(XS, startS, 0.05, 3, 3),
            strokeWidth: 1.2,
            dots: true,
          },
        ],
      },
    ),
  };
  // Pre-activations of one unit, z = w·x + b, with un-normalized inputs, before and after BN.
  const g2 = normal(rng(11));
  const z = Array.from({ length: 2000 }, () => 3.5 + 2.2 * g2() + 0.8 * g2() ** 2);
  const mu = z.reduce((s, v) => s + v, 0) / z.length;
  const sd = Math.sqrt(z.reduce((s, v) => s + (v - mu) ** 2, 0) / z.length);
  out['batchnorm-histogram'] = {
    doc: true,
    svg: histogram({
      idPrefix: 'bn',
      title: 'Pre-activations before and after Batch Normalization',
      series: [
        { name: `before (μ≈${mu.toFixed(1)}, σ≈${sd.toFixed(1)})`, values: z },
        { name: 'after (μ=0, σ=1)', values: z.map((v) => (v - mu) / sd) },
      ],
      bins: 48,
      xLabel: 'pre-activation z',
      yLabel: 'count',
      width: 640,
      height: 360,
    }),
  };
  // A circle dataset and a logistic model on (x², y²).
  const r3 = rng(5);
  const pts = Array.from({ length: 120 }, (_, i) => {
    const inner = i % 2 === 0;
    const rad = inner ? 2.2 * Math.sqrt(r3()) : 3.4 + 1.6 * r3();
    const a = 2 * Math.PI * r3();
    return {
      x: rad * Math.cos(a),
      y: rad * Math.sin(a),
      label: inner ? 1 : 0,
      set: i % 5 === 0 ? ('test' as const) : ('train' as const),
    };
  });
  const prob = (x: number, y: number) => 1 / (1 + Math.exp(-(2.2 * (9 - x * x - y * y)) / 3));
  out['decision-boundary'] = {
    doc: true,
    svg: decisionBoundary(
      { f: prob, x: [-6, 6], y: [-6, 6], points: pts },
      {
        idPrefix: 'db',
        title: 'Classifier output, circle dataset',
        xLabel: 'x1',
        yLabel: 'x2',
        equalAspect: true,
      },
    ),
  };
  out.heatmap = {
    svg: heatmap(
      { ...unscaledSurface, resolution: [100, 40] },
      { title: 'Loss surface as a heatmap', colorScheme: 'magma', xLabel: 'w1', yLabel: 'w2' },
    ),
  };
  out.scatter = {
    svg: scatter({
      title: 'Raw vs standardized features',
      series: [
        { name: 'raw (x1, x2)', points: X },
        { name: 'standardized', points: XS },
      ],
      xLabel: 'x1',
      yLabel: 'x2',
    }),
  };
  // micrograd's example expression, with gradients filled in, and a freed node.
  const leaf = (v: number, g: number): TensorLike => ({
    shape: [],
    dtype: 'float64',
    size: 1,
    requiresGrad: true,
    data: [v],
    gradFn: null,
    grad: {
      shape: [],
      dtype: 'float64',
      size: 1,
      requiresGrad: false,
      data: [g],
      gradFn: null,
      grad: null,
    },
  });
  const op = (
    name: string,
    inputs: TensorLike[],
    v: number,
    g: number,
    shape: number[] = [],
  ): TensorLike => ({
    ...leaf(v, g),
    shape,
    gradFn: { name, inputs },
  });
  const a = leaf(2, 6);
  const b = leaf(-3, -4);
  const c = leaf(10, -2);
  const e = op('mul', [a, b], -6, -2);
  const d = op('add', [e, c], 4, -2);
  const f = leaf(-2, 4);
  const L = op('mul', [d, f], -8, 1);
  out['computation-graph'] = {
    doc: true,
    svg: computationGraph(L, {
      idPrefix: 'cg',
      title: 'L = (a·b + c)·f',
      labels: new Map([
        [a, 'a'],
        [b, 'b'],
        [c, 'c'],
        [e, 'e'],
        [d, 'd'],
        [f, 'f'],
        [L, 'L'],
      ]),
    }),
  };
  const mat = (shape: number[], gradFn: TensorLike['gradFn'] = null): TensorLike => ({
    shape,
    dtype: 'float32',
    size: shape.reduce((p, q) => p * q, 1),
    requiresGrad: true,
    grad: null,
    gradFn,
    data: new Float32Array(shape.reduce((p, q) => p * q, 1)).map((_, i) => Math.sin(i + 1)),
  });
  const x = mat([32, 2]);
  const W = mat([2, 8]);
  const bias = mat([8]);
  const h = mat([32, 8], { name: 'matmul', inputs: [x, W] });
  const hb = mat([32, 8], { name: 'add', inputs: [h, bias] });
  const act = mat([32, 8], { name: 'relu', inputs: [hb] });
  const old = mat([32, 8], { name: 'tanh', inputs: [], released: true });
  const both = mat([32, 8], { name: 'mul', inputs: [act, old] });
  const loss1 = mat([], { name: 'mean', inputs: [both] });
  out['computation-graph-tensors'] = {
    svg: computationGraph(loss1, {
      title: 'mean(relu(x·W + b) · (freed))',
      labels: new Map([
        [x, 'x'],
        [W, 'W'],
        [bias, 'b'],
      ]),
    }),
  };
  const r4 = normal(rng(9));
  const layers = [2, 4, 3, 1];
  const weights = layers
    .slice(1)
    .map((n, l) =>
      Array.from({ length: n }, () => Array.from({ length: layers[l] as number }, () => r4())),
    );
  out['network-diagram'] = {
    doc: true,
    svg: networkDiagram({
      idPrefix: 'net',
      title: 'A 2-4-3-1 network',
      layers,
      weights,
      labels: ['input', 'hidden 1', 'hidden 2', 'output'],
      unitLabels: [['x1', 'x2'], undefined, undefined, ['ŷ']],
    }),
  };
  out['network-diagram-wide'] = {
    svg: networkDiagram({
      title: 'MNIST-sized layers',
      layers: [784, 32, 10],
      labels: ['pixels', 'hidden', 'digits'],
    }),
  };
  return out;
}

export async function main(opts: {
  outDir: string;
  docsDir: string;
  docs: boolean;
}): Promise<void> {
  for (const [name, { svg, doc }] of Object.entries(pictures())) {
    await writeSvg(join(opts.outDir, `${name}.svg`), svg);
    await writePng(join(opts.outDir, `${name}.png`), svg, { scale: 2 });
    const kb = Buffer.byteLength(svg) / 1024;
    if (opts.docs && doc) {
      if (kb >= 60)
        throw new Error(`${name}.svg is ${kb.toFixed(1)} KB; docs SVGs must stay under 60 KB`);
      await writeSvg(join(opts.docsDir, `${name}.svg`), svg);
    }
    console.log(
      `${name.padEnd(28)} ${kb.toFixed(1).padStart(6)} KB${opts.docs && doc ? '  (docs)' : ''}`,
    );
  }
}
