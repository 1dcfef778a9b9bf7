import {
  type FloatDType,
  noGrad,
  ones,
  ShapeError,
  type Tensor,
  ValueError,
  zeros,
} from '@descent/core';
import { fusedBatchNorm } from './batchnorm-fused.js';
import {
  checkFloating,
  checkInteger,
  checkNumber,
  checkOptions,
  checkTensor,
  describe,
  formatNumber,
  formatShape,
} from './checks.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

/**
 * Options of {@link batchNorm}, PyTorch's `F.batch_norm` arguments.
 *
 * @example
 * ```ts
 * batchNorm(x, null, null, { training: true, weight: gamma, bias: beta });
 * ```
 */
export interface BatchNormOptions {
  /** Scale γ, shape [C]. */
  weight?: Tensor | null;
  /** Shift β, shape [C]. */
  bias?: Tensor | null;
  /**
   * Normalize with the batch statistics (and update the running ones, if given) instead of
   * the running statistics. Default false, as in PyTorch.
   */
  training?: boolean;
  /** Weight of the new batch statistic in the running update; default 0.1. */
  momentum?: number;
  /** Added to the variance for stability; default 1e-5. */
  eps?: number;
}

/** The dims a (N, C) or (N, C, L) input is reduced over, and the count per channel. */
function batchDims(input: Tensor): { dims: number[]; count: number } {
  if (input.ndim === 3)
    return { dims: [0, 2], count: (input.shape[0] as number) * (input.shape[2] as number) };
  return { dims: [0], count: input.shape[0] as number };
}

/** A per-channel [C] tensor shaped to broadcast against the input's channel dim. */
function perChannel(t: Tensor, input: Tensor): Tensor {
  return input.ndim === 3 ? t.reshape([1, t.size, 1]) : t;
}

function checkChannelTensor(
  where: string,
  name: string,
  t: Tensor | null | undefined,
  channels: number,
): Tensor | null {
  if (t === null || t === undefined) return null;
  checkTensor(where, t, name);
  if (t.ndim !== 1 || t.shape[0] !== channels) {
    throw new ShapeError(
      `${where}: ${name} must have shape [${channels}], got ${formatShape(t.shape)}`,
    );
  }
  return t;
}

/** The keys of {@link BatchNormOptions}, which batchNorm checks. */
const BATCH_NORM = ['weight', 'bias', 'training', 'momentum', 'eps'];

/**
 * Batch normalization over a (N, C) or (N, C, L) input, PyTorch's `F.batch_norm`.
 *
 * With `training: true` each channel is normalized with the batch mean μ and the biased
 * variance σ² over N (and L): `(x - μ) / √(σ² + eps) · γ + β`. This is one fused op of the
 * graph (`gradFn.name` is `'batchNorm'`) whose closed-form backward goes through μ and σ, so the
 * gradient of every sample depends on every other sample of the batch; the backward is written
 * with core ops, so second derivatives (`createGraph`) work too. The running
 * statistics, when given, are updated in place (outside the graph) with
 * `r = (1 - momentum) · r + momentum · stat`, using the unbiased variance.
 *
 * With `training: false` the running statistics are used instead and must be given.
 *
 * @example
 * ```ts
 * const x = randn([8, 3], { requiresGrad: true });
 * const y = batchNorm(x, null, null, { training: true });
 * y.mean(0).toArray(); // ≈ [0, 0, 0]
 * ```
 */
export function batchNorm(
  input: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  options: BatchNormOptions = {},
): Tensor {
  checkOptions('batchNorm', options, BATCH_NORM);
  return batchNormWith(true, input, runningMean, runningVar, options);
}

/**
 * {@link batchNorm} with training mode composed from core ops (mean, sub, square, sum, rsqrt,
 * mul, add), so autograd differentiates through μ and σ² node by node. Internal: the reference
 * the fused op is tested against.
 */
export function batchNormComposed(
  input: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  options: BatchNormOptions = {},
): Tensor {
  checkOptions('batchNormComposed', options, BATCH_NORM);
  return batchNormWith(false, input, runningMean, runningVar, options);
}

