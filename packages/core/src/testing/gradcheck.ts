import { grad as autogradGrad } from '../autograd/engine.js';
import { enableGrad } from '../autograd/grad-mode.js';
import { backend } from '../backend/registry.js';
import { allocate } from '../dtype.js';
import { DTypeError, GradcheckError, ValueError } from '../errors.js';
import { uploadTensor } from '../ops/alloc.js';
import { randn, zerosLike } from '../ops/create.js';
import { Generator } from '../random/generator.js';
import { Tensor } from '../tensor.js';

/** A function checked by {@link gradcheck}: tensors in, one tensor or a list out. */
export type CheckedFunction = (...inputs: Tensor[]) => Tensor | readonly Tensor[];

/**
 * Tolerances of {@link gradcheck}; the defaults are PyTorch's.
 *
 * @example
 * ```ts
 * gradcheck(f, inputs, { eps: 1e-6, atol: 1e-5, rtol: 1e-3 });
 * ```
 */
export interface GradcheckOptions {
  /** Finite-difference step. Default 1e-6. */
  eps?: number;
  /** Absolute tolerance. Default 1e-5. */
  atol?: number;
  /** Relative tolerance. Default 1e-3. */
  rtol?: number;
  /** Throw a {@link GradcheckError} on mismatch (default) instead of returning false. */
  raiseException?: boolean;
}

function outputsOf(value: Tensor | readonly Tensor[]): Tensor[] {
  return (value instanceof Tensor ? [value] : [...value]).filter(
    (t) => t.dtype === 'float64' || t.dtype === 'float32',
  );
}

/**
 * Compares the gradients autograd computes for `fn` with central finite differences, element by
 * element, for every input that requires grad. Inputs must be float64 (float32 differences are
 * too coarse to mean anything).
 *
 * @example
 * ```ts
 * const x = randn([3, 2], { dtype: 'float64', requiresGrad: true });
 * gradcheck((a) => a.tanh().sum(1), [x]); // true, or throws GradcheckError naming the element
 * ```
 */
export function gradcheck(
  fn: CheckedFunction,
  inputs: readonly Tensor[],
  options: GradcheckOptions = {},
): boolean {
  const eps = options.eps ?? 1e-6;
  const atol = options.atol ?? 1e-5;
  const rtol = options.rtol ?? 1e-3;
  const checked = inputs.map((x, i) => ({ x, i })).filter(({ x }) => x.requiresGrad);
  if (checked.length === 0)
    throw new ValueError('gradcheck: no input requires grad; nothing to check');
  for (const { x, i } of checked) {
    if (x.dtype !== 'float64') {
      throw new DTypeError(
        `gradcheck: input ${i} is ${x.dtype}; finite differences need float64 inputs (use .to('float64'))`,
      );
    }
  }
  const outputs = enableGrad(() => outputsOf(fn(...inputs)));
  const failures: string[] = [];
  outputs.forEach((out, o) => {
    const analytic = analyticJacobian(
      out,
      checked.map(({ x }) => x),
    );
    checked.forEach(({ x, i }, c) => {
      const numeric = numericJacobian(fn, inputs, i, o, out.size, eps);
      const rows = analytic[c] as Float64Array[];
      for (let k = 0; k < x.size; k++) {
        for (let j = 0; j < out.size; j++) {
          const a = (rows[j] as Float64Array)[k] as number;
          const n = (numeric[k] as Float64Array)[j] as number;
          if (!(Math.abs(a - n) <= atol + rtol * Math.abs(n)) && failures.length < 5) {
            failures.push(
              `output ${o} element ${j} w.r.t. input ${i} element ${k}: numerical ${n} vs analytical ${a}`,
            );
          }
        }
      }
    });
  });
  if (failures.length === 0) return true;
  if (options.raiseException === false) return false;
  throw new GradcheckError(
    `gradcheck: Jacobian mismatch (atol=${atol}, rtol=${rtol}):\n  ${failures.join('\n  ')}`,
  );
}

