import { record } from '../autograd/record.js';
import { backend } from '../backend/registry.js';
import { isFloating } from '../dtype.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { emptyTensor } from './alloc.js';
import { inDType } from './cast.js';
import { checkTensor } from './scalar.js';

const OP = 'nativeBatchNorm';

/** The [N, C, L] view of an (N, C) or (N, C, L) input. */
function layoutOf(x: Tensor): [number, number, number] {
  return [x.shape[0] as number, x.shape[1] as number, x.ndim === 3 ? (x.shape[2] as number) : 1];
}

function checkChannels(name: string, t: Tensor | null, x: Tensor, channels: number): void {
  if (t === null) return;
  checkTensor('nativeBatchNorm', t, name);
  if (t.ndim !== 1 || t.shape[0] !== channels) {
    throw new ShapeError(
      `nativeBatchNorm: ${name} must have shape [${channels}], got ${formatShape(t.shape)}`,
    );
  }
  if (t.dtype !== x.dtype) {
    throw new DTypeError(
      `nativeBatchNorm: ${name} has dtype ${t.dtype} but the input has ${x.dtype}`,
    );
  }
}

/**
 * Training-mode batch normalization as one op (PyTorch's `torch.native_batch_norm`), the fused
 * kernel behind `@descent/nn`'s `batchNorm` and `BatchNorm1d`: each channel of an (N, C) or
 * (N, C, L) floating input is normalized with its batch mean μ and biased variance σ² over N (and
 * L), `y = γ·(x − μ)/√(σ² + eps) + β`. Its gradient is the closed form through μ and σ (a backward
 * kernel; with `createGraph` the same formula in ops, so second derivatives work). Running
 * statistics, when given ([C], the input's dtype), are updated in place outside the graph:
 * `r ← (1 − momentum)·r + momentum·stat`, with the unbiased variance. The batch statistics the
 * gradient needs stay inside the op.
 *
 * @example
 * ```ts
 * const x = randn([8, 3], { requiresGrad: true });
 * const y = nativeBatchNorm(x, null, null, null, null, 0.1, 1e-5);
 * y.mean(0).toArray(); // ≈ [0, 0, 0]
 * y.gradFn?.name; // 'batchNorm'
 * ```
 */
export function nativeBatchNorm(
  input: Tensor,
  weight: Tensor | null,
  bias: Tensor | null,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  momentum: number,
  eps: number,
): Tensor {
  const x = checkTensor('nativeBatchNorm', input);
  if (!isFloating(x.dtype)) {
    throw new DTypeError(`nativeBatchNorm: expected a floating input, got ${x.dtype}`);
  }
  if (x.ndim !== 2 && x.ndim !== 3) {
    throw new ShapeError(
      `nativeBatchNorm: expected a 2-d or 3-d input, got shape ${formatShape(x.shape)}`,
    );
  }
  const [n, c, l] = layoutOf(x);
  if (n * l <= 1) {
    throw new ValueError(
      `Expected more than 1 value per channel when training, got input size [${x.shape.join(', ')}]`,
    );
  }
  if (!(eps >= 0) || !Number.isFinite(momentum)) {
    throw new ValueError(
      `nativeBatchNorm: expected eps >= 0 and a finite momentum, got eps=${eps}, momentum=${momentum}`,
    );
  }
  const gamma = weight === null ? null : inDType(checkTensor(OP, weight, 'weight'), x.dtype);
  const beta = bias === null ? null : inDType(checkTensor(OP, bias, 'bias'), x.dtype);
  checkChannels('weight', gamma, x, c);
  checkChannels('bias', beta, x, c);
  checkChannels('runningMean', runningMean, x, c);
  checkChannels('runningVar', runningVar, x, c);
  const b = backend();
  const out = emptyTensor(b, x.shape, x.dtype, x.size);
  const mean = emptyTensor(b, [c], x.dtype, c);
  const invstd = emptyTensor(b, [c], x.dtype, c);
  b.batchNormForward(
    x.storage.on(b),
    n,
    c,
    l,
    gamma === null ? null : gamma.storage.on(b),
    beta === null ? null : beta.storage.on(b),
    eps,
    out.storage.handle,
    mean.storage.handle,
    invstd.storage.handle,
    runningMean === null ? null : runningMean.storage.on(b),
    runningVar === null ? null : runningVar.storage.on(b),
    momentum,
  );
  runningMean?.bumpVersion();
  runningVar?.bumpVersion();
  const inputs = [x];
  if (gamma !== null) inputs.push(gamma);
  if (beta !== null) inputs.push(beta);
  const attrs = { eps, hasWeight: gamma !== null, hasBias: beta !== null, mean, invstd };
  return record('batchNorm', out, inputs, attrs);
}

/**
 * @internal The closed-form gradients of {@link nativeBatchNorm} by the backward kernel (not
 * recorded: backward uses it when it records no graph). Null where `needs` says no.
 */
export function batchNormBackward(
  g: Tensor,
  x: Tensor,
  mean: Tensor,
  invstd: Tensor,
  weight: Tensor | null,
  needs: { dx: boolean; dweight: boolean; dbias: boolean },
): { dx: Tensor | null; dweight: Tensor | null; dbias: Tensor | null } {
  const [n, c, l] = layoutOf(x);
  const b = backend();
  const grad = inDType(g, x.dtype);
  const dx = needs.dx ? emptyTensor(b, x.shape, x.dtype, x.size) : null;
  const dweight = needs.dweight ? emptyTensor(b, [c], x.dtype, c) : null;
  const dbias = needs.dbias ? emptyTensor(b, [c], x.dtype, c) : null;
  b.batchNormBackward(
    grad.storage.on(b),
    x.storage.on(b),
    mean.storage.on(b),
    invstd.storage.on(b),
    weight === null ? null : weight.storage.on(b),
    n,
    c,
    l,
    dx === null ? null : dx.storage.handle,
    dweight === null ? null : dweight.storage.handle,
    dbias === null ? null : dbias.storage.handle,
  );
  return { dx, dweight, dbias };
}
