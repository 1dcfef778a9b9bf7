/**
 * Every error class is thrown where it is promised, with a message that names the op, what was
 * given and what was expected; and the dtype rules that decide what an op returns.
 */
import { describe, expect, it } from 'vitest';
import { describeEachBackend } from './__fixtures__/backends.js';
import {
  AnomalyError,
  AutogradError,
  add,
  arange,
  cat,
  clamp,
  DescentError,
  DTypeError,
  detectAnomaly,
  div,
  eq,
  expand,
  GradcheckError,
  gather,
  gradcheck,
  IndexError,
  indexAdd,
  indexSelect,
  isFinite as isFiniteTensor,
  linear,
  linspace,
  logicalNot,
  lt,
  manualSeed,
  maskedFill,
  maskedSelect,
  matmul,
  mean,
  mul,
  narrow,
  ones,
  permute,
  pow,
  randint,
  reshape,
  ShapeError,
  scatterAdd,
  select,
  slice,
  softmax,
  softplus,
  split,
  stack,
  sum,
  type Tensor,
  t,
  tensor,
  ValueError,
  where,
  zeros,
} from './index.js';

const int32 = (values: number[], shape?: number[]): Tensor =>
  tensor(Int32Array.from(values), { shape: shape ?? [values.length] });

/** Runs `fn`, expecting it to throw an instance of `type`; returns the message. */
function messageOf(fn: () => unknown, type: new (...args: never[]) => Error): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(type);
    expect(e).toBeInstanceOf(DescentError);
    return (e as Error).message;
  }
  throw new Error('expected a throw');
}

