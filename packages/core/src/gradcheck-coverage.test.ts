/**
 * Every differentiable op of the public API against central finite differences (`gradcheck`,
 * float64), over shapes that exercise broadcasting, size-1 dims and 0-d tensors; second
 * derivatives (`gradgradcheck`) for the ops whose backward is itself differentiated; and a
 * test that fails when a new op is exported without an entry in the coverage table.
 */
import { describe, expect, it } from 'vitest';
import { describeEachBackend } from './__fixtures__/backends.js';
import * as core from './index.js';
import {
  autograd,
  type CheckedFunction,
  Generator,
  GradcheckError,
  gradcheck,
  gradgradcheck,
  type Tensor,
  tensor,
} from './index.js';

const gen = new Generator(20240611);

/** A float64 leaf requiring grad, with values produced by `value(i)`. */
function leaf(shape: readonly number[], value: (i: number) => number): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tensor(
    Float64Array.from({ length: size }, (_, i) => value(i)),
    { shape, requiresGrad: true },
  );
}
/** Uniform in [low, high). */
const uni = (shape: readonly number[], low = -1.5, high = 1.5): Tensor =>
  leaf(shape, () => low + (high - low) * gen.random());
/** Magnitude in [low, high) with a random sign: away from 0 (kinks of abs/relu, poles of 1/x). */
const away = (shape: readonly number[], low = 0.3, high = 1.5): Tensor =>
  leaf(shape, () => (gen.random() < 0.5 ? -1 : 1) * (low + (high - low) * gen.random()));
/** Whole number plus a fraction in [0.15, 0.35]: away from the jumps of floor/ceil/round. */
const offGrid = (shape: readonly number[]): Tensor =>
  leaf(shape, () => gen.integer(-3, 3) + 0.15 + 0.2 * gen.random());
/** All values distinct by at least 0.05 (no ties for max/min/amax, even after eps steps). */
function distinct(shape: readonly number[], slot = 0, slots = 1): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const order = shuffled(size);
  return leaf(shape, (i) => ((order[i] as number) * slots + slot) * 0.1 - 1 + 0.04 * gen.random());
}
function shuffled(n: number): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = gen.integer(0, i + 1);
    [out[i], out[j]] = [out[j] as number, out[i] as number];
  }
  return out;
}
/** Uniform values pushed at least `margin` away from each of `points`. */
function avoiding(
  shape: readonly number[],
  points: readonly number[],
  low = -1.5,
  high = 1.5,
  margin = 0.05,
): Tensor {
  return leaf(shape, () => {
    let v = low + (high - low) * gen.random();
    for (const p of points) if (Math.abs(v - p) < margin) v = p + (v < p ? -margin : margin);
    return v;
  });
}
const int32 = (values: number[], shape?: number[]): Tensor =>
  tensor(Int32Array.from(values), { shape: shape ?? [values.length] });
const bool = (values: boolean[], shape?: number[]): Tensor =>
  tensor(
    Uint8Array.from(values, (v) => (v ? 1 : 0)),
    { shape: shape ?? [values.length], dtype: 'bool' },
  );

interface Case {
  label: string;
  fn: CheckedFunction;
  inputs: Tensor[];
  eps?: number;
}
type Cases = () => Case[];

const UNARY_SHAPES: number[][] = [[], [1], [2, 3], [2, 1, 3]];
/** Operand shapes for binary ops: equal, two-sided broadcast, 0-d with n-d, size-1 dims. */
const BINARY_SHAPES: [number[], number[]][] = [
  [
    [2, 3],
    [2, 3],
  ],
  [
    [2, 1, 3],
    [4, 1],
  ],
  [[], [3]],
  [[3, 2], []],
  [[1], [2, 1]],
  [[], []],
];

function unary(f: (x: Tensor) => Tensor, make: (shape: number[]) => Tensor = (s) => uni(s)): Cases {
  return () => UNARY_SHAPES.map((shape) => ({ label: `[${shape}]`, fn: f, inputs: [make(shape)] }));
}
function binary(
  f: (a: Tensor, b: Tensor) => Tensor,
  makeA: (shape: number[]) => Tensor = (s) => uni(s),
  makeB: (shape: number[]) => Tensor = (s) => uni(s),
): Cases {
  return () =>
    BINARY_SHAPES.map(([sa, sb]) => ({
      label: `[${sa}] & [${sb}]`,
      fn: f,
      inputs: [makeA(sa), makeB(sb)],
    }));
}
const one = (label: string, fn: CheckedFunction, ...inputs: Tensor[]): Case => ({
  label,
  fn,
  inputs,
});

