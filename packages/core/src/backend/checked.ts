import { type DType, dtypeOfArray } from '../dtype.js';
import { DescentError } from '../errors.js';
import { contiguousStrides, type Shape, sizeOf } from '../shape.js';
import type { Backend, BinaryOp, UnaryOp } from './kernels.js';

/**
 * A handle of the {@link checkedBackend}: the wrapped backend's handle with its dtype and size.
 *
 * @example
 * ```ts
 * const b = checkedBackend(cpuBackend);
 * const h: CheckedHandle<TypedArray> = b.alloc('float32', 3); // h.size === 3
 * ```
 */
export interface CheckedHandle<H> {
  /** The wrapped backend's handle. */
  readonly inner: H;
  /** Element type. */
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
}

/** A broken rule of the `Kernels` contract: a bug in the op that called the kernel. */
class ContractError extends DescentError {
  override name = 'ContractError';
}

const MASK_OPS: ReadonlySet<UnaryOp> = new Set(['logicalNot', 'isNonFinite']);
const BOOL_OPS: ReadonlySet<BinaryOp> = new Set([
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'logicalAnd',
  'logicalOr',
]);

/**
 * Wraps a backend so that every call is checked against the `Kernels` contract (layout, sizes,
 * dtypes, aliasing) before the wrapped backend runs it; a broken rule throws, naming the kernel.
 * Its handles are objects, not arrays, so code outside the backend that looked inside a handle
 * breaks under it. The op and gradient suite runs on it next to every real backend: a new
 * backend is tested as `checkedBackend(myBackend)`.
 *
 * @example
 * ```ts
 * registerBackend(checkedBackend(cpuBackend)); // named 'checked(ts)'
 * setBackend('checked(ts)');
 * ```
 */
