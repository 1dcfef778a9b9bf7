/**
 * Golden trajectories: every optimizer option and scheduler against PyTorch 1.13, step by step.
 *
 * The cases live in `__fixtures__/*.json`, written by `scripts/fixtures/optim.py` (float64, 25
 * steps on Rosenbrock and on a least-squares problem). Each case runs twice:
 *
 * - autograd: the gradient is recomputed with @descent/core at our own parameters, exactly as a
 *   user would run it; parameters must match PyTorch's after every step to 1e-12 (relative to
 *   max(1, |value|)), losses too, and learning rates to 1e-15 (relative).
 * - replay: PyTorch's recorded gradient is fed to the optimizer, isolating the update
 *   arithmetic; parameters must match to 1e-14.
 *
 * The remaining differences are rounding: PyTorch's CPU kernels use fused multiply-add
 * (`add_(x, alpha)`, `addcmul_`), JavaScript has no FMA. Set OPTIM_GOLDEN_REPORT=1 to print the
 * worst error of every trajectory.
 */
import { type Tensor, tensor } from '@descent/core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type FixCase,
  f64,
  loadFixture,
  makeOptimizer,
  makeScheduler,
  objective,
  relError,
} from './__fixtures__/golden.js';

const FILES = ['sgd.json', 'adagrad.json', 'rmsprop.json', 'adam.json', 'schedulers.json'];
const AUTOGRAD_TOL = 1e-12;
const REPLAY_TOL = 1e-14;

interface Worst {
  autograd: number;
  replay: number;
  lr: number;
}
const report = new Map<string, Worst>();

/** Runs a case; `replay` feeds PyTorch's gradients instead of computing them. */
function run(c: FixCase, replay: boolean): { params: number; lr: number; loss: number } {
  const params = c.params0.map((p) => f64(p, true));
  const f = objective(c);
  const opt = makeOptimizer(c, params);
  const sched = c.scheduler ? makeScheduler(c.scheduler, opt) : null;
  let worst = 0;
  let worstLr = 0;
  let worstLoss = 0;
  c.steps.forEach((want, k) => {
    opt.zeroGrad();
    let loss: number;
    if (replay) {
      params.forEach((p, i) => {
        p.grad = tensor(Float64Array.from(want.grads[i] as number[]), { shape: p.shape.slice() });
      });
      loss = want.loss;
    } else {
      const l = f(params);
      l.backward();
      loss = l.item();
    }
    worstLoss = Math.max(worstLoss, relError(loss, want.loss));
    opt.paramGroups.forEach((g, i) => {
      const w = want.lr[i] as number;
      worstLr = Math.max(worstLr, g.lr === w ? 0 : Math.abs(g.lr - w) / Math.abs(w));
    });
    opt.step();
    sched?.step(loss);
    params.forEach((p: Tensor, i) => {
      const got = p.dataSync();
      const exp = want.params[i] as number[];
      exp.forEach((b, j) => {
        const e = relError(got[j] as number, b);
        if (!(e <= (replay ? REPLAY_TOL : AUTOGRAD_TOL))) {
          expect.fail(
            `${replay ? 'replay' : 'autograd'} step ${k + 1}: param ${i}[${j}] = ${got[j]}, PyTorch ${b} (error ${e})`,
          );
        }
        worst = Math.max(worst, e);
      });
    });
  });
  return { params: worst, lr: worstLr, loss: worstLoss };
}

for (const file of FILES) {
  const fixture = loadFixture<FixCase>(file);
  describe(`golden ${file} (PyTorch ${fixture.torch})`, () => {
    for (const c of fixture.cases) {
      it(c.id, () => {
        const auto = run(c, false);
        const replay = run(c, true);
        expect(auto.lr).toBeLessThanOrEqual(1e-15);
        expect(auto.loss).toBeLessThanOrEqual(AUTOGRAD_TOL);
        report.set(c.id, { autograd: auto.params, replay: replay.params, lr: auto.lr });
      });
    }
  });
}

afterAll(() => {
  if (!process.env.OPTIM_GOLDEN_REPORT) return;
  const rows = [...report].map(
    ([id, w]) =>
      `${id.padEnd(72)} ${w.autograd.toExponential(1).padStart(8)} ${w.replay.toExponential(1).padStart(8)} ${w.lr.toExponential(1).padStart(8)}`,
  );
  const worst = (k: keyof Worst) => Math.max(...[...report.values()].map((w) => w[k]));
  console.log(
    [
      `${'trajectory'.padEnd(72)} autograd   replay       lr`,
      ...rows,
      `${report.size} trajectories; worst autograd ${worst('autograd').toExponential(2)}, replay ${worst('replay').toExponential(2)}, lr ${worst('lr').toExponential(2)}`,
    ].join('\n'),
  );
});
