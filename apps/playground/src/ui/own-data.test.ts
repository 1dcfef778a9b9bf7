import { CsvError, DataError } from '@descent/data';
import { describe, expect, it } from 'vitest';
import { MAX_CSV_BYTES, pointsFromCsv, pointsToCsv } from './own-data.js';

describe('a CSV of your own points', () => {
  it('reads x1, x2, label with or without a header', () => {
    const expected = [
      { x1: 1, x2: 2, label: 1 },
      { x1: -1.5, x2: 0, label: 0 },
    ];
    expect(pointsFromCsv('x1,x2,label\n1,2,1\n-1.5,0,0\n', 'classification')).toEqual(expected);
    expect(pointsFromCsv('1,2,1\r\n-1.5,0,0', 'classification')).toEqual(expected);
  });

  it('turns TensorFlow Playground labels −1/1 into classes 0/1', () => {
    expect(pointsFromCsv('1,2,1\n3,4,-1\n', 'classification').map((p) => p.label)).toEqual([1, 0]);
  });

  it('keeps any number as a regression target', () => {
    expect(pointsFromCsv('1,2,0.25\n3,4,-7\n', 'regression').map((p) => p.label)).toEqual([
      0.25, -7,
    ]);
  });

  it('round-trips through pointsToCsv', () => {
    const points = [
      { x1: 0.1, x2: -3, label: 2 },
      { x1: 5, x2: 5, label: 0 },
    ];
    expect(pointsFromCsv(pointsToCsv(points), 'classification')).toEqual(points);
  });

  it.each([
    ['an empty file', '', /empty/i],
    ['a header only', 'x1,x2,label\n', /no rows|no data|header/i],
    ['a wrong column count', 'x1,x2,label\n1,2,1\n3,4\n', /line 3.*2.*3|3.*line 3/i],
    ['text where a number belongs', '1,2,1\n3,four,0\n', /line 2.*column 2|column 2.*line 2/i],
    ['NaN', '1,2,1\nNaN,4,0\n', /line 2/i],
  ])('refuses %s with a message that says where', (_, text, message) => {
    let thrown: unknown;
    try {
      pointsFromCsv(text, 'classification');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CsvError);
    expect((thrown as Error).message).toMatch(message);
  });

  it('refuses a 10 MB file before parsing it', () => {
    const big = '1,2,1\n'.repeat(Math.ceil((10 * 1024 * 1024) / 6));
    expect(big.length).toBeGreaterThan(MAX_CSV_BYTES);
    expect(() => pointsFromCsv(big, 'classification')).toThrow(DataError);
    expect(() => pointsFromCsv(big, 'classification')).toThrow(/larger than maxBytes/);
  });

  it('refuses labels that are not classes, and a single class', () => {
    expect(() => pointsFromCsv('1,2,0.5\n1,1,1\n', 'classification')).toThrow(
      /Row 1: the label 0\.5 is not a class/,
    );
    expect(() => pointsFromCsv('1,2,1\n1,1,1\n', 'classification')).toThrow(/at least two classes/);
  });

  it('refuses more points than the playground takes', () => {
    const text = '1,2,1\n2,1,0\n'.repeat(1001);
    expect(() => pointsFromCsv(text, 'classification')).toThrow(DataError);
    expect(() => pointsFromCsv(text, 'classification')).toThrow(/2000/);
  });
});