/** Reductions take dims as one dim, a list, negatives, all (undefined / []), with and without keepDim. */
const DIM_VARIANTS: { label: string; dim: number | number[] | undefined; keepDim: boolean }[] = [
  { label: 'all', dim: undefined, keepDim: false },
  { label: 'dim 1', dim: 1, keepDim: false },
  { label: 'dim -1 keepDim', dim: -1, keepDim: true },
  { label: 'dims [0,2]', dim: [0, 2], keepDim: false },
  { label: 'dims [-1,-3] keepDim', dim: [-1, -3], keepDim: true },
  { label: 'dims []', dim: [], keepDim: false },
];
function reduction(
  f: (x: Tensor, dim: number | number[] | undefined, keepDim: boolean) => Tensor,
  make: (shape: number[]) => Tensor = (s) => uni(s),
  zeroD = true,
): Cases {
  // var/std pass zeroD = false: over one element their correction-1 result is 0/0 (NaN, as PyTorch).
  return () => [
    ...DIM_VARIANTS.map((v) =>
      one(`[2,3,4] ${v.label}`, (x) => f(x, v.dim, v.keepDim), make([2, 3, 4])),
    ),
    ...(zeroD ? [one('[3,1] dim 1 (size 1)', (x) => f(x, 1, false), make([3, 1]))] : []),
    ...(zeroD
      ? [
          one('0-d', (x) => f(x, undefined, false), make([])),
          one('0-d dim 0', (x) => f(x, 0, true), make([])),
        ]
      : []),
  ];
}

/**
 * The coverage table: one entry per differentiable export of `index.ts`, keyed by its name.
 * Each entry calls that export (not a method alias) on inputs chosen away from kinks and ties.
 */
