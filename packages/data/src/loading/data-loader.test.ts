import {
  arange,
  Generator,
  IndexError,
  manualSeed,
  randn,
  ShapeError,
  type Tensor,
  tensor,
  ValueError,
  zeros,
} from '@descent/core';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { DataLoader } from './data-loader.js';
import type { Dataset } from './dataset.js';
import { Subset } from './subset.js';
import { TensorDataset } from './tensor-dataset.js';

/** A dataset whose item i is [i] and [2i]: a batch tells which items it holds. */
const ids = (n: number) =>
  new TensorDataset(arange(n, undefined, 1, { dtype: 'int32' }), arange(0, 2 * n, 2));

/** The ids in each batch of one epoch. */
const epoch = (loader: Iterable<Tensor[]>): number[][] =>
  [...loader].map(([id]) => (id as Tensor).toArray() as number[]);

/** The same rows as `ids(n)`, as a generic dataset that only has getItem. */
function genericIds(n: number): Dataset<[Tensor, Tensor]> & { calls: number } {
  const data = {
    length: n,
    calls: 0,
    getItem(i: number): [Tensor, Tensor] {
      data.calls++;
      return [tensor(i, { dtype: 'int32' }), tensor(2 * i)];
    },
  };
  return data;
}

describe('DataLoader', () => {
  it("PyTorch's defaults: batches of 1, in order, the last batch kept", () => {
    const loader = new DataLoader(ids(3));
    expect([loader.batchSize, loader.shuffle, loader.dropLast]).toEqual([1, false, false]);
    expect(loader.length).toBe(3);
    expect(epoch(loader)).toEqual([[0], [1], [2]]);
  });

  it('batches are tuples of the rows of every tensor, with the dataset dtypes', () => {
    const x = randn([10, 3], { generator: new Generator(0) });
    const y = arange(10, undefined, 1, { dtype: 'int32' });
    const batches = [...new DataLoader(new TensorDataset(x, y), { batchSize: 4 })];
    expect(batches.map(([xb, yb]) => [xb.shape, yb.shape])).toEqual([
      [[4, 3], [4]],
      [[4, 3], [4]],
      [[2, 3], [2]],
    ]);
    expect(batches[2]?.[1].dtype).toBe('int32');
    expect(batches[1]?.[0].toArray()).toEqual(x.narrow(0, 4, 4).toArray());
  });

  it('length is the number of batches: ceil(N / batchSize), or floor with dropLast', () => {
    for (const [n, size, dropLast, length] of [
      [10, 3, false, 4],
      [10, 3, true, 3],
      [9, 3, false, 3],
      [9, 3, true, 3],
      [2, 5, false, 1],
      [2, 5, true, 0],
      [0, 4, false, 0],
    ] as const) {
      const loader = new DataLoader(ids(n), { batchSize: size, dropLast });
      expect(loader.length).toBe(length);
      expect([...loader]).toHaveLength(length);
    }
  });

  it('keeps a last batch of one unless dropLast', () => {
    expect(epoch(new DataLoader(ids(7), { batchSize: 3 })).map((b) => b.length)).toEqual([3, 3, 1]);
    expect(
      epoch(new DataLoader(ids(7), { batchSize: 3, dropLast: true })).map((b) => b.length),
    ).toEqual([3, 3]);
  });

  it('shuffling covers every item exactly once per epoch, in a fresh order each epoch', () => {
    const loader = new DataLoader(ids(100), {
      batchSize: 16,
      shuffle: true,
      generator: new Generator(0),
    });
    const first = epoch(loader);
    const second = epoch(loader);
    for (const e of [first, second]) {
      expect(e.map((b) => b.length)).toEqual([16, 16, 16, 16, 16, 16, 4]);
      expect(e.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    }
    expect(second).not.toEqual(first);
    expect(first.flat()).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('the same seed gives the same batches on two runs; different seeds differ', () => {
    const run = (seed: number) =>
      [0, 1, 2].map(() =>
        epoch(
          new DataLoader(ids(50), { batchSize: 8, shuffle: true, generator: new Generator(seed) }),
        ),
      );
    const loaderRun = (seed: number) => {
      const loader = new DataLoader(ids(50), {
        batchSize: 8,
        shuffle: true,
        generator: new Generator(seed),
      });
      return [epoch(loader), epoch(loader), epoch(loader)];
    };
    expect(loaderRun(3)).toEqual(loaderRun(3));
    expect(loaderRun(3)).not.toEqual(loaderRun(4));
    // A fresh generator per loader repeats its first epoch.
    const [a, b] = run(3);
    expect(a).toEqual(b);
  });

  it('draws from the global generator at the start of each epoch when given none', () => {
    const loader = new DataLoader(ids(30), { batchSize: 7, shuffle: true });
    manualSeed(11);
    const a = epoch(loader);
    manualSeed(11);
    expect(epoch(loader)).toEqual(a);
  });

  it('the order is drawn when the epoch starts, so interleaved iterators do not share it', () => {
    const loader = new DataLoader(ids(20), {
      batchSize: 5,
      shuffle: true,
      generator: new Generator(1),
    });
    const first = loader[Symbol.iterator]();
    const second = loader[Symbol.iterator]();
    const a = [first.next().value, first.next().value] as Tensor[][];
    const b = [second.next().value, second.next().value] as Tensor[][];
    expect(a.map(([id]) => id?.toArray())).not.toEqual(b.map(([id]) => id?.toArray()));
  });

  it('fetches a TensorDataset batch by index selection, never item by item', () => {
    const data = ids(12);
    const getItem = vi.spyOn(data, 'getItem');
    const getBatch = vi.spyOn(data, 'getBatch');
    expect([...new DataLoader(data, { batchSize: 5, shuffle: true })]).toHaveLength(3);
    expect(getItem).not.toHaveBeenCalled();
    expect(getBatch).toHaveBeenCalledTimes(3);
  });

  it('a generic dataset is fetched item by item and stacked into the same batches', () => {
    const generic = genericIds(23);
    const options = { batchSize: 6, shuffle: true } as const;
    const viaItems = [...new DataLoader(generic, { ...options, generator: new Generator(5) })];
    const viaRows = [...new DataLoader(ids(23), { ...options, generator: new Generator(5) })];
    expect(generic.calls).toBe(23);
    expect(viaItems.map((b) => b.map((t) => [t.dtype, t.toArray()]))).toEqual(
      viaRows.map((b) => b.map((t) => [t.dtype, t.toArray()])),
    );
  });

  it('a collateFn builds each batch from the list of items', () => {
    const loader = new DataLoader(genericIds(5), {
      batchSize: 2,
      collateFn: (items) => items.map(([id]) => id.item()),
    });
    expect([...loader]).toEqual([[0, 1], [2, 3], [4]]);
    // Given a collateFn, a TensorDataset is read item by item too.
    const rows = new DataLoader(ids(3), { batchSize: 2, collateFn: (items) => items.length });
    expect([...rows]).toEqual([2, 1]);
  });

  it('a Subset of a TensorDataset is batched by index selection through its indices', () => {
    const subset = new Subset(ids(10), [9, 2, 4, 7]);
    expect(subset.getBatch).toBeDefined();
    expect(epoch(new DataLoader(subset, { batchSize: 3 }))).toEqual([[9, 2, 4], [7]]);
    expect(new Subset(genericIds(3), [1]).getBatch).toBeUndefined();
  });

  it('refuses bad arguments with a ValueError naming the option', () => {
    const data = ids(4);
    const cases: [unknown, unknown, RegExp][] = [
      [data, { batchSize: 0 }, /^DataLoader: batchSize must be a whole number >= 1, got 0$/],
      [data, { batchSize: 2.5 }, /batchSize must be a whole number >= 1, got 2\.5/],
      [data, { shuffle: 'yes' }, /shuffle must be true or false, got "yes"/],
      [data, { dropLast: 1 }, /dropLast must be true or false, got 1/],
      [data, { generator: 42 }, /generator must be a Generator from @descent\/core, got 42/],
      [data, { collateFn: 'stack' }, /collateFn must be a function, got "stack"/],
      [data, { batch_size: 4 }, /unknown option "batch_size"; expected one of batchSize, shuffle/],
      [zeros([4, 2]), {}, /^DataLoader: expected a dataset \(a whole length >= 0 and a getItem/],
      [[1, 2, 3], {}, /expected a dataset .* got an array of length 3/],
      [null, {}, /expected a dataset .* got null/],
    ];
    for (const [dataset, options, message] of cases) {
      const make = () => new DataLoader(dataset as Dataset<unknown>, options as object);
      expect(make).toThrow(ValueError);
      expect(make).toThrow(message);
    }
  });

  it('any dataset size, batch size and flags: one epoch is a partition into length batches', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        fc.boolean(),
        fc.integer(),
        (n, batchSize, shuffle, dropLast, seed) => {
          const loader = new DataLoader(ids(n), {
            batchSize,
            shuffle,
            dropLast,
            generator: new Generator(seed),
          });
          const batches = epoch(loader);
          expect(batches).toHaveLength(loader.length);
          const full = Math.floor(n / batchSize);
          batches.forEach((b, i) => {
            expect(b.length).toBe(i < full ? batchSize : n - full * batchSize);
          });
          const seen = batches.flat();
          expect(new Set(seen).size).toBe(seen.length);
          expect(seen.length).toBe(dropLast ? full * batchSize : n);
          for (const id of seen) expect(id >= 0 && id < n).toBe(true);
          if (!shuffle) expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => i));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('TensorDataset', () => {
  it('item i is row i of every tensor; negative indices count from the end', () => {
    const x = tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const data = new TensorDataset(x, tensor([0, 1, 0], { dtype: 'int32' }));
    expect(data.length).toBe(3);
    const [row, label] = data.getItem(1);
    expect(row.toArray()).toEqual([3, 4]);
    expect(label.shape).toEqual([]);
    expect(label.item()).toBe(1);
    expect(data.getItem(-1)[0].toArray()).toEqual([5, 6]);
    expect(data.tensors[0]).toBe(x);
  });

  it('refuses tensors of different first dimensions, naming both shapes', () => {
    expect(() => new TensorDataset(zeros([100, 2]), zeros([99]))).toThrow(ShapeError);
    expect(() => new TensorDataset(zeros([100, 2]), zeros([99]))).toThrow(
      'TensorDataset: every tensor needs the same first dimension, but tensors[0] has 100 rows (shape [100, 2]) and tensors[1] has 99 (shape [99])',
    );
  });

  it('refuses no tensors, a non-tensor and a 0-d tensor', () => {
    expect(() => new TensorDataset()).toThrow(
      'TensorDataset: expected at least one tensor, got none',
    );
    expect(() => new TensorDataset(zeros([2]), [1, 2] as unknown as Tensor)).toThrow(
      'TensorDataset: tensors[1] must be a Tensor, got an array of length 2',
    );
    expect(() => new TensorDataset(tensor(3))).toThrow(ShapeError);
  });

  it('an index out of range is an IndexError', () => {
    const data = ids(4);
    expect(() => data.getItem(4)).toThrow(IndexError);
    expect(() => data.getItem(4)).toThrow(
      'TensorDataset.getItem: index 4 is out of range for 4 items (expected -4 to 3)',
    );
    expect(() => data.getItem(1.5)).toThrow(IndexError);
    expect(() => data.getItem(-5)).toThrow(IndexError);
  });
});

describe('Subset', () => {
  it('maps its indices to the dataset, from an array or a tensor', () => {
    const fromArray = new Subset(ids(10), [3, 1]);
    expect(fromArray.length).toBe(2);
    expect(fromArray.getItem(0)[0].item()).toBe(3);
    expect(fromArray.getItem(-1)[1].item()).toBe(2);
    const fromTensor = new Subset(ids(10), tensor([8, 5], { dtype: 'int32' }));
    expect(fromTensor.indices).toEqual([8, 5]);
    const nested = new Subset(fromArray, [1]);
    expect(nested.getItem(0)[0].item()).toBe(1);
    expect(epoch(new DataLoader(nested))).toEqual([[1]]);
  });

  it('refuses indices outside the dataset', () => {
    expect(() => new Subset(ids(3), [0, 3])).toThrow(
      'Subset: indices[1] is 3; expected a whole number from 0 to 2',
    );
    expect(() => new Subset(ids(3), [-1])).toThrow(ValueError);
    expect(() => new Subset(ids(3), 'all' as unknown as number[])).toThrow(
      /indices must be an array of whole numbers or a 1-D tensor, got "all"/,
    );
    expect(() => new Subset(ids(3), [0]).getItem(1)).toThrow(IndexError);
  });
});