function batchNormWith(
  fused: boolean,
  input: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  options: BatchNormOptions,
): Tensor {
  const where = 'batchNorm';
  const x = checkFloating(where, checkTensor(where, input));
  if (x.ndim !== 2 && x.ndim !== 3) {
    throw new ShapeError(
      `${where}: expected 2D or 3D input (got ${x.ndim}D input of shape ${formatShape(x.shape)})`,
    );
  }
  const channels = x.shape[1] as number;
  const rm = checkChannelTensor(where, 'runningMean', runningMean, channels);
  const rv = checkChannelTensor(where, 'runningVar', runningVar, channels);
  const weight = checkChannelTensor(where, 'weight', options.weight, channels);
  const bias = checkChannelTensor(where, 'bias', options.bias, channels);
  const eps = checkNumber(where, 'eps', options.eps ?? 1e-5, 0);
  const momentum = checkNumber(where, 'momentum', options.momentum ?? 0.1);
  const training = options.training ?? false;

  let normalized: Tensor;
  if (training) {
    const { dims, count } = batchDims(x);
    if (count <= 1) {
      throw new ValueError(
        `Expected more than 1 value per channel when training, got input size [${x.shape.join(', ')}]`,
      );
    }
    let mean: Tensor;
    let sumOfSquares: Tensor;
    if (fused) {
      // One recorded op, γ and β included, with the closed-form backward.
      const result = fusedBatchNorm(x, weight, bias, eps);
      ({ mean, sumOfSquares } = result);
      normalized = result.output;
    } else {
      mean = x.mean(dims, true);
      const centered = x.sub(mean);
      sumOfSquares = centered.square().sum(dims, true);
      const variance = sumOfSquares.div(count);
      normalized = centered.mul(variance.add(eps).rsqrt());
    }
    noGrad(() => {
      if (rm) rm.mul_(1 - momentum).add_(mean.reshape([channels]), momentum);
      if (rv) rv.mul_(1 - momentum).add_(sumOfSquares.reshape([channels]).div(count - 1), momentum);
    });
  } else {
    if (!rm || !rv) {
      throw new ValueError(
        `${where}: runningMean and runningVar are required when training is false`,
      );
    }
    normalized = x.sub(perChannel(rm, x)).mul(perChannel(rv, x).add(eps).rsqrt());
  }
  if (training && fused) return normalized;
  if (weight) normalized = normalized.mul(perChannel(weight, x));
  if (bias) normalized = normalized.add(perChannel(bias, x));
  return normalized;
}

/**
 * Options of {@link BatchNorm1d}; the defaults are PyTorch's.
 *
 * @example
 * ```ts
 * new BatchNorm1d(16, { momentum: null, affine: false });
 * ```
 */
export interface BatchNorm1dOptions {
  /** Added to the variance for stability; default 1e-5. */
  eps?: number;
  /** Weight of each new batch in the running statistics (default 0.1); `null` for a cumulative average. */
  momentum?: number | null;
  /** Learn a per-channel scale γ (starts at 1) and shift β (starts at 0); default true. */
  affine?: boolean;
  /** Keep running statistics for evaluation (default true); false uses batch statistics always. */
  trackRunningStats?: boolean;
  /** Parameter and running-statistics dtype; default float32. */
  dtype?: FloatDType;
}

/**
 * The one place the camelCase properties of {@link BatchNorm1d} meet their PyTorch state-dict
 * keys.
 */
const BUFFER_KEYS = {
  runningMean: 'running_mean',
  runningVar: 'running_var',
  numBatchesTracked: 'num_batches_tracked',
} as const;