const coverage: Record<string, Cases> = {
  // Elementwise, one operand.
  neg: unary(core.neg),
  exp: unary(core.exp),
  expm1: unary(core.expm1),
  log: unary(core.log, (s) => uni(s, 0.3, 2)),
  log1p: unary(core.log1p, (s) => uni(s, -0.7, 2)),
  sqrt: unary(core.sqrt, (s) => uni(s, 0.3, 2)),
  rsqrt: unary(core.rsqrt, (s) => uni(s, 0.3, 2)),
  reciprocal: unary(core.reciprocal, (s) => away(s)),
  abs: unary(core.abs, (s) => away(s)),
  square: unary(core.square),
  sin: unary(core.sin),
  cos: unary(core.cos),
  sigmoid: unary(core.sigmoid, (s) => uni(s, -4, 4)),
  tanh: unary(core.tanh),
  relu: unary(core.relu, (s) => away(s)),
  leakyRelu: () => [
    ...unary(
      (x) => core.leakyRelu(x),
      (s) => away(s),
    )(),
    one('slope 0.2 [2,3]', (x) => core.leakyRelu(x, 0.2), away([2, 3])),
  ],
  softplus: () => [
    ...unary(
      (x) => core.softplus(x),
      (s) => uni(s, -3, 3),
    )(),
    // beta 2, threshold 1: the linear branch for x > 0.5, log1p(exp) below; both sides present.
    one(
      'beta 2 threshold 1, both sides',
      (x) => core.softplus(x, { beta: 2, threshold: 1 }),
      avoiding([3, 4], [0.5]),
    ),
    one('above default threshold', (x) => core.softplus(x), uni([4], 21, 25)),
    one('beta -1', (x) => core.softplus(x, { beta: -1 }), uni([4])),
  ],
  clamp: () => [
    one('[2,3] min & max', (x) => core.clamp(x, -0.5, 0.5), avoiding([2, 3], [-0.5, 0.5])),
    one('[4] min only', (x) => core.clamp(x, 0.2), avoiding([4], [0.2])),
    one('[4] max only', (x) => core.clamp(x, null, 0.2), avoiding([4], [0.2])),
    one('0-d', (x) => core.clamp(x, -0.5, 0.5), avoiding([], [-0.5, 0.5])),
  ],
  sign: unary(core.sign, (s) => away(s)),
  floor: unary(core.floor, offGrid),
  ceil: unary(core.ceil, offGrid),
  round: unary(core.round, offGrid),

  // Elementwise, two operands (with broadcasting and scalars).
  add: () => [
    ...binary(core.add)(),
    one('tensor + number', (a) => core.add(a, 2.5), uni([3])),
    one('number + tensor', (a) => core.add(2.5, a), uni([3])),
  ],
  sub: () => [...binary(core.sub)(), one('number - tensor', (a) => core.sub(1, a), uni([2, 2]))],
  mul: () => [
    ...binary(core.mul)(),
    one('x * x (same tensor twice)', (a) => core.mul(a, a), uni([3])),
  ],
  div: () => [
    ...binary(
      core.div,
      (s) => uni(s),
      (s) => away(s),
    )(),
    one('number / tensor', (a) => core.div(2, a), away([3])),
  ],
  pow: () => [
    // Tensor base and tensor exponent: gradients for both.
    ...binary(
      core.pow,
      (s) => uni(s, 0.3, 2),
      (s) => uni(s, -2, 2),
    )(),
    one('scalar exponent 3', (a) => core.pow(a, 3), uni([2, 3])),
    one('scalar exponent -0.5', (a) => core.pow(a, -0.5), uni([4], 0.3, 2)),
    one('scalar base', (b) => core.pow(2, b), uni([4])),
    one('negative base, integer exponent', (a) => core.pow(a, 2), uni([4], -2, -0.5)),
  ],
  maximum: () => [
    ...BINARY_SHAPES.map(([sa, sb]) =>
      one(`[${sa}] & [${sb}]`, core.maximum, distinct(sa, 0, 2), distinct(sb, 1, 2)),
    ),
    one('tensor & number', (a) => core.maximum(a, 0.025), distinct([2, 3], 0, 2)),
  ],
  minimum: () => [
    ...BINARY_SHAPES.map(([sa, sb]) =>
      one(`[${sa}] & [${sb}]`, core.minimum, distinct(sa, 0, 2), distinct(sb, 1, 2)),
    ),
    one('tensor & number', (a) => core.minimum(a, 0.025), distinct([2, 3], 0, 2)),
  ],
  where: () => [
    one(
      'same shapes',
      (a, b) => core.where(bool([true, false, true, false, false, true], [2, 3]), a, b),
      uni([2, 3]),
      uni([2, 3]),
    ),
    one(
      'broadcast cond [3], a [2,1], b [1,3]',
      (a, b) => core.where(bool([true, false, true]), a, b),
      uni([2, 1]),
      uni([1, 3]),
    ),
    one('b a number', (a) => core.where(bool([false, true]), a, 0), uni([3, 2])),
    one('a a number, 0-d b', (b) => core.where(bool([false, true]), 7, b), uni([])),
  ],

  // Reductions.
  sum: reduction((x, d, k) => core.sum(x, d, k)),
  mean: reduction((x, d, k) => core.mean(x, d, k)),
  var_: () => [
    ...reduction(
      (x, d, k) => core.var_(x, d, { keepDim: k }),
      (s) => uni(s),
      false,
    )(),
    one('correction 0', (x) => core.var_(x, 1, { correction: 0 }), uni([2, 3])),
    one(
      'unbiased false, dims [0,1]',
      (x) => core.var_(x, [0, 1], { unbiased: false }),
      uni([2, 3, 2]),
    ),
    one(
      'correction 2, keepDim',
      (x) => core.var_(x, -1, { correction: 2, keepDim: true }),
      uni([2, 5]),
    ),
    one(
      'size-1 dim, correction 0 (zero variance)',
      (x) => core.var_(x, 1, { correction: 0 }),
      uni([3, 1]),
    ),
  ],
  var: () => [
    one('[3,4] dim 0', (x) => core.var(x, 0), uni([3, 4])),
    one('method x.var()', (x) => x.var(), uni([5])),
  ],
  std: () => [
    ...reduction(
      (x, d, k) => core.std(x, d, { keepDim: k }),
      (s) => uni(s),
      false,
    )(),
    one('correction 0', (x) => core.std(x, 0, { correction: 0 }), uni([4, 2])),
  ],
  amax: reduction(
    (x, d, k) => core.amax(x, d, k),
    (s) => distinct(s),
  ),
  amin: reduction(
    (x, d, k) => core.amin(x, d, k),
    (s) => distinct(s),
  ),
  max: () => [
    one('all', (x) => core.max(x), distinct([2, 3])),
    one('dim 1 values', (x) => core.max(x, 1).values, distinct([2, 3, 4])),
    one('dim -1 keepDim values', (x) => core.max(x, -1, true).values, distinct([2, 3, 4])),
    one(
      'values and (int) indices',
      (x) => {
        const r = core.max(x, 0);
        return [r.values, r.indices];
      },
      distinct([3, 2]),
    ),
    one('0-d dim 0', (x) => core.max(x, 0).values, distinct([])),
  ],
  min: () => [
    one('all', (x) => core.min(x), distinct([2, 3])),
    one('dim 0 values', (x) => core.min(x, 0).values, distinct([2, 3, 4])),
    one('dim -2 keepDim values', (x) => core.min(x, -2, true).values, distinct([2, 3, 4])),
    one('size-1 dim', (x) => core.min(x, 1).values, distinct([3, 1])),
  ],
  logSumExp: () => [
    ...DIM_VARIANTS.filter((v) => v.dim !== undefined).map((v) =>
      one(
        `[2,3,4] ${v.label}`,
        (x) => core.logSumExp(x, v.dim as number | number[], v.keepDim),
        uni([2, 3, 4]),
      ),
    ),
    one('large logits', (x) => core.logSumExp(x, 0), uni([3], 500, 501)),
    one('0-d', (x) => core.logSumExp(x, 0), uni([])),
  ],
  softmax: () => [
    one('[2,3,4] dim 1', (x) => core.softmax(x, 1), uni([2, 3, 4])),
    one('[2,3,4] dim -1', (x) => core.softmax(x, -1), uni([2, 3, 4])),
    one('[3,4] dim 0', (x) => core.softmax(x, 0), uni([3, 4])),
    one('[3,1] dim 1 (size 1)', (x) => core.softmax(x, 1), uni([3, 1])),
    one('0-d', (x) => core.softmax(x, 0), uni([])),
  ],
  logSoftmax: () => [
    one('[2,3,4] dim 1', (x) => core.logSoftmax(x, 1), uni([2, 3, 4])),
    one('[2,3,4] dim -1', (x) => core.logSoftmax(x, -1), uni([2, 3, 4])),
    one('[3,4] dim 0', (x) => core.logSoftmax(x, 0), uni([3, 4])),
    one('large logits', (x) => core.logSoftmax(x, 0), uni([3], -1000, -999)),
    one('0-d', (x) => core.logSoftmax(x, 0), uni([])),
  ],

  // Linear algebra: every form of matmul.
  matmul: () =>
    (
      [
        [[3], [3]],
        [[3], [3, 2]],
        [[2, 3], [3]],
        [
          [2, 3],
          [3, 4],
        ],
        [
          [1, 3],
          [3, 1],
        ],
        [
          [2, 2, 3],
          [2, 3, 4],
        ],
        [
          [2, 2, 3],
          [3, 4],
        ],
        [
          [2, 3],
          [2, 3, 4],
        ],
        [[3], [2, 3, 2]],
        [[2, 2, 3], [3]],
        [
          [2, 1, 2, 3],
          [3, 3, 2],
        ],
        [
          [1, 2, 3],
          [2, 3, 2],
        ],
        [
          [2, 1, 2, 3],
          [1, 2, 3, 2],
        ],
      ] as [number[], number[]][]
    ).map(([sa, sb]) => one(`[${sa}] @ [${sb}]`, core.matmul, uni(sa), uni(sb))),
  linear: () => [
    one('[2,3] with bias', (x, w, b) => core.linear(x, w, b), uni([2, 3]), uni([4, 3]), uni([4])),
    one('[2,3] no bias', (x, w) => core.linear(x, w), uni([2, 3]), uni([4, 3])),
    one(
      '[3] (1-d input) with bias',
      (x, w, b) => core.linear(x, w, b),
      uni([3]),
      uni([2, 3]),
      uni([2]),
    ),
    one(
      '[2,2,3] batched, null bias',
      (x, w) => core.linear(x, w, null),
      uni([2, 2, 3]),
      uni([2, 3]),
    ),
  ],
  vectorNorm: () => [
    one('ord 2 [2,3]', (x) => core.vectorNorm(x), away([2, 3])),
    one('ord 1 [4]', (x) => core.vectorNorm(x, 1), away([4])),
    one('ord 3 [2,2]', (x) => core.vectorNorm(x, 3), away([2, 2])),
    one('ord 0.5 [3]', (x) => core.vectorNorm(x, 0.5), away([3])),
    one('ord Infinity [5]', (x) => core.vectorNorm(x, Infinity), distinct([5])),
    one('ord 2 0-d', (x) => core.vectorNorm(x), away([])),
  ],
  nativeBatchNorm: () => [
    one('[5,3]', (x) => core.nativeBatchNorm(x, null, null, null, null, 0.1, 1e-5), uni([5, 3])),
    one(
      '[4,3] with weight and bias',
      (x, w, b) => core.nativeBatchNorm(x, w, b, null, null, 0.1, 1e-5),
      uni([4, 3]),
      uni([3], 0.5, 2),
      uni([3]),
    ),
    one(
      '[3,2,4] (N,C,L) with weight',
      (x, w) => core.nativeBatchNorm(x, w, null, null, null, 0.1, 1e-3),
      uni([3, 2, 4]),
      uni([2], 0.5, 2),
    ),
  ],
  dot: () => [
    one('[4]·[4]', core.dot, uni([4]), uni([4])),
    one('[1]·[1]', core.dot, uni([1]), uni([1])),
  ],
  outer: () => [
    one('[2]⊗[3]', core.outer, uni([2]), uni([3])),
    one('[1]⊗[2]', core.outer, uni([1]), uni([2])),
  ],

  // Shape ops.
  reshape: () => [
    one('[2,3] -> [3,2]', (x) => core.reshape(x, [3, 2]), uni([2, 3])),
    one('[6] -> [-1,2]', (x) => core.reshape(x, [-1, 2]), uni([6])),
    one('0-d -> [1,1]', (x) => core.reshape(x, [1, 1]), uni([])),
    one('same shape', (x) => core.reshape(x, [2, 2]), uni([2, 2])),
  ],
  view: () => [
    one('[2,3,2] -> [6,2]', (x) => core.view(x, [6, 2]), uni([2, 3, 2])),
    one('[1] -> []', (x) => core.view(x, []), uni([1])),
  ],
  flatten: () => [
    one('all', (x) => core.flatten(x), uni([2, 3, 2])),
    one('startDim 1', (x) => core.flatten(x, 1), uni([2, 3, 2])),
    one('dims 0..1', (x) => core.flatten(x, 0, 1), uni([2, 3, 2])),
    one('0-d', (x) => core.flatten(x), uni([])),
  ],
  squeeze: () => [
    one('all size-1 dims', (x) => core.squeeze(x), uni([2, 1, 3, 1])),
    one('dim -1', (x) => core.squeeze(x, -1), uni([2, 1, 3, 1])),
    one('dim of size 2 (no-op)', (x) => core.squeeze(x, 0), uni([2, 1])),
    one('[1] -> 0-d', (x) => core.squeeze(x), uni([1])),
  ],
  unsqueeze: () => [
    one('dim 0', (x) => core.unsqueeze(x, 0), uni([2, 3])),
    one('dim -1', (x) => core.unsqueeze(x, -1), uni([2, 3])),
    one('0-d', (x) => core.unsqueeze(x, 0), uni([])),
  ],
  transpose: () => [
    one('0,2 of [2,3,4]', (x) => core.transpose(x, 0, 2), uni([2, 3, 4])),
    one('-1,-2', (x) => core.transpose(x, -1, -2), uni([2, 3, 2])),
    one('same dim', (x) => core.transpose(x, 1, 1), uni([2, 3])),
  ],
  t: () => [
    one('2-d', (x) => core.t(x), uni([2, 3])),
    one('1-d', (x) => core.t(x), uni([3])),
    one('0-d', (x) => core.t(x), uni([])),
  ],
  permute: () => [
    one('[2,0,1]', (x) => core.permute(x, [2, 0, 1]), uni([2, 3, 4])),
    one('negative dims', (x) => core.permute(x, [-1, 0, -2]), uni([2, 3, 4])),
    one('identity', (x) => core.permute(x, [0, 1]), uni([2, 3])),
  ],
  expand: () => [
    one('[3,1] -> [2,3,4]', (x) => core.expand(x, [2, 3, 4]), uni([3, 1])),
    one('-1 keeps a dim', (x) => core.expand(x, [-1, 3]), uni([2, 1])),
    one('0-d -> [2,2]', (x) => core.expand(x, [2, 2]), uni([])),
  ],
  broadcastTo: () => [
    one('[3] -> [2,3]', (x) => core.broadcastTo(x, [2, 3]), uni([3])),
    one('[2,1,1] -> [2,2,3]', (x) => core.broadcastTo(x, [2, 2, 3]), uni([2, 1, 1])),
  ],
  cat: () => [
    one(
      'dim 0, three parts',
      (a, b, c) => core.cat([a, b, c], 0),
      uni([2, 3]),
      uni([1, 3]),
      uni([3, 3]),
    ),
    one('dim -1', (a, b) => core.cat([a, b], -1), uni([2, 2, 1]), uni([2, 2, 3])),
    one('same tensor twice', (a) => core.cat([a, a], 1), uni([2, 2])),
  ],
  stack: () => [
    one('dim 0', (a, b) => core.stack([a, b], 0), uni([2, 3]), uni([2, 3])),
    one('dim -1', (a, b, c) => core.stack([a, b, c], -1), uni([2]), uni([2]), uni([2])),
    one('0-d tensors', (a, b) => core.stack([a, b]), uni([]), uni([])),
  ],
  split: () => [
    one('size 2 of 5 (ragged last)', (x) => core.split(x, 2), uni([5, 2])),
    one('sections [1,3] dim 1', (x) => core.split(x, [1, 3], 1), uni([2, 4])),
    one('dim -1, one piece unused', (x) => core.split(x, 2, -1)[1] as Tensor, uni([2, 4])),
  ],
  chunk: () => [
    one('3 chunks of 7', (x) => core.chunk(x, 3), uni([7])),
    one('2 chunks dim 1', (x) => core.chunk(x, 2, 1), uni([2, 4])),
  ],

  // Indexing.
  slice: () => [
    one('start/stop/step', (x) => core.slice(x, [{ start: 1, stop: 5, step: 2 }]), uni([6, 2])),
    one('negative bounds', (x) => core.slice(x, [null, { start: -3, stop: -1 }]), uni([2, 5])),
    one('integer index drops the dim', (x) => core.slice(x, [-1, { step: 2 }]), uni([3, 5])),
    one('stop beyond the end', (x) => core.slice(x, [{ start: 2, stop: 100, step: 3 }]), uni([9])),
    one('empty result', (x) => core.slice(x, [{ start: 2, stop: 1 }]), uni([3])),
    one('all integer indices -> 0-d', (x) => core.slice(x, [1, -2]), uni([2, 3])),
  ],
  narrow: () => [
    one('dim 0', (x) => core.narrow(x, 0, 1, 2), uni([4, 2])),
    one('negative dim and start', (x) => core.narrow(x, -1, -3, 2), uni([2, 5])),
  ],
  select: () => [
    one('dim 1', (x) => core.select(x, 1, 2), uni([2, 3, 2])),
    one('negative dim and index', (x) => core.select(x, -1, -1), uni([2, 3])),
    one('1-d -> 0-d', (x) => core.select(x, 0, 1), uni([3])),
  ],
  indexSelect: () => [
    one('dim 0 with repeats', (x) => core.indexSelect(x, 0, int32([2, 0, 2, 2])), uni([3, 2])),
    one('dim -1', (x) => core.indexSelect(x, -1, int32([1, 3])), uni([2, 2, 4])),
    one('empty index', (x) => core.indexSelect(x, 0, int32([])), uni([3])),
  ],
  gather: () => [
    one(
      'dim 0 with repeats',
      (x) => core.gather(x, 0, int32([0, 2, 1, 2, 2, 0], [3, 2])),
      uni([3, 2]),
    ),
    one(
      'dim 1, index smaller than input',
      (x) => core.gather(x, 1, int32([3, 3, 0, 1], [2, 2])),
      uni([3, 4]),
    ),
    one(
      'dim -1 of 3-d',
      (x) => core.gather(x, -1, int32([1, 0, 0, 0, 1, 1, 1, 1], [2, 2, 2])),
      uni([2, 2, 3]),
    ),
  ],
  scatterAdd: () => [
    one(
      'dim 0, grads for x and src',
      (x, src) => core.scatterAdd(x, 0, int32([0, 2, 0, 0], [2, 2]), src),
      uni([3, 2]),
      uni([2, 2]),
    ),
    one(
      'dim 1, src larger than index',
      (x, src) => core.scatterAdd(x, 1, int32([2, 2, 1], [1, 3]), src),
      uni([2, 3]),
      uni([2, 4]),
    ),
    one(
      'only src requires grad',
      (src) => core.scatterAdd(core.zeros([4], { dtype: 'float64' }), 0, int32([3, 3, 1]), src),
      uni([3]),
    ),
  ],
  indexAdd: () => [
    one(
      'dim 0 repeated, grads for base and src',
      (b, s) => core.indexAdd(b, 0, int32([1, 1, 0]), s),
      uni([3, 2]),
      uni([3, 2]),
    ),
    one('dim -1', (b, s) => core.indexAdd(b, -1, int32([2, 0]), s), uni([2, 3]), uni([2, 2])),
  ],
  maskedFill: () => [
    one(
      'same shape mask',
      (x) => core.maskedFill(x, bool([true, false, false, true]), 0.5),
      uni([4]),
    ),
    one(
      'broadcast mask [3]',
      (x) => core.maskedFill(x, bool([false, true, false]), -2),
      uni([2, 3]),
    ),
    one(
      'tensor value',
      (x, v) => core.maskedFill(x, bool([false, true, false]), v),
      uni([2, 3]),
      uni([]),
    ),
  ],
  maskedSelect: () => [
    one(
      'same shape mask',
      (x) => core.maskedSelect(x, bool([true, false, true, true], [2, 2])),
      uni([2, 2]),
    ),
    one(
      'broadcast mask [3] over [2,3]',
      (x) => core.maskedSelect(x, bool([true, false, true])),
      uni([2, 3]),
    ),
    one(
      'broadcast x [3] over mask [2,3]',
      (x) => core.maskedSelect(x, bool([true, false, true, false, true, true], [2, 3])),
      uni([3]),
    ),
  ],
};