/** analytic[c][j][k] = d out_j / d input_c[k], one backward pass per output element. */
function analyticJacobian(out: Tensor, inputs: readonly Tensor[]): Float64Array[][] {
  const result = inputs.map(() => [] as Float64Array[]);
  for (let j = 0; j < out.size; j++) {
    const unit = allocate(out.dtype, out.size);
    unit[j] = 1;
    const seed = uploadTensor(unit, out.shape, out.dtype);
    const grads = out.requiresGrad
      ? autogradGrad(out, inputs, { gradOutputs: [seed], retainGraph: true, allowUnused: true })
      : inputs.map(() => null);
    grads.forEach((g, c) => {
      (result[c] as Float64Array[]).push(
        g ? Float64Array.from(g.dataSync()) : new Float64Array((inputs[c] as Tensor).size),
      );
    });
  }
  return result;
}

/**
 * numeric[k][j] = (out_j(x + eps·e_k) - out_j(x - eps·e_k)) / 2eps. Input `index` is perturbed
 * in place through the backend (a function may read it from a closure, as a module reads its
 * parameters) and restored bit for bit after each element.
 */
function numericJacobian(
  fn: CheckedFunction,
  inputs: readonly Tensor[],
  index: number,
  outputIndex: number,
  outSize: number,
  eps: number,
): Float64Array[] {
  const x = inputs[index] as Tensor;
  const b = backend();
  const handle = x.storage.on(b);
  const values = b.read(handle);
  // Grad mode stays on: the checked function may itself differentiate (gradgradcheck).
  const evaluate = (): Float64Array =>
    enableGrad(() =>
      Float64Array.from((outputsOf(fn(...inputs))[outputIndex] as Tensor).dataSync()),
    );
  const columns: Float64Array[] = [];
  for (let k = 0; k < x.size; k++) {
    const saved = values[k] as number;
    values[k] = saved + eps;
    b.write(handle, values);
    const plus = evaluate();
    values[k] = saved - eps;
    b.write(handle, values);
    const minus = evaluate();
    values[k] = saved;
    b.write(handle, values);
    const column = new Float64Array(outSize);
    for (let j = 0; j < outSize; j++)
      column[j] = ((plus[j] as number) - (minus[j] as number)) / (2 * eps);
    columns.push(column);
  }
  return columns;
}

/**
 * Checks second derivatives: runs {@link gradcheck} on the function that maps the inputs (and
 * random output gradients) to the first-order gradients computed with `createGraph`.
 *
 * @example
 * ```ts
 * const x = randn([3], { dtype: 'float64', requiresGrad: true });
 * gradgradcheck((a) => a.sigmoid(), [x]); // true
 * ```
 */
export function gradgradcheck(
  fn: CheckedFunction,
  inputs: readonly Tensor[],
  options: GradcheckOptions & { seed?: number } = {},
): boolean {
  const generator = new Generator(options.seed ?? 0);
  const outputs = enableGrad(() => outputsOf(fn(...inputs)));
  const gradOutputs = outputs.map((out) =>
    randn(out.shape, { dtype: 'float64', generator, requiresGrad: true }),
  );
  const diffInputs = inputs.filter((x) => x.requiresGrad);
  const firstOrder: CheckedFunction = (...all) => {
    const xs = all.slice(0, inputs.length);
    const vs = all.slice(inputs.length);
    const outs = outputsOf(fn(...xs));
    const used = xs.filter((x) => x.requiresGrad);
    const grads = autogradGrad(outs, used, {
      gradOutputs: vs,
      createGraph: true,
      allowUnused: true,
    });
    return grads.map((g, c) => g ?? zerosLike(used[c] as Tensor));
  };
  if (diffInputs.length === 0)
    throw new ValueError('gradgradcheck: no input requires grad; nothing to check');
  return gradcheck(firstOrder, [...inputs, ...gradOutputs], options);
}