/**
 * Batch Normalization (Ioffe & Szegedy, 2015) over a (N, C) or (N, C, L) input, as PyTorch's
 * `nn.BatchNorm1d`.
 *
 * In training mode each channel is normalized with the mean μ and biased variance σ² of the
 * current batch, and the backward pass goes through μ and σ: the samples of a batch are no
 * longer independent. The running statistics (`runningMean` from zeros, `runningVar` from ones)
 * follow `r = (1 - momentum) · r + momentum · stat` with the unbiased variance (or a cumulative
 * average when `momentum` is null) and are used in evaluation mode, when examples may come one
 * at a time. Training on a batch with one value per channel throws, as in PyTorch.
 *
 * State-dict keys are PyTorch's: `weight`, `bias`, `running_mean`, `running_var`,
 * `num_batches_tracked` (an int32 scalar).
 *
 * @example
 * ```ts
 * const bn = new BatchNorm1d(3);
 * const y = bn.forward(randn([16, 3]));  // training mode: batch statistics
 * bn.runningMean?.toArray();              // moved 10% towards the batch mean
 * bn.eval().forward(randn([1, 3]));       // evaluation: running statistics, any batch size
 * ```
 */
export class BatchNorm1d extends Module {
  /** The name printed for this class (see {@link Module.displayName}). */
  static override readonly displayName: string = 'BatchNorm1d';

  /** Number of channels C. */
  readonly numFeatures: number;
  /** Added to the variance for stability. */
  readonly eps: number;
  /** Weight of each new batch in the running statistics; null for a cumulative average. */
  momentum: number | null;
  /** Whether γ and β are learned. */
  readonly affine: boolean;
  /** Whether running statistics are kept. */
  readonly trackRunningStats: boolean;
  /** Scale γ, [C], starts at ones (null without `affine`). */
  weight: Parameter | null;
  /** Shift β, [C], starts at zeros (null without `affine`). */
  bias: Parameter | null;

  /**
   * @param numFeatures - Number of channels C.
   * @param options - `eps`, `momentum`, `affine`, `trackRunningStats`, `dtype`.
   *
   * @example
   * ```ts
   * new BatchNorm1d(16);
   * ```
   */
  constructor(numFeatures: number, options: BatchNorm1dOptions = {}) {
    super();
    checkOptions('BatchNorm1d', options, [
      'eps',
      'momentum',
      'affine',
      'trackRunningStats',
      'dtype',
    ]);
    this.numFeatures = checkInteger('BatchNorm1d', 'numFeatures', numFeatures, 1);
    this.eps = checkNumber('BatchNorm1d', 'eps', options.eps ?? 1e-5, 0);
    const momentum = options.momentum === undefined ? 0.1 : options.momentum;
    this.momentum = momentum === null ? null : checkNumber('BatchNorm1d', 'momentum', momentum);
    this.affine = options.affine ?? true;
    this.trackRunningStats = options.trackRunningStats ?? true;
    const dtype = options.dtype ?? 'float32';
    if (dtype !== 'float32' && dtype !== 'float64') {
      throw new ValueError(
        `BatchNorm1d: dtype must be 'float32' or 'float64', got ${describe(dtype)}`,
      );
    }
    this.weight = this.affine ? new Parameter(ones([numFeatures], { dtype })) : null;
    this.bias = this.affine ? new Parameter(zeros([numFeatures], { dtype })) : null;
    const track = this.trackRunningStats;
    this.registerBuffer(BUFFER_KEYS.runningMean, track ? zeros([numFeatures], { dtype }) : null);
    this.registerBuffer(BUFFER_KEYS.runningVar, track ? ones([numFeatures], { dtype }) : null);
    this.registerBuffer(
      BUFFER_KEYS.numBatchesTracked,
      track ? zeros([], { dtype: 'int32' }) : null,
    );
  }

  /**
   * The running mean per channel (state-dict key `running_mean`), or null without
   * `trackRunningStats`.
   *
   * @example
   * ```ts
   * new BatchNorm1d(2).runningMean?.toArray(); // [0, 0]
   * ```
   */
  get runningMean(): Tensor | null {
    return this.getBuffer(BUFFER_KEYS.runningMean);
  }

  /**
   * The running unbiased variance per channel (state-dict key `running_var`).
   *
   * @example
   * ```ts
   * new BatchNorm1d(2).runningVar?.toArray(); // [1, 1]
   * ```
   */
  get runningVar(): Tensor | null {
    return this.getBuffer(BUFFER_KEYS.runningVar);
  }

