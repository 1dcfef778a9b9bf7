import { castTo } from '../ops/cast.js';
import { zeros } from '../ops/create.js';
import {
  add,
  cos,
  div,
  eq,
  ge,
  gt,
  le,
  log,
  logicalAnd,
  lt,
  mul,
  neg,
  pow,
  sigmoid,
  sign,
  sin,
  square,
  sub,
  where,
} from '../ops/elementwise.js';
import { activationBackward } from '../ops/fused.js';
import { gather, indexAdd, indexSelect, scatterAdd } from '../ops/indexing.js';
import { bmm } from '../ops/linalg.js';
import { sum } from '../ops/reduce.js';
import { expand, reshape } from '../ops/shape.js';
import { narrow } from '../ops/slice.js';
import { strided, unstrided } from '../ops/strided.js';
import { reducedShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { isGradEnabled } from './grad-mode.js';
import { batchNormGrad, vectorNormGrad } from './norm-gradients.js';
import type { GradContext, GradientTable } from './primitives.js';

const first = (ctx: { inputs: readonly Tensor[] }): Tensor => ctx.inputs[0] as Tensor;
const second = (ctx: { inputs: readonly Tensor[] }): Tensor => ctx.inputs[1] as Tensor;
/** A float copy of a bool mask in g's dtype: a constant, so second derivatives through it are 0. */
const asFloat = (mask: Tensor, like: Tensor): Tensor => castTo(mask, like.dtype, false);
const flat = (g: Tensor): Tensor[] => [zeros(g.shape, { dtype: g.dtype })];
/** The fused activation gradient, only when backward records no graph (else null: compose). */
const fused = (
  op: 'tanhBackward' | 'sigmoidBackward' | 'reluBackward' | 'squareBackward',
  g: Tensor,
  saved: Tensor,
): Tensor | null => (isGradEnabled() ? null : activationBackward(op, g, saved));

/**
 * Every primitive's gradient, in one table. Each formula is written with public ops, so with
 * `createGraph` the backward pass is itself recorded and can be differentiated again; formulas
 * use the op's *output* where that is cheaper (exp, sigmoid, tanh), which stays correct at
 * second order because the output is itself in the graph.
 */
export const gradients: GradientTable = {
  neg: (g) => [neg(g)],
  exp: (g, ctx) => [mul(g, ctx.output)],
  expm1: (g, ctx) => [mul(g, add(ctx.output, 1))],
  log: (g, ctx) => [div(g, first(ctx))],
  log1p: (g, ctx) => [div(g, add(first(ctx), 1))],
  sqrt: (g, ctx) => [div(g, mul(ctx.output, 2))],
  rsqrt: (g, ctx) => [mul(g, mul(pow(ctx.output, 3), -0.5))],
  reciprocal: (g, ctx) => [neg(mul(g, square(ctx.output)))],
  abs: (g, ctx) => [mul(g, sign(first(ctx)))],
  square: (g, ctx) => [fused('squareBackward', g, first(ctx)) ?? mul(g, mul(first(ctx), 2))],
  sin: (g, ctx) => [mul(g, cos(first(ctx)))],
  cos: (g, ctx) => [neg(mul(g, sin(first(ctx))))],
  // Without createGraph one fused kernel; recorded (second order), the same formula in public ops.
  sigmoid: (g, ctx) => [
    fused('sigmoidBackward', g, ctx.output) ?? mul(g, mul(ctx.output, sub(1, ctx.output))),
  ],
  tanh: (g, ctx) => [fused('tanhBackward', g, ctx.output) ?? mul(g, sub(1, square(ctx.output)))],
  // A mask, not maximum(x, 0): the gradient at exactly 0 must be 0 as in PyTorch.
  relu: (g, ctx) => [fused('reluBackward', g, first(ctx)) ?? where(gt(first(ctx), 0), g, 0)],
  leakyRelu: (g, ctx) => [where(gt(first(ctx), 0), g, mul(g, ctx.attrs.p0))],
  softplus: (g, ctx) => {
    const z = mul(first(ctx), ctx.attrs.p0);
    return [where(gt(z, ctx.attrs.p1), g, mul(g, sigmoid(z)))];
  },
  clamp: (g, ctx) => [
    where(logicalAnd(ge(first(ctx), ctx.attrs.p0), le(first(ctx), ctx.attrs.p1)), g, 0),
  ],
  sign: flat,
  floor: flat,
  ceil: flat,
  round: flat,
  add: (g) => [g, g],
  // Inputs that do not require grad get none computed (a constant's, a batch of data's).
  sub: (g, ctx) => [g, second(ctx).requiresGrad ? neg(g) : null],
  mul: (g, ctx) => [
    first(ctx).requiresGrad ? mul(g, second(ctx)) : null,
    second(ctx).requiresGrad ? mul(g, first(ctx)) : null,
  ],
  div: (g, ctx) => [
    first(ctx).requiresGrad ? div(g, second(ctx)) : null,
    second(ctx).requiresGrad ? neg(mul(g, div(ctx.output, second(ctx)))) : null,
  ],
  pow: (g, ctx) => {
    const [base, exponent] = ctx.inputs as [Tensor, Tensor];
    // PyTorch's convention: a zero exponent has zero gradient even at base 0 (no 0·∞).
    const dBase = base.requiresGrad
      ? where(eq(exponent, 0), 0, mul(g, mul(exponent, pow(base, sub(exponent, 1)))))
      : null;
    // d/db a^b = a^b·log a; where a = 0 and b >= 0 PyTorch defines it as 0.
    const dExponent = exponent.requiresGrad
      ? where(logicalAnd(eq(base, 0), ge(exponent, 0)), 0, mul(g, mul(ctx.output, log(base))))
      : null;
    return [dBase, dExponent];
  },
  maximum: (g, ctx) =>
    splitByMask(
      g,
      asFloat(gt(first(ctx), second(ctx)), g),
      asFloat(eq(first(ctx), second(ctx)), g),
    ),
  minimum: (g, ctx) =>
    splitByMask(
      g,
      asFloat(lt(first(ctx), second(ctx)), g),
      asFloat(eq(first(ctx), second(ctx)), g),
    ),
  where: (g, ctx) => [null, where(first(ctx), g, 0), where(first(ctx), 0, g)],
  cast: (g) => [g],
  sum: (g, ctx) => [expand(keepDims(g, first(ctx), ctx.attrs), first(ctx).shape)],
  amax: (g, ctx) => extremumGrad(g, ctx),
  amin: (g, ctx) => extremumGrad(g, ctx),
  bmm: (g, ctx) => {
    const [a, b] = ctx.inputs as [Tensor, Tensor];
    const { transA, transB } = ctx.attrs;
    // A product with data (the first layer's input) skips that side: often the biggest product.
    const da = a.requiresGrad;
    const db = b.requiresGrad;
    if (!transA && !transB)
      return [da ? bmm(g, b, false, true) : null, db ? bmm(a, g, true, false) : null];
    if (transA && !transB)
      return [da ? bmm(b, g, false, true) : null, db ? bmm(a, g, false, false) : null];
    if (!transA && transB)
      return [da ? bmm(g, b, false, false) : null, db ? bmm(g, a, true, false) : null];
    return [da ? bmm(b, g, true, true) : null, db ? bmm(g, a, true, true) : null];
  },
  linear: (g, ctx) => {
    const [x, w, b] = ctx.inputs as [Tensor, Tensor, Tensor | undefined];
    const grads = [
      x.requiresGrad ? bmm(g, w, false, false) : null,
      w.requiresGrad ? bmm(g, x, true, false) : null,
    ];
    if (b) grads.push(b.requiresGrad ? sum(g, [0]) : null);
    return grads;
  },
  reshape: (g, ctx) => [reshape(g, first(ctx).shape)],
  strided: (g, ctx) => [unstrided(g, first(ctx).shape, ctx.attrs.offset, ctx.attrs.strides)],
  unstrided: (g, ctx) => [
    strided(g, 'strided', first(ctx).shape, ctx.attrs.offset, ctx.attrs.strides),
  ],
  cat: (g, ctx) => {
    let start = 0;
    return ctx.inputs.map((input) => {
      const extent = input.shape[ctx.attrs.dim] as number;
      const piece = narrow(g, ctx.attrs.dim, start, extent);
      start += extent;
      return piece;
    });
  },
  indexSelect: (g, ctx) => [
    indexAdd(zeros(first(ctx).shape, { dtype: g.dtype }), ctx.attrs.dim, second(ctx), g),
    null,
  ],
  indexAdd: (g, ctx) => [g, null, indexSelect(g, ctx.attrs.dim, second(ctx))],
  gather: (g, ctx) => [
    scatterAdd(zeros(first(ctx).shape, { dtype: g.dtype }), ctx.attrs.dim, second(ctx), g),
    null,
  ],
  scatterAdd: (g, ctx) => [g, null, gather(g, ctx.attrs.dim, second(ctx))],
  batchNorm: (g, ctx) => batchNormGrad(g, ctx),
  vectorNorm: (g, ctx) => [vectorNormGrad(g, first(ctx), ctx.output, ctx.attrs.ord)],
  custom: (g, ctx) => ctx.attrs.backward(g),
};

/** maximum/minimum: the winner gets g, ties split it evenly between both sides. */
function splitByMask(g: Tensor, wins: Tensor, ties: Tensor): Tensor[] {
  const share = add(wins, mul(ties, 0.5));
  return [mul(g, share), mul(g, sub(1, share))];
}

/** The reduced gradient with its reduced dims put back as size 1, ready to broadcast. */
function keepDims(
  g: Tensor,
  x: Tensor,
  attrs: { dims: readonly number[]; keepDim: boolean },
): Tensor {
  return attrs.keepDim ? g : reshape(g, reducedShape(x.shape, attrs.dims, true));
}

function extremumGrad(g: Tensor, ctx: GradContext<'amax'> | GradContext<'amin'>): Tensor[] {
  const x = first(ctx);
  const best = keepDims(ctx.output, x, ctx.attrs);
  const mask = asFloat(eq(x, best), g);
  const share = div(mask, sum(mask, ctx.attrs.dims, true));
  return [mul(keepDims(g, x, ctx.attrs), share)];
}
