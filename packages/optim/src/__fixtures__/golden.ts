/**
 * Test helpers for the golden trajectories written by scripts/fixtures/optim.py: the fixture
 * types, the two problems (computed with @descent/core's autograd, as the generator does with
 * torch's), and builders for the optimizer and scheduler of a case.
 */
import { readFileSync } from 'node:fs';
import { matmul, sub, type Tensor, tensor } from '@descent/core';
import {
  Adagrad,
  Adam,
  AdamW,
  CosineAnnealingLR,
  ExponentialLR,
  InverseSqrtLR,
  inverseSqrt,
  LambdaLR,
  type LRLambda,
  type LRScheduler,
  MultiStepLR,
  type Optimizer,
  type OptimizerOptions,
  ReduceLROnPlateau,
  RMSprop,
  SGD,
  StepLR,
} from '../index.js';

export type Num = number | string; // JSON has no ±Infinity/NaN: written as strings
export interface FixTensor {
  shape: number[];
  dtype: string;
  data: Num[];
}
export interface FixStep {
  lr: number[];
  loss: number;
  grads: number[][];
  params: number[][];
}
export interface FixScheduler {
  name: string;
  args?: unknown[];
  options?: Record<string, unknown>;
}
export interface FixCase {
  id: string;
  optimizer: string;
  problem: 'rosenbrock' | 'lsq';
  data?: { X: FixTensor; t: FixTensor };
  options: Record<string, unknown>;
  groups: ({ params: number[] } & Record<string, unknown>)[] | null;
  scheduler: FixScheduler | null;
  params0: FixTensor[];
  steps: FixStep[];
}

export function loadFixture<T>(name: string): { torch: string; cases: T[] } {
  return JSON.parse(readFileSync(new URL(`./${name}`, import.meta.url), 'utf8'));
}

export const f64 = (f: FixTensor, requiresGrad = false): Tensor =>
  tensor(Float64Array.from(f.data.map(Number)), { shape: f.shape, dtype: 'float64', requiresGrad });

/** The loss of a case's problem, as scripts/fixtures/optim.py computes it with torch. */
export function objective(c: FixCase): (params: Tensor[]) => Tensor {
  const sign = c.options.maximize || c.groups?.some((g) => g.maximize) ? -1 : 1;
  const scale = (f: Tensor): Tensor => (sign === 1 ? f : f.mul(-1));
  if (c.problem === 'rosenbrock') {
    return ([x, y]) => {
      const a = sub(1, x as Tensor).pow(2);
      const b = (y as Tensor)
        .sub((x as Tensor).pow(2))
        .pow(2)
        .mul(100);
      return scale(a.add(b));
    };
  }
  const data = c.data as { X: FixTensor; t: FixTensor };
  const X = f64(data.X);
  const t = f64(data.t);
  return ([w, b]) =>
    scale(
      matmul(X, w as Tensor)
        .add(b as Tensor)
        .sub(t)
        .pow(2)
        .mean(),
    );
}

// biome-ignore lint/suspicious/noExplicitAny: constructors of different optimizers, options from JSON
type AnyCtor = new (params: any, options: any) => Optimizer<OptimizerOptions, object>;
const OPTIMIZERS: Record<string, AnyCtor> = { SGD, Adagrad, RMSprop, Adam, AdamW };

export function makeOptimizer(c: FixCase, params: Tensor[]): Optimizer<OptimizerOptions, object> {
  const Ctor = OPTIMIZERS[c.optimizer] as AnyCtor;
  const input =
    c.groups === null
      ? params
      : c.groups.map((g) => ({ ...g, params: g.params.map((i) => params[i] as Tensor) }));
  return new Ctor(input, c.options);
}

const LAMBDAS: Record<string, LRLambda> = {
  warmup: (t) => Math.min(1, (t + 1) / 5),
  inverseSqrt,
};

export interface AnyScheduler {
  step(metric?: number): void;
  getLastLr(): number[];
  stateDict(): Record<string, unknown>;
  loadStateDict(s: Record<string, unknown>): void;
}

export function makeScheduler(
  spec: FixScheduler,
  opt: Optimizer<OptimizerOptions, object>,
): AnyScheduler {
  const args = spec.args ?? [];
  const o = spec.options ?? {};
  if (spec.name === 'ReduceLROnPlateau') {
    const s = new ReduceLROnPlateau(opt, o);
    return {
      step: (metric) => s.step(o.mode === 'max' ? -(metric as number) : (metric as number)),
      getLastLr: () => s.getLastLr(),
      stateDict: () => s.stateDict(),
      loadStateDict: (d) => s.loadStateDict(d),
    };
  }
  const s = epochScheduler(spec, opt, args, o);
  // Epoch-based schedulers take no metric: step() with an argument is an error.
  return {
    step: () => s.step(),
    getLastLr: () => s.getLastLr(),
    stateDict: () => s.stateDict(),
    loadStateDict: (d) => s.loadStateDict(d),
  };
}

function epochScheduler(
  spec: FixScheduler,
  opt: Optimizer<OptimizerOptions, object>,
  args: unknown[],
  o: Record<string, unknown>,
): LRScheduler {
  switch (spec.name) {
    case 'StepLR':
      return new StepLR(opt, args[0] as number, o);
    case 'MultiStepLR':
      return new MultiStepLR(opt, args[0] as number[], o);
    case 'ExponentialLR':
      return new ExponentialLR(opt, args[0] as number);
    case 'LambdaLR': {
      const fns = args[0] as string | string[];
      return new LambdaLR(
        opt,
        Array.isArray(fns) ? fns.map((f) => LAMBDAS[f] as LRLambda) : (LAMBDAS[fns] as LRLambda),
      );
    }
    case 'InverseSqrtLR':
      return new InverseSqrtLR(opt);
    case 'CosineAnnealingLR':
      return new CosineAnnealingLR(opt, args[0] as number, o);
    default:
      throw new Error(`unknown scheduler ${spec.name}`);
  }
}

/** |a − b| / max(1, |b|): the error measure of the golden tests. */
export function relError(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  return Math.abs(a - b) / Math.max(1, Math.abs(b));
}
