import * as core from '@descent/core';
import * as nnModule from '@descent/nn';
import * as optimModule from '@descent/optim';

/** One framework's side of a case: `run()` does one iteration and may return the loss. */
export interface Runner {
  run(): number | undefined;
  dispose?(): void;
}

/**
 * The sides every case is timed on, in table order; `hand-written` (the same computation in
 * plain loops, no framework) only where a case has one.
 */
export const FRAMEWORKS = ['descent', 'tfjs-cpu', 'tfjs-wasm', 'hand-written'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

type Ctor<T> = new (...args: never[]) => T;

/** The parts of @descent/optim the benchmark uses; read at run time, as the package is young. */
interface OptimApi {
  SGD?: new (
    params: core.Tensor[],
    options: { lr: number; momentum?: number },
  ) => {
    step(): void;
    zeroGrad(options?: { setToNone?: boolean }): void;
    state: Map<core.Tensor, { momentumBuffer?: core.Tensor | null }>;
  };
}

/** The parts of @descent/nn the benchmark uses. */
export interface NnApi {
  Linear?: Ctor<unknown>;
  BatchNorm1d?: Ctor<unknown>;
  Sigmoid?: Ctor<unknown>;
  Sequential?: Ctor<unknown>;
  crossEntropy?: (input: core.Tensor, target: core.Tensor) => core.Tensor;
}

export const optim = optimModule as unknown as OptimApi;
export const nn = nnModule as unknown as NnApi;

export interface Sgd {
  /** 'optim.SGD' or 'core in-place' (for the table's labels). */
  kind: string;
  zeroGrad(): void;
  step(): void;
  /** The state tensors (momentum buffers) by parameter, for the allocation check. */
  buffers(): (core.Tensor | null)[];
}

/**
 * Plain SGD (`θ ← θ − lr·∇θ`) through `@descent/optim`'s SGD when the package exports it,
 * otherwise an in-place update with core ops under noGrad. Gradients are set to null before
 * each backward (PyTorch's default `zero_grad(set_to_none=True)`).
 */
export function makeSgd(params: core.Tensor[], lr: number, momentum = 0): Sgd {
  if (optim.SGD) {
    const opt = new optim.SGD(params, { lr, momentum });
    return {
      kind: 'optim.SGD',
      zeroGrad: () => opt.zeroGrad(),
      step: () => opt.step(),
      buffers: () => params.map((p) => opt.state.get(p)?.momentumBuffer ?? null),
    };
  }
  if (momentum !== 0) {
    // Core fallback with momentum, buffers allocated once.
    const buffers = params.map((p) => core.zerosLike(p));
    let first = true;
    return {
      kind: 'core in-place',
      zeroGrad: () => {
        for (const p of params) p.grad = null;
      },
      step: () =>
        core.noGrad(() => {
          params.forEach((p, i) => {
            const b = buffers[i] as core.Tensor;
            const g = p.grad as core.Tensor;
            if (first) b.copy_(g);
            else b.mul_(momentum).add_(g);
            p.sub_(b, lr);
          });
          first = false;
        }),
      buffers: () => buffers,
    };
  }
  return {
    kind: 'core in-place',
    zeroGrad: () => {
      for (const p of params) p.grad = null;
    },
    step: () =>
      core.noGrad(() => {
        for (const p of params) if (p.grad) p.sub_(p.grad, lr);
      }),
    buffers: () => params.map(() => null),
  };
}