/**
 * Exports that are not differentiable ops: constructors, comparisons, index-valued reductions,
 * modes, classes and the testing helpers themselves. A new export must be added either here or
 * to the coverage table.
 */
const NOT_DIFFERENTIABLE = new Set([
  'Tensor',
  // Makes ops rather than being one; custom-function.test.ts gradchecks what it makes.
  'defineFunction',
  'promoteTypes',
  'AnomalyError',
  'AutogradError',
  'DescentError',
  'DTypeError',
  'GradcheckError',
  'IndexError',
  'ShapeError',
  'ValueError',
  'Generator',
  'defaultGenerator',
  'manualSeed',
  'arange',
  'eye',
  'full',
  'fullLike',
  'linspace',
  'ones',
  'onesLike',
  'rand',
  'randint',
  'randLike',
  'randn',
  'randnLike',
  'randperm',
  'tensor',
  'zeros',
  'zerosLike',
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'isFinite',
  'logicalAnd',
  'logicalNot',
  'logicalOr',
  'argmax',
  'argmin',
  'enableGrad',
  'isGradEnabled',
  'noGrad',
  'setGradEnabled',
  'detectAnomaly',
  'isAnomalyEnabled',
  'Node',
  'grad',
  'valueAndGrad',
  'autograd',
  'gradcheck',
  'gradgradcheck',
  'backend',
  'setBackend',
  'registerBackend',
  'listBackends',
  'cpuBackend',
  'checkedBackend',
  'Storage',
  // Optimizer updates, outside the graph (optim tests them bit for bit against tensor ops).
  'fusedSgd_',
  'fusedAdagrad_',
  'fusedRmsprop_',
  'fusedAdam_',
]);