describeEachBackend('errors', () => {
  describe('error classes', () => {
    it('all derive from DescentError and Error, and carry their own name', () => {
      const classes = [
        AnomalyError,
        AutogradError,
        DTypeError,
        GradcheckError,
        IndexError,
        ShapeError,
        ValueError,
      ];
      for (const Cls of classes) {
        const e = new Cls('x');
        expect(e).toBeInstanceOf(DescentError);
        expect(e).toBeInstanceOf(Error);
        expect(e.name).toBe(Cls.name);
      }
      expect(new DescentError('x').name).toBe('DescentError');
    });
  });

  describe('ShapeError', () => {
    it('matmul names both shapes and the clashing inner sizes', () => {
      expect(messageOf(() => matmul(zeros([2, 3]), zeros([4, 5])), ShapeError)).toBe(
        'matmul: shapes [2,3] and [4,5] cannot be multiplied (3 != 4)',
      );
      expect(messageOf(() => matmul(zeros([3]), zeros([2])), ShapeError)).toBe(
        'matmul: shapes [3] and [2] cannot be multiplied (3 != 2)',
      );
      expect(messageOf(() => matmul(zeros([]), zeros([3])), ShapeError)).toMatch(
        /at least 1 dim, got shapes \[\] and \[3\]/,
      );
    });

    it('matmul batch dims that do not broadcast name the full operand shapes', () => {
      expect(messageOf(() => matmul(zeros([2, 2, 3]), zeros([3, 3, 2])), ShapeError)).toBe(
        'matmul: the batch dims of shapes [2,2,3] and [3,3,2] cannot be broadcast together ([2] vs [3])',
      );
    });

    it('a broadcasting clash names the op, both shapes and the axis', () => {
      expect(messageOf(() => add(zeros([2, 3]), zeros([4])), ShapeError)).toBe(
        'add: shapes [2,3] and [4] cannot be broadcast together (axis -1: 3 vs 4)',
      );
      expect(messageOf(() => mul(zeros([2, 4, 3]), zeros([5, 1])), ShapeError)).toBe(
        'mul: shapes [2,4,3] and [5,1] cannot be broadcast together (axis -2: 4 vs 5)',
      );
      expect(
        messageOf(() => where(tensor([true, false, true]), zeros([2]), 0), ShapeError),
      ).toMatch(/^where: shapes \[3\] and \[2\]/);
    });

    it('reshape names the target shape and the input size', () => {
      expect(messageOf(() => reshape(zeros([2, 3]), [4, 2]), ShapeError)).toBe(
        'reshape: shape [4,2] is invalid for input of size 6 (shape [2,3])',
      );
      expect(messageOf(() => reshape(zeros([2, 3]), [-1, 4]), ShapeError)).toBe(
        'reshape: shape [-1,4] is invalid for input of size 6',
      );
      expect(messageOf(() => reshape(zeros([6]), [-1, -1]), ShapeError)).toMatch(
        /only one dim can be -1/,
      );
      expect(messageOf(() => zeros([6]).view([2, 2]), ShapeError)).toMatch(
        /^reshape: shape \[2,2\]/,
      );
    });

    it('cat, stack, expand, split, linear and t explain the mismatch', () => {
      expect(messageOf(() => cat([zeros([2, 3]), zeros([2, 4])]), ShapeError)).toBe(
        'cat: tensors[1] has shape [2,4] but tensors[0] has [2,3]; all dims but 0 must match',
      );
      expect(messageOf(() => stack([zeros([2]), zeros([3])]), ShapeError)).toMatch(
        /tensors\[0\] is \[2\] and tensors\[1\] is \[3\]/,
      );
      expect(messageOf(() => expand(zeros([2, 3]), [4, 3]), ShapeError)).toMatch(
        /expanded size 4 must match the existing size 2 at dim 0/,
      );
      expect(messageOf(() => split(zeros([5]), [2, 2]), ShapeError)).toMatch(
        /sizes \[2,2\] must be whole numbers summing to 5/,
      );
      expect(messageOf(() => linear(zeros([2, 3]), zeros([4, 5])), ShapeError)).toMatch(
        /input of shape \[2,3\].*weight of shape \[4,5\].*expected last dim 5/,
      );
      expect(messageOf(() => linear(zeros([2, 3]), zeros([4, 3]), zeros([3])), ShapeError)).toMatch(
        /bias must have shape \[4\], got \[3\]/,
      );
      expect(messageOf(() => t(zeros([2, 3, 4])), ShapeError)).toMatch(
        /<= 2 dims, got shape \[2,3,4\]/,
      );
    });

    it('index tensors whose shapes do not fit are rejected', () => {
      expect(messageOf(() => gather(zeros([2, 3]), 0, int32([0, 1])), ShapeError)).toMatch(
        /index has 1 dims but the tensor has 2/,
      );
      expect(
        messageOf(() => indexAdd(zeros([3, 2]), 0, int32([0]), zeros([2, 2])), ShapeError),
      ).toMatch(/src has shape \[2,2\] but \[1,2\] was expected/);
      expect(messageOf(() => indexSelect(tensor(3), 0, int32([0, 0])), ShapeError)).toBe(
        'indexSelect: the index of a 0-d tensor must have exactly 1 element, got 2',
      );
      expect(messageOf(() => indexAdd(tensor(1), 0, int32([0, 0]), tensor(2)), ShapeError)).toMatch(
        /0-d tensor .* got 2/,
      );
      expect(
        messageOf(() => maskedFill(zeros([3]), tensor([[true], [false]]), 0), ShapeError),
      ).toMatch(/mask of shape \[2,1\]/);
    });
  });

  describe('ValueError from tensor() and friends', () => {
    it('a ragged nested array names the offending index', () => {
      expect(messageOf(() => tensor([[1, 2], [3]]), ValueError)).toBe(
        'tensor: ragged nested array: [1] has length 1 but its siblings have length 2',
      );
      expect(messageOf(() => tensor([[1], 2] as never), ValueError)).toMatch(
        /\[1\] is 2 but an array of length 1 was expected/,
      );
      expect(messageOf(() => tensor([1, [2]] as never), ValueError)).toMatch(
        /element \[1\] is an array/,
      );
      expect(
        messageOf(
          () =>
            tensor([
              [[1, 2]],
              [
                [3, 4],
                [5, 6],
              ],
            ]),
          ValueError,
        ),
      ).toMatch(/\[1\] has length 2 but its siblings have length 1/);
    });

    it('NaN and undefined are reported with their position', () => {
      expect(
        messageOf(
          () =>
            tensor([
              [1, 2],
              [Number.NaN, 4],
            ]),
          ValueError,
        ),
      ).toBe('tensor: element [1][0] is NaN');
      expect(messageOf(() => tensor([1, undefined] as never), ValueError)).toMatch(
        /element \[1\] is undefined/,
      );
      expect(messageOf(() => tensor(new Float64Array([1, Number.NaN])), ValueError)).toBe(
        'tensor: element 1 of the data is NaN',
      );
      expect(messageOf(() => tensor([1, 2, 3], { shape: [2, 2] }), ValueError)).toMatch(
        /3 elements but shape \[2,2\] needs 4/,
      );
    });

    it('bad shapes, sizes, steps and bounds', () => {
      expect(messageOf(() => zeros([2, -1]), ValueError)).toMatch(
        /^zeros: shape \[2,-1\] has an invalid size -1/,
      );
      expect(messageOf(() => ones([1.5]), ValueError)).toMatch(/^ones: /);
      expect(messageOf(() => arange(0, 5, -1), ValueError)).toMatch(
        /inconsistent \(start=0, end=5, step=-1\)/,
      );
      expect(messageOf(() => arange(0, 5, 0), ValueError)).toMatch(/non-zero step/);
      expect(messageOf(() => linspace(0, 1, -2), ValueError)).toMatch(
        /steps must be a whole number >= 0, got -2/,
      );
      expect(messageOf(() => randint(3, 3, [2]), ValueError)).toMatch(
        /low < high, got low=3, high=3/,
      );
      expect(messageOf(() => manualSeed(1.5), ValueError)).toMatch(/whole number, got 1.5/);
      expect(messageOf(() => slice(zeros([3]), [{ step: 0 }]), ValueError)).toMatch(
        /step must be a whole number > 0, got 0 at dim 0/,
      );
      expect(messageOf(() => clamp(zeros([2])), ValueError)).toMatch(/at least one of min or max/);
      expect(messageOf(() => softplus(zeros([2]), { beta: 0 }), ValueError)).toMatch(
        /beta must not be 0/,
      );
      expect(messageOf(() => cat([]), ValueError)).toMatch(/non-empty array/);
      expect(
        messageOf(() => mean(zeros([2]).var(null, { correction: 1, unbiased: false })), ValueError),
      ).toMatch(/either correction or unbiased/);
    });

    it('non-tensor operands are described', () => {
      expect(messageOf(() => add(1 as never, 2 as never), ValueError)).toBe(
        'add: expected at least one Tensor operand, got two numbers',
      );
      expect(messageOf(() => add(zeros([2]), [1, 2] as never), ValueError)).toMatch(
        /got an array \(wrap it with tensor\(\)\)/,
      );
      expect(messageOf(() => sum('x' as never), ValueError)).toMatch(
        /^sum: expected input to be a Tensor, got string x/,
      );
    });

    it('item() on a multi-element tensor', () => {
      expect(messageOf(() => zeros([2, 3]).item(), ValueError)).toBe(
        'item: only one-element tensors can be converted to a number, got shape [2,3]',
      );
      expect(zeros([1, 1, 1]).item()).toBe(0);
    });
  });

  describe('IndexError', () => {
    it('a dim out of range names the op, the dim and the valid range', () => {
      expect(messageOf(() => sum(zeros([2, 3]), 2), IndexError)).toBe(
        'sum: dim 2 out of range for a 2-d tensor (expected -2 to 1)',
      );
      expect(messageOf(() => softmax(zeros([2, 3]), -3), IndexError)).toBe(
        'softmax: dim -3 out of range for a 2-d tensor (expected -2 to 1)',
      );
      expect(messageOf(() => zeros([2]).unsqueeze(3), IndexError)).toMatch(
        /^unsqueeze: dim 3 out of range/,
      );
      expect(messageOf(() => sum(zeros([2, 3]), [1, -1]), IndexError)).toMatch(
        /dim -1 appears more than once/,
      );
      expect(messageOf(() => permute(zeros([2, 3]), [0, 0]), IndexError)).toMatch(/repeated dim/);
    });

    it('out-of-range indices in gather, indexSelect, scatterAdd, select, narrow and slice', () => {
      expect(messageOf(() => gather(zeros([2, 3]), 1, int32([0, 3], [1, 2])), IndexError)).toBe(
        'gather: index 3 (at flat position 1) is out of bounds for dim 1 with size 3',
      );
      expect(messageOf(() => indexSelect(zeros([2, 3]), 0, int32([-1])), IndexError)).toMatch(
        /^indexSelect: index -1 .* dim 0 with size 2/,
      );
      expect(messageOf(() => indexSelect(zeros([2, 3]), 0, int32([2])), IndexError)).toMatch(
        /index 2/,
      );
      expect(
        messageOf(() => scatterAdd(zeros([2]), 0, int32([5]), zeros([1])), IndexError),
      ).toMatch(/^scatterAdd: index 5/);
      expect(messageOf(() => select(zeros([2, 3]), 1, 3), IndexError)).toBe(
        'select: index 3 is out of bounds for dim 1 with size 3',
      );
      expect(messageOf(() => narrow(zeros([2, 3]), 1, 2, 2), IndexError)).toMatch(
        /start 2 and length 2 exceed dim 1 of size 3/,
      );
      expect(messageOf(() => slice(zeros([2, 3]), [0, 0, 0]), IndexError)).toMatch(
        /too many indices \(3\) for a tensor of shape \[2,3\]/,
      );
    });
  });

  describe('DTypeError', () => {
    it('a non-bool where condition, mask or index', () => {
      expect(messageOf(() => where(tensor([1, 0]), zeros([2]), 1), DTypeError)).toBe(
        'where: condition must be a bool tensor (e.g. x.gt(0)), got dtype float32',
      );
      expect(messageOf(() => maskedSelect(zeros([2]), zeros([2])), DTypeError)).toMatch(
        /mask must be a bool tensor, got float32/,
      );
      expect(messageOf(() => indexSelect(zeros([2]), 0, tensor([1])), DTypeError)).toMatch(
        /index must be an int32 tensor, got float32/,
      );
    });

    it('unknown dtypes, gradients of non-floats, bool arithmetic, float32 gradcheck', () => {
      expect(messageOf(() => zeros([2], { dtype: 'int64' as never }), DTypeError)).toBe(
        'zeros: unknown dtype "int64"; expected one of float32, float64, int32, bool',
      );
      expect(
        messageOf(() => tensor([1], { dtype: 'int32', requiresGrad: true }), DTypeError),
      ).toMatch(/only floating-point.*int32/);
      expect(messageOf(() => tensor([true]).exp(), DTypeError)).toMatch(
        /^exp: not defined for bool tensors/,
      );
      expect(
        messageOf(() => gradcheck((x) => x, [zeros([2], { requiresGrad: true })]), DTypeError),
      ).toMatch(/input 0 is float32/);
    });
  });

  describe('AutogradError, GradcheckError, AnomalyError', () => {
    it('are thrown by the engine, gradcheck and anomaly mode', () => {
      expect(
        messageOf(() => ones([2], { requiresGrad: true }).mul(2).backward(), AutogradError),
      ).toMatch(/scalar outputs/);
      expect(messageOf(() => ones([2], { requiresGrad: true }).add_(1), AutogradError)).toMatch(
        /^add_: .*in-place/,
      );
      const x = tensor(Float64Array.of(1, 2), { requiresGrad: true });
      expect(messageOf(() => gradcheck((a) => a.detach().mul(a), [x]), GradcheckError)).toMatch(
        /input 0 element 0: numerical 2(\.\d+)? vs analytical 1\b/,
      );
      expect(
        messageOf(() => gradcheck((a) => a, [zeros([1], { dtype: 'float64' })]), ValueError),
      ).toMatch(/no input requires grad/);
      expect(
        messageOf(() => detectAnomaly(() => div(ones([1]), zeros([1]))), AnomalyError),
      ).toMatch(/forward of 'div' produced Infinity/);
    });
  });

  describe('dtype promotion', () => {
    const f32 = tensor([1.5, 2]);
    const f64 = tensor([1, 2], { dtype: 'float64' });
    const i32 = tensor([1, 2], { dtype: 'int32' });
    const b = tensor([true, false]);

    it('tensor operands promote along bool < int32 < float32 < float64', () => {
      expect(add(f32, f64).dtype).toBe('float64');
      expect(add(f64, f32).dtype).toBe('float64');
      expect(add(i32, f32).dtype).toBe('float32');
      expect(mul(b, i32).dtype).toBe('int32');
      expect(add(b, f64).dtype).toBe('float64');
      expect(add(i32, i32).dtype).toBe('int32');
      expect(cat([i32, f32]).dtype).toBe('float32');
      expect(where(b, i32, f64).dtype).toBe('float64');
      expect(Array.from(add(f32, f64).dataSync())).toEqual([2.5, 4]);
      expect(Array.from(mul(b, i32).dataSync())).toEqual([1, 0]);
    });

    it('numbers do not widen a float tensor; a fraction turns integers into float32', () => {
      expect(add(f32, 0.1).dtype).toBe('float32');
      expect(add(f64, 0.1).dtype).toBe('float64');
      expect(add(i32, 2).dtype).toBe('int32');
      expect(add(i32, 0.5).dtype).toBe('float32');
      expect(Array.from(add(i32, 0.5).dataSync())).toEqual([1.5, 2.5]);
    });

    it('ops that only make sense on reals give float32 for integers', () => {
      expect(div(i32, i32).dtype).toBe('float32');
      expect(Array.from(div(int32([1, 3]), int32([2, 2])).dataSync())).toEqual([0.5, 1.5]);
      expect(i32.exp().dtype).toBe('float32');
      expect(mean(i32).dtype).toBe('float32');
      expect(sum(b).dtype).toBe('int32');
      expect(sum(b).item()).toBe(1);
      expect(i32.abs().dtype).toBe('int32');
    });

    it('comparisons and logical ops give bool', () => {
      for (const r of [
        eq(f32, 2),
        lt(i32, f64),
        f32.gt(f32),
        isFiniteTensor(f64),
        logicalNot(b),
        f32.ne(1.5),
      ])
        expect(r.dtype).toBe('bool');
      expect(Array.from(lt(i32, tensor([2, 2], { dtype: 'float64' })).dataSync())).toEqual([1, 0]);
      expect(
        Array.from(
          isFiniteTensor(
            tensor([1, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]),
          ).dataSync(),
        ),
      ).toEqual([1, 0, 0]);
      expect(eq(f32, 2).requiresGrad).toBe(false);
      expect(tensor([1], { requiresGrad: true }).gt(0).requiresGrad).toBe(false);
    });
  });

  describe('in-place results must fit the tensor', () => {
    it('refuses to truncate a float result into an int32 or bool tensor, as PyTorch does', () => {
      const ints = () => tensor([1, 2], { dtype: 'int32' });
      expect(() => ints().add_(1.5)).toThrow(DTypeError);
      expect(() => ints().add_(1.5)).toThrow(
        'add_: the fractional number 1.5 cannot be stored in place in a int32 tensor',
      );
      expect(() => ints().add_(1, 0.5)).toThrow(DTypeError);
      expect(() => ints().mul_(tensor([2, 2]))).toThrow(/a float32 operand/);
      expect(() => ints().div_(2)).toThrow(/a floating-point result/);
      expect(() => ints().uniform_()).toThrow(DTypeError);
      expect(() => tensor([true, false]).add_(1)).toThrow(/the number 1 .* bool tensor/);
    });

    it('still allows what fits: whole numbers into int32, anything into floats', () => {
      expect(Array.from(tensor([1, 2], { dtype: 'int32' }).add_(3).mul_(2).dataSync())).toEqual([
        8, 10,
      ]);
      expect(Array.from(tensor([1, 2]).add_(0.5).dataSync())).toEqual([1.5, 2.5]);
      expect(
        Array.from(
          tensor([1, 2], { dtype: 'int32' })
            .copy_(tensor([3.7, 4.2]))
            .dataSync(),
        ),
      ).toEqual([3, 4]);
    });

    it('the .grad setter refuses a gradient of another dtype', () => {
      const x = tensor([1, 2], { requiresGrad: true });
      expect(() => {
        x.grad = tensor([1, 1], { dtype: 'float64' });
      }).toThrow('grad: assigned gradient has dtype float64 but the tensor has dtype float32');
    });
  });

  describe('integer powers', () => {
    it('refuses integers to negative integer powers instead of returning 0, as PyTorch', () => {
      const ints = tensor([2, 3], { dtype: 'int32' });
      expect(() => ints.pow(-1)).toThrow(ValueError);
      expect(() => ints.pow(-1)).toThrow(
        'pow: integers to negative integer powers are not allowed',
      );
      expect(() => pow(2, tensor([1, -2], { dtype: 'int32' }))).toThrow(ValueError);
      expect(Array.from(ints.pow(2).dataSync())).toEqual([4, 9]);
      expect(Array.from(ints.to('float32').pow(-1).dataSync())).toEqual([0.5, Math.fround(1 / 3)]);
    });
  });
});