  /**
   * How many training batches updated the running statistics, an int32 scalar (state-dict key
   * `num_batches_tracked`).
   *
   * @example
   * ```ts
   * new BatchNorm1d(2).numBatchesTracked?.item(); // 0
   * ```
   */
  get numBatchesTracked(): Tensor | null {
    return this.getBuffer(BUFFER_KEYS.numBatchesTracked);
  }

  /**
   * Resets the running statistics to their initial values (mean 0, variance 1, 0 batches).
   *
   * @example
   * ```ts
   * bn.resetRunningStats();
   * ```
   */
  resetRunningStats(): void {
    noGrad(() => {
      this.runningMean?.zero_();
      this.runningVar?.fill_(1);
      this.numBatchesTracked?.zero_();
    });
  }

  /**
   * Resets the running statistics and sets γ to ones and β to zeros.
   *
   * @example
   * ```ts
   * bn.resetParameters();
   * ```
   */
  resetParameters(): void {
    this.resetRunningStats();
    noGrad(() => {
      this.weight?.fill_(1);
      this.bias?.zero_();
    });
  }

  #label(): string {
    return `BatchNorm1d(${this.numFeatures})`;
  }

  /**
   * Normalizes a (N, C) or (N, C, L) input: with batch statistics in training mode (or always,
   * without `trackRunningStats`), with the running statistics in evaluation mode.
   *
   * @example
   * ```ts
   * new BatchNorm1d(4).forward(randn([8, 4, 10])).shape; // [8, 4, 10]
   * ```
   */
  override forward(input: Tensor): Tensor {
    const label = this.#label();
    const x = checkFloating(label, checkTensor(label, input));
    if (x.ndim !== 2 && x.ndim !== 3) {
      throw new ShapeError(
        `${label}: expected 2D or 3D input (got ${x.ndim}D input of shape ${formatShape(x.shape)})`,
      );
    }
    if (x.shape[1] !== this.numFeatures) {
      throw new ShapeError(
        `${label}: expected input with ${this.numFeatures} channels at dim 1, got shape ${formatShape(x.shape)}`,
      );
    }
    const useBatchStats = this.training || !this.trackRunningStats;
    if (useBatchStats && batchDims(x).count <= 1) {
      const fix = this.trackRunningStats
        ? 'For inference on single examples call model.eval() (it uses the running statistics); when training, drop the last incomplete batch (dropLast: true in the DataLoader) or use batches of 2 or more'
        : 'This layer has trackRunningStats: false, so it always uses batch statistics: give it batches of 2 or more';
      throw new ValueError(
        `${label}: Expected more than 1 value per channel when training, got input size [${x.shape.join(', ')}]. ${fix}.`,
      );
    }
    const counter = this.numBatchesTracked;
    let factor = this.momentum ?? 0;
    if (this.training && this.trackRunningStats && counter) {
      noGrad(() => counter.add_(1));
      if (this.momentum === null) factor = 1 / counter.item();
    }
    // Running statistics are read in evaluation and updated in training (when tracked).
    const withRunning = !this.training || this.trackRunningStats;
    return batchNorm(
      x,
      withRunning ? this.runningMean : null,
      withRunning ? this.runningVar : null,
      {
        weight: this.weight,
        bias: this.bias,
        training: useBatchStats,
        momentum: factor,
        eps: this.eps,
      },
    );
  }

  /**
   * The settings, as PyTorch prints them.
   *
   * @example
   * ```ts
   * new BatchNorm1d(16).extraRepr();
   * // '16, eps=1e-05, momentum=0.1, affine=true, trackRunningStats=true'
   * ```
   */
  override extraRepr(): string {
    const momentum = this.momentum === null ? 'null' : formatNumber(this.momentum);
    return (
      `${this.numFeatures}, eps=${formatNumber(this.eps)}, momentum=${momentum}, ` +
      `affine=${this.affine}, trackRunningStats=${this.trackRunningStats}`
    );
  }
}