export function checkedBackend<H>(inner: Backend<H>): Backend<CheckedHandle<H>> {
  type C = CheckedHandle<H>;
  const own = new WeakSet<object>();
  const wrap = (handle: H, dtype: DType, size: number): C => {
    const c = { inner: handle, dtype, size };
    own.add(c);
    return c;
  };
  const fail = (kernel: string, message: string): never => {
    throw new ContractError(`checked backend: ${kernel}: ${message}`);
  };
  const h = (kernel: string, what: string, c: C): H => {
    if (typeof c !== 'object' || c === null || !own.has(c)) {
      fail(kernel, `${what} is not a handle of this backend`);
    }
    return c.inner;
  };
  const opt = (kernel: string, what: string, c: C | null): H | null =>
    c === null ? null : h(kernel, what, c);
  const sameDType = (kernel: string, dtype: DType, entries: [string, C | null][]): void => {
    for (const [what, c] of entries) {
      if (c !== null && c.dtype !== dtype) fail(kernel, `${what} is ${c.dtype}, expected ${dtype}`);
    }
  };
  const size = (kernel: string, what: string, c: C | null, expected: number): void => {
    if (c !== null && c.size !== expected) {
      fail(kernel, `${what} has ${c.size} elements, expected ${expected}`);
    }
  };
  const distinct = (kernel: string, entries: [string, C | null][]): void => {
    for (let i = 0; i < entries.length; i++) {
      for (let j = i + 1; j < entries.length; j++) {
        const [a, x] = entries[i] as [string, C | null];
        const [b, y] = entries[j] as [string, C | null];
        if (x !== null && x === y) fail(kernel, `${a} and ${b} are the same buffer`);
      }
    }
  };
  /** The largest flat index a strided read of `shape` reaches must lie inside `c`. */
  const reach = (
    kernel: string,
    what: string,
    c: C,
    offset: number,
    strides: readonly number[],
    shape: Shape,
  ): void => {
    if (sizeOf(shape) === 0) return;
    let last = offset;
    shape.forEach((extent, d) => {
      last += (extent - 1) * (strides[d] ?? Number.NaN);
    });
    if (!(last < c.size && offset >= 0)) {
      fail(kernel, `${what} is read up to index ${last} but holds ${c.size} elements`);
    }
  };
  const isFloatHandle = (c: C): boolean => c.dtype === 'float32' || c.dtype === 'float64';

  return {
    name: `checked(${inner.name})`,
    alloc(dtype, n) {
      if (!Number.isInteger(n) || n < 0) fail('alloc', `size ${n} is not a whole number >= 0`);
      return wrap(inner.alloc(dtype, n), dtype, n);
    },
    upload(dtype, values) {
      if (dtypeOfArray(values) !== dtype) {
        fail('upload', `a ${values.constructor.name} given for dtype ${dtype}`);
      }
      return wrap(inner.upload(dtype, values), dtype, values.length);
    },
    read: (c) => inner.read(h('read', 'buffer', c)),
    readScalar(c, index) {
      if (!(index >= 0 && index < c.size)) fail('readScalar', `index ${index} of ${c.size}`);
      return inner.readScalar(h('readScalar', 'buffer', c), index);
    },
    write(c, values) {
      if (values.length !== c.size || dtypeOfArray(values) !== c.dtype) {
        fail('write', `${values.length} ${dtypeOfArray(values)} values for ${c.size} ${c.dtype}`);
      }
      inner.write(h('write', 'buffer', c), values);
    },
    fill: (c, value) => inner.fill(h('fill', 'buffer', c), value),
    ...(inner.release === undefined
      ? {}
      : { release: (c: C) => inner.release?.(h('release', 'buffer', c)) }),
    unary(op, x, out, p0, p1) {
      const k = `unary ${op}`;
      size(k, 'out', out, x.size);
      sameDType(k, MASK_OPS.has(op) ? 'bool' : x.dtype, [['out', out]]);
      inner.unary(op, h(k, 'x', x), h(k, 'out', out), p0, p1);
    },
    binary(op, a, aStrides, b, bStrides, out, outShape) {
      const k = `binary ${op}`;
      size(k, 'out', out, sizeOf(outShape));
      sameDType(k, a.dtype, [['b', b]]);
      sameDType(k, BOOL_OPS.has(op) ? 'bool' : a.dtype, [['out', out]]);
      reach(k, 'a', a, 0, aStrides, outShape);
      reach(k, 'b', b, 0, bStrides, outShape);
      distinct(k, [
        ['b', b],
        ['out', out],
      ]);
      if (a === out && contiguousStrides(outShape).some((s, d) => aStrides[d] !== s)) {
        fail(k, 'out is a, but a is not read contiguously');
      }
      inner.binary(op, h(k, 'a', a), aStrides, h(k, 'b', b), bStrides, h(k, 'out', out), outShape);
    },
    where(cond, cStrides, a, aStrides, b, bStrides, out, outShape) {
      const k = 'where';
      size(k, 'out', out, sizeOf(outShape));
      sameDType(k, 'bool', [['cond', cond]]);
      sameDType(k, out.dtype, [
        ['a', a],
        ['b', b],
      ]);
      reach(k, 'cond', cond, 0, cStrides, outShape);
      reach(k, 'a', a, 0, aStrides, outShape);
      reach(k, 'b', b, 0, bStrides, outShape);
      distinct(k, [
        ['cond', cond],
        ['out', out],
      ]);
      distinct(k, [
        ['a', a],
        ['out', out],
      ]);
      distinct(k, [
        ['b', b],
        ['out', out],
      ]);
      inner.where(
        h(k, 'cond', cond),
        cStrides,
        h(k, 'a', a),
        aStrides,
        h(k, 'b', b),
        bStrides,
        h(k, 'out', out),
        outShape,
      );
    },
    reduce(op, x, shape, dims, out) {
      const k = `reduce ${op}`;
      size(k, 'x', x, sizeOf(shape));
      size(k, 'out', out, sizeOf(shape.filter((_, d) => !dims.includes(d))));
      sameDType(k, x.dtype, [['out', out]]);
      dims.forEach((d, i) => {
        if (!(d >= 0 && d < shape.length) || (i > 0 && d <= (dims[i - 1] as number))) {
          fail(k, `dims ${JSON.stringify(dims)} are not sorted, distinct dims of ${shape.length}`);
        }
      });
      distinct(k, [
        ['x', x],
        ['out', out],
      ]);
      inner.reduce(op, h(k, 'x', x), shape, dims, h(k, 'out', out));
    },
    argReduce(op, x, shape, dim, out) {
      const k = op;
      size(k, 'x', x, sizeOf(shape));
      size(k, 'out', out, sizeOf(shape.filter((_, d) => d !== dim)));
      sameDType(k, 'int32', [['out', out]]);
      inner.argReduce(op, h(k, 'x', x), shape, dim, h(k, 'out', out));
    },
    matmul(a, b, out, batch, m, kk, n, transA, transB, aStride, bStride) {
      const k = 'matmul';
      sameDType(k, out.dtype, [
        ['a', a],
        ['b', b],
      ]);
      size(k, 'out', out, batch * m * n);
      if (batch > 0 && a.size < (batch - 1) * aStride + m * kk) fail(k, 'a is too small');
      if (batch > 0 && b.size < (batch - 1) * bStride + kk * n) fail(k, 'b is too small');
      distinct(k, [
        ['a', a],
        ['out', out],
      ]);
      distinct(k, [
        ['b', b],
        ['out', out],
      ]);
      inner.matmul(
        h(k, 'a', a),
        h(k, 'b', b),
        h(k, 'out', out),
        batch,
        m,
        kk,
        n,
        transA,
        transB,
        aStride,
        bStride,
      );
    },
    stridedCopy(src, offset, strides, out, outShape) {
      const k = 'stridedCopy';
      size(k, 'out', out, sizeOf(outShape));
      sameDType(k, src.dtype, [['out', out]]);
      reach(k, 'src', src, offset, strides, outShape);
      distinct(k, [
        ['src', src],
        ['out', out],
      ]);
      inner.stridedCopy(h(k, 'src', src), offset, strides, h(k, 'out', out), outShape);
    },
    stridedScatterAdd(src, srcShape, out, offset, strides) {
      const k = 'stridedScatterAdd';
      size(k, 'src', src, sizeOf(srcShape));
      sameDType(k, src.dtype, [['out', out]]);
      reach(k, 'out', out, offset, strides, srcShape);
      distinct(k, [
        ['src', src],
        ['out', out],
      ]);
      inner.stridedScatterAdd(h(k, 'src', src), srcShape, h(k, 'out', out), offset, strides);
    },
    cast(x, out) {
      size('cast', 'out', out, x.size);
      distinct('cast', [
        ['x', x],
        ['out', out],
      ]);
      inner.cast(h('cast', 'x', x), h('cast', 'out', out));
    },
    indexSelect(x, outer, dimSize, innerSize, index, out) {
      const k = 'indexSelect';
      sameDType(k, 'int32', [['index', index]]);
      sameDType(k, x.dtype, [['out', out]]);
      size(k, 'x', x, outer * dimSize * innerSize);
      size(k, 'out', out, outer * index.size * innerSize);
      inner.indexSelect(
        h(k, 'x', x),
        outer,
        dimSize,
        innerSize,
        h(k, 'index', index),
        h(k, 'out', out),
      );
    },
    indexAdd(src, outer, dimSize, innerSize, index, out) {
      const k = 'indexAdd';
      sameDType(k, 'int32', [['index', index]]);
      sameDType(k, out.dtype, [['src', src]]);
      size(k, 'out', out, outer * dimSize * innerSize);
      size(k, 'src', src, outer * index.size * innerSize);
      distinct(k, [
        ['src', src],
        ['out', out],
      ]);
      inner.indexAdd(
        h(k, 'src', src),
        outer,
        dimSize,
        innerSize,
        h(k, 'index', index),
        h(k, 'out', out),
      );
    },
    gather(x, xShape, dim, index, indexShape, out) {
      const k = 'gather';
      sameDType(k, 'int32', [['index', index]]);
      sameDType(k, x.dtype, [['out', out]]);
      size(k, 'x', x, sizeOf(xShape));
      size(k, 'index', index, sizeOf(indexShape));
      size(k, 'out', out, sizeOf(indexShape));
      inner.gather(h(k, 'x', x), xShape, dim, h(k, 'index', index), indexShape, h(k, 'out', out));
    },
    scatterAdd(src, index, indexShape, dim, out, outShape) {
      const k = 'scatterAdd';
      sameDType(k, 'int32', [['index', index]]);
      sameDType(k, out.dtype, [['src', src]]);
      size(k, 'src', src, sizeOf(indexShape));
      size(k, 'index', index, sizeOf(indexShape));
      size(k, 'out', out, sizeOf(outShape));
      distinct(k, [
        ['src', src],
        ['out', out],
      ]);
      inner.scatterAdd(
        h(k, 'src', src),
        h(k, 'index', index),
        indexShape,
        dim,
        h(k, 'out', out),
        outShape,
      );
    },
    update(op, out, a, b, alpha) {
      const k = `update ${op}`;
      for (const [what, c] of [
        ['a', a],
        ['b', b],
      ] as [string, C | null][]) {
        if (c !== null && c.size !== out.size && c.size !== 1) {
          fail(k, `${what} has ${c.size} elements, expected ${out.size} or 1`);
        }
      }
      sameDType(k, out.dtype, [
        ['a', a],
        ['b', b],
      ]);
      distinct(k, [
        ['a', a],
        ['out', out],
      ]);
      distinct(k, [
        ['b', b],
        ['out', out],
      ]);
      inner.update(op, h(k, 'out', out), opt(k, 'a', a), opt(k, 'b', b), alpha);
    },
    vectorNorm(x, p, out) {
      const k = 'vectorNorm';
      size(k, 'out', out, 1);
      sameDType(k, x.dtype, [['out', out]]);
      if (!isFloatHandle(x)) fail(k, `x is ${x.dtype}, expected a floating dtype`);
      inner.vectorNorm(h(k, 'x', x), p, h(k, 'out', out));
    },
    nonzero(mask, out) {
      sameDType('nonzero', 'bool', [['mask', mask]]);
      sameDType('nonzero', 'int32', [['out', out]]);
      inner.nonzero(h('nonzero', 'mask', mask), h('nonzero', 'out', out));
    },
    findNonFinite: (x) => inner.findNonFinite(h('findNonFinite', 'x', x)),
    batchNormForward(x, n, c, l, weight, bias, eps, out, mean, invstd, rMean, rVar, momentum) {
      const k = 'batchNormForward';
      const perChannel: [string, C | null][] = [
        ['weight', weight],
        ['bias', bias],
        ['mean', mean],
        ['invstd', invstd],
        ['runningMean', rMean],
        ['runningVar', rVar],
      ];
      size(k, 'x', x, n * c * l);
      size(k, 'out', out, n * c * l);
      for (const [what, t] of perChannel) size(k, what, t, c);
      sameDType(k, x.dtype, [['out', out], ...perChannel]);
      distinct(k, [['x', x], ['out', out], ...perChannel]);
      inner.batchNormForward(
        h(k, 'x', x),
        n,
        c,
        l,
        opt(k, 'weight', weight),
        opt(k, 'bias', bias),
        eps,
        h(k, 'out', out),
        h(k, 'mean', mean),
        h(k, 'invstd', invstd),
        opt(k, 'runningMean', rMean),
        opt(k, 'runningVar', rVar),
        momentum,
      );
    },
    batchNormBackward(g, x, mean, invstd, weight, n, c, l, dx, dweight, dbias) {
      const k = 'batchNormBackward';
      const all: [string, C | null][] = [
        ['g', g],
        ['x', x],
        ['mean', mean],
        ['invstd', invstd],
        ['weight', weight],
        ['dx', dx],
        ['dweight', dweight],
        ['dbias', dbias],
      ];
      for (const what of ['g', 'x', 'dx'])
        size(k, what, all.find(([w]) => w === what)?.[1] ?? null, n * c * l);
      for (const what of ['mean', 'invstd', 'weight', 'dweight', 'dbias']) {
        size(k, what, all.find(([w]) => w === what)?.[1] ?? null, c);
      }
      sameDType(k, x.dtype, all);
      distinct(k, all);
      inner.batchNormBackward(
        h(k, 'g', g),
        h(k, 'x', x),
        h(k, 'mean', mean),
        h(k, 'invstd', invstd),
        opt(k, 'weight', weight),
        n,
        c,
        l,
        opt(k, 'dx', dx),
        opt(k, 'dweight', dweight),
        opt(k, 'dbias', dbias),
      );
    },
    sgdStep(p, g, buf, first, options) {
      const all: [string, C | null][] = [
        ['g', g],
        ['buf', buf],
      ];
      stepChecks('sgdStep', p, all);
      inner.sgdStep(
        h('sgdStep', 'p', p),
        h('sgdStep', 'g', g),
        opt('sgdStep', 'buf', buf),
        first,
        options,
      );
    },
    adagradStep(p, g, sum, step, options) {
      stepChecks('adagradStep', p, [
        ['g', g],
        ['sum', sum],
      ]);
      const k = 'adagradStep';
      inner.adagradStep(h(k, 'p', p), h(k, 'g', g), h(k, 'sum', sum), step, options);
    },
    rmspropStep(p, g, squareAvg, gradAvg, buf, options) {
      const k = 'rmspropStep';
      stepChecks(k, p, [
        ['g', g],
        ['squareAvg', squareAvg],
        ['gradAvg', gradAvg],
        ['buf', buf],
      ]);
      inner.rmspropStep(
        h(k, 'p', p),
        h(k, 'g', g),
        h(k, 'squareAvg', squareAvg),
        opt(k, 'gradAvg', gradAvg),
        opt(k, 'buf', buf),
        options,
      );
    },
    adamStep(p, g, expAvg, expAvgSq, maxExpAvgSq, step, decoupled, options) {
      const k = 'adamStep';
      stepChecks(k, p, [
        ['g', g],
        ['expAvg', expAvg],
        ['expAvgSq', expAvgSq],
        ['maxExpAvgSq', maxExpAvgSq],
      ]);
      inner.adamStep(
        h(k, 'p', p),
        h(k, 'g', g),
        h(k, 'expAvg', expAvg),
        h(k, 'expAvgSq', expAvgSq),
        opt(k, 'maxExpAvgSq', maxExpAvgSq),
        step,
        decoupled,
        options,
      );
    },
  };

  /** An optimizer step's buffers: the parameter's size and floating dtype, all distinct. */
  function stepChecks(kernel: string, p: C, others: [string, C | null][]): void {
    if (!isFloatHandle(p)) fail(kernel, `the parameter is ${p.dtype}, expected a floating dtype`);
    for (const [what, c] of others) size(kernel, what, c, p.size);
    sameDType(kernel, p.dtype, others);
    distinct(kernel, [['p', p], ...others]);
  }
}
