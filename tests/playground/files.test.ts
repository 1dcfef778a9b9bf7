/**
 * Saving and loading in the browser: weights exported and imported reproduce the outputs; a
 * CSV of your own points loads, and a bad one is refused whole with a reason.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { metric, waitForEpoch, waitForPause } from './harness.js';
import { usePlayground } from './use-playground.js';

const scratch = mkdtempSync(join(tmpdir(), 'playground-files-'));
const playground = usePlayground();

const fieldPixels = (page: import('playwright-core').Page) =>
  page.evaluate(() => {
    const canvas = document.getElementById('field') as HTMLCanvasElement;
    return Array.from(
      canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [],
    );
  });

describe('saving and loading', () => {
  it('exported weights, imported after a reset, reproduce the outputs', async () => {
    const { page, errors } = await playground().open('#stopAtEpoch=20&speed=fast');
    await page.click('#play');
    await waitForEpoch(page, 20);
    await waitForPause(page);
    const trainedLoss = await metric(page, 'test-loss');
    const trainedPixels = await fieldPixels(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#export-weights'),
    ]);
    const file = join(scratch, 'weights.safetensors');
    await download.saveAs(file);
    const bytes = readFileSync(file);
    const headerLength = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8'));
    expect(
      Object.keys(header)
        .filter((k) => k !== '__metadata__')
        .sort(),
    ).toEqual(['0.bias', '0.weight', '2.bias', '2.weight', '4.bias', '4.weight']);
    await page.click('#reset');
    await waitForEpoch(page, 0);
    await expect.poll(() => metric(page, 'test-loss')).not.toBe(trainedLoss);
    await page.setInputFiles('#import-weights', file);
    await expect.poll(() => metric(page, 'test-loss')).toBe(trainedLoss);
    expect(await fieldPixels(page)).toEqual(trainedPixels);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('loads a CSV of your own points, and refuses a bad one with the line and column', async () => {
    const { page, screenshot } = await playground().open();
    await page.click('#own-data summary');
    const good = join(scratch, 'points.csv');
    const rows = ['x1,x2,label'];
    for (let i = 0; i < 40; i++)
      rows.push(`${(i % 10) - 5},${Math.floor(i / 10) * 2 - 3},${i % 10 < 5 ? -1 : 1}`);
    writeFileSync(good, `${rows.join('\n')}\n`);
    await page.setInputFiles('#csv-upload', good);
    await expect
      .poll(() => page.locator('.notice p').first().textContent())
      .toMatch(/Loaded 40 points/);
    expect(await page.inputValue('#control-dataset')).toBe('custom');
    expect(page.url()).toContain('points=');
    const bad = join(scratch, 'bad.csv');
    writeFileSync(bad, 'x1,x2,label\n1,2,1\n3,four,0\n');
    await page.setInputFiles('#csv-upload', bad);
    await expect
      .poll(() => page.locator('.notice.alert p').first().textContent())
      .toMatch(/Could not load “bad\.csv”: .*line 3.*column 2.*Nothing was loaded\./i);
    // The 40 points are still there.
    expect(page.url()).toContain('points=');
    await screenshot('09-own-data');
    await page.close();
  });
});
