/**
 * Each optimizer's fused kernel (the default) against its algorithm written in tensor ops
 * (`fused: false`, PyTorch's `_single_tensor_*` style): the same bits, for every option, in
 * float32 and float64, over several steps, on every registered backend (the contract-checking
 * one included).
 */
import {
  checkedBackend,
  cpuBackend,
  type FloatDType,
  Generator,
  listBackends,
  randn,
  registerBackend,
  setBackend,
  type Tensor,
  zeros,
  zerosLike,
} from '@descent/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adagrad, adam, adamw, rmsprop, sgd } from './index.js';

registerBackend(checkedBackend(cpuBackend));

/** One optimizer's state as the functional form takes it, and one step of it. */
interface Runner {
  state: (Tensor | null)[][];
  step(params: Tensor[], grads: Tensor[], fused: boolean): void;
}

type Make = (params: Tensor[]) => Runner;

/** Each parameter's step counter, a 0-d float64 tensor. */
const steps = (params: Tensor[]) => params.map(() => zeros([], { dtype: 'float64' }));
const like = (params: Tensor[]) => params.map((p) => zerosLike(p));

const CONFIGS: [string, Make][] = [
  ...(
    [
      {},
      { momentum: 0.9 },
      { momentum: 0.9, dampening: 0.1, weightDecay: 0.01 },
      { momentum: 0.8, dampening: 0, nesterov: true, weightDecay: 0.03 },
      { momentum: 0.5, maximize: true },
    ] as const
  ).map((o): [string, Make] => [
    `sgd ${JSON.stringify(o)}`,
    () => {
      const buffers: (Tensor | null)[] = [null, null];
      return {
        state: [buffers],
        step: (p, g, fused) => sgd(p, g, buffers, { lr: 0.1, ...o, fused }),
      };
    },
  ]),
  ...([{}, { lrDecay: 0.01, weightDecay: 0.1 }, { maximize: true, eps: 1e-3 }] as const).map(
    (o): [string, Make] => [
      `adagrad ${JSON.stringify(o)}`,
      (params) => {
        const sums = like(params);
        const counts = steps(params);
        return {
          state: [sums, counts],
          step: (p, g, fused) => adagrad(p, g, sums, counts, { lr: 0.3, ...o, fused }),
        };
      },
    ],
  ),
  ...(
    [
      {},
      { centered: true },
      { momentum: 0.9 },
      { centered: true, momentum: 0.7, weightDecay: 0.05, maximize: true, alpha: 0.9 },
    ] as const
  ).map((o): [string, Make] => [
    `rmsprop ${JSON.stringify(o)}`,
    (params) => {
      const squareAvgs = like(params);
      const gradAvgs = 'centered' in o ? like(params) : [null, null];
      const buffers = 'momentum' in o ? like(params) : [null, null];
      const counts = steps(params);
      return {
        state: [squareAvgs, gradAvgs, buffers, counts],
        step: (p, g, fused) =>
          rmsprop(p, g, squareAvgs, gradAvgs, buffers, counts, { lr: 0.01, ...o, fused }),
      };
    },
  ]),
  ...(
    [
      [adam, {}],
      [adam, { amsgrad: true, weightDecay: 0.01 }],
      [adam, { maximize: true, betas: [0.8, 0.99] }],
      [adamw, { weightDecay: 0.1 }],
      [adamw, { amsgrad: true, weightDecay: 0.01, eps: 1e-4 }],
    ] as const
  ).map(([update, o]): [string, Make] => [
    `${update.name} ${JSON.stringify(o)}`,
    (params) => {
      const m = like(params);
      const v = like(params);
      const vMax = 'amsgrad' in o ? like(params) : [null, null];
      const counts = steps(params);
      const options = {
        lr: 0.05,
        ...o,
        betas: 'betas' in o ? ([...o.betas] as [number, number]) : undefined,
      };
      return {
        state: [m, v, vMax, counts],
        step: (p, g, fused) => update(p, g, m, v, vMax, counts, { ...options, fused }),
      };
    },
  ]),
];

/** The exact bits of a tensor's values. */
const bits = (t: Tensor): number[] => Array.from(new Uint8Array(t.dataSync().buffer));

for (const backendName of listBackends()) {
  describe(`fused optimizer kernels equal their tensor ops bit for bit [${backendName}]`, () => {
    let previous: ReturnType<typeof setBackend> | null = null;
    beforeAll(() => {
      previous = setBackend(backendName);
    });
    afterAll(() => {
      if (previous) setBackend(previous);
    });
    for (const dtype of ['float32', 'float64'] as FloatDType[]) {
      it.each(CONFIGS)(`%s, ${dtype}`, (_, make) => {
        const gen = new Generator(11);
        const start = [
          randn([7, 5], { dtype, generator: gen }),
          randn([5], { dtype, generator: gen }),
        ];
        const fusedParams = start.map((p) => p.clone().requiresGrad_());
        const opsParams = start.map((p) => p.clone().requiresGrad_());
        const fused = make(fusedParams);
        const ops = make(opsParams);
        for (let k = 0; k < 6; k++) {
          const grads = start.map((p) => randn(p.shape.slice(), { dtype, generator: gen }));
          fused.step(fusedParams, grads, true);
          ops.step(opsParams, grads, false);
          fusedParams.forEach((p, i) => {
            expect(bits(p), `step ${k + 1}, param ${i}`).toEqual(bits(opsParams[i] as Tensor));
          });
          fused.state.forEach((list, s) => {
            list.forEach((t, i) => {
              const other = ops.state[s]?.[i] ?? null;
              expect(t === null, `state ${s}[${i}] exists on both sides`).toBe(other === null);
              if (t && other)
                expect(bits(t), `step ${k + 1}, state ${s}[${i}]`).toEqual(bits(other));
            });
          });
        }
        // The parameters moved: the comparison is not of two untouched tensors.
        expect(bits(fusedParams[0] as Tensor)).not.toEqual(bits(start[0] as Tensor));
      });
    }
  });
}