describeEachBackend('gradcheck-coverage', () => {
  describe('coverage table', () => {
    it('lists every differentiable export (add new ops here or to NOT_DIFFERENTIABLE)', () => {
      const missing = Object.keys(core).filter(
        (name) => !NOT_DIFFERENTIABLE.has(name) && !(name in coverage),
      );
      expect(missing).toEqual([]);
    });
    it('names only real, function-valued exports', () => {
      const exports = core as unknown as Record<string, unknown>;
      for (const name of Object.keys(coverage)) expect(typeof exports[name], name).toBe('function');
      for (const name of NOT_DIFFERENTIABLE) expect(name in exports, name).toBe(true);
    });
    it('gradcheck itself rejects a wrong gradient', () => {
      const x = uni([3]);
      // detach() hides half of the product rule: autograd sees x, finite differences see 2x.
      expect(() => gradcheck((a) => a.detach().mul(a), [x])).toThrow(GradcheckError);
      expect(gradcheck((a) => a.detach().mul(a), [x], { raiseException: false })).toBe(false);
    });
  });

  describe.each(Object.entries(coverage))('gradcheck %s', (_name, cases) => {
    it.each(cases().map((c) => [c.label, c] as const))('%s', (_label, c) => {
      expect(gradcheck(c.fn, c.inputs, c.eps ? { eps: c.eps } : {})).toBe(true);
    });
  });

  // Every case again at second order (fresh inputs): each gradient formula is itself differentiable.
  describe.each(Object.entries(coverage))('gradgradcheck %s', (_name, cases) => {
    it.each(cases().map((c) => [c.label, c] as const))('%s', (_label, c) => {
      expect(gradgradcheck(c.fn, c.inputs)).toBe(true);
    });
  });

  describe('gradcheck of Tensor conversions', () => {
    it('clone stays in the graph', () => {
      expect(gradcheck((x) => x.clone().mul(x), [uni([2, 3])])).toBe(true);
    });
    it("to('float64') on a float64 tensor is the identity", () => {
      expect(gradcheck((x) => x.to('float64').square(), [uni([3])])).toBe(true);
    });
    it('a float32 round trip passes the gradient through (eps sized for float32 rounding)', () => {
      const opts = { eps: 1e-2, atol: 1e-4 };
      expect(gradcheck((x) => x.to('float32').mul(3).to('float64'), [uni([2, 2])], opts)).toBe(
        true,
      );
    });
  });

  describe('gradgradcheck (second order)', () => {
    const cases: Case[] = [
      one('tanh', core.tanh, uni([2, 3])),
      one('sigmoid', core.sigmoid, uni([2, 3])),
      one('exp', core.exp, uni([3])),
      one('log', core.log, uni([3], 0.5, 2)),
      one('pow, tensor exponent', core.pow, uni([2, 2], 0.5, 2), uni([2], -1.5, 2)),
      one('pow, scalar exponent', (x) => core.pow(x, 3), uni([3])),
      one('matmul', core.matmul, uni([2, 3]), uni([3, 2])),
      one('batched matmul', core.matmul, uni([2, 2, 3]), uni([3, 2])),
      one('softmax', (x) => core.softmax(x, -1), uni([2, 3])),
      one('logSoftmax', (x) => core.logSoftmax(x, 0), uni([3, 2])),
      one('logSumExp', (x) => core.logSumExp(x, [0, 1]), uni([2, 3])),
      one('mul (broadcast)', core.mul, uni([2, 3]), uni([3])),
      one('div', core.div, uni([2, 2]), away([2, 2])),
      one('sqrt', core.sqrt, uni([3], 0.5, 2)),
      one('var', (x) => core.var_(x, 1), uni([2, 4])),
      one('std', (x) => core.std(x), uni([5])),
      one('linear', (x, w, b) => core.linear(x, w, b), uni([2, 3]), uni([2, 3]), uni([2])),
      one('permute', (x) => core.permute(x, [1, 0]).square(), uni([2, 3])),
      one('slice with step', (x) => core.slice(x, [{ step: 2 }]).exp(), uni([5])),
      one('gather', (x) => core.gather(x, 1, int32([1, 0, 2, 2], [2, 2])).square(), uni([2, 3])),
      one('cat', (a, b) => core.cat([a, b]).tanh(), uni([2]), uni([3])),
      one('amax', (x) => core.amax(x, 1).square(), distinct([2, 3])),
    ];
    it.each(cases.map((c) => [c.label, c] as const))('%s', (_label, c) => {
      expect(gradgradcheck(c.fn, c.inputs)).toBe(true);
    });

    it('d²/dx² tanh(x) = -2·tanh(x)·(1 - tanh²(x)), via autograd.grad with createGraph twice', () => {
      const points = [-2, -0.7, 0, 0.3, 1.5];
      const x = tensor(Float64Array.from(points), { requiresGrad: true });
      const [dy] = autograd.grad(core.tanh(x).sum(), [x], { createGraph: true });
      const [d2y] = autograd.grad((dy as Tensor).sum(), [x]);
      const got = Array.from((d2y as Tensor).dataSync());
      points.forEach((p, i) => {
        const t = Math.tanh(p);
        expect(got[i]).toBeCloseTo(-2 * t * (1 - t * t), 12);
      });
      // First derivative, for completeness: 1 - tanh².
      expect(Array.from((dy as Tensor).dataSync())).toEqual(
        points.map((p) => expect.closeTo(1 - Math.tanh(p) ** 2, 12)),
      );
    });

    it('third derivative of x³ is 6 (grad of a grad of a grad)', () => {
      const x = tensor(Float64Array.of(1.7), { requiresGrad: true });
      const [d1] = autograd.grad(x.pow(3).sum(), [x], { createGraph: true });
      const [d2] = autograd.grad((d1 as Tensor).sum(), [x], { createGraph: true });
      const [d3] = autograd.grad((d2 as Tensor).sum(), [x]);
      expect((d1 as Tensor).item()).toBeCloseTo(3 * 1.7 ** 2, 12);
      expect((d2 as Tensor).item()).toBeCloseTo(6 * 1.7, 12);
      expect((d3 as Tensor).item()).toBeCloseTo(6, 12);
    });
  });
});
