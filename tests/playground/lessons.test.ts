/**
 * The lecture's lessons in the browser: a learning rate too large diverges and says so; feature
 * scaling and Adagrad on the error surface; BatchNorm lets a deep sigmoid network train.
 */
import { describe, expect, it } from 'vitest';
import { epochOf, metric, waitForEpoch, waitForPause } from './harness.js';
import { usePlayground } from './use-playground.js';

const playground = usePlayground();

describe('the lessons', () => {
  it('learning rate 10 diverges: training pauses and the message says what to do', async () => {
    const { page, errors, screenshot } = await playground().open(
      '#problem=regression&learningRate=10&speed=fast',
    );
    await page.click('#play');
    await waitForPause(page);
    const alert = page.locator('.notice.alert p');
    await expect.poll(() => alert.count()).toBeGreaterThan(0);
    expect(await alert.first().textContent()).toMatch(
      /^The loss diverged at epoch \d+ — try a smaller learning rate\./,
    );
    // The picture shows the last finite network, never grey NaN pixels.
    const finiteLoss = await metric(page, 'test-loss');
    expect(Number.isFinite(finiteLoss)).toBe(true);
    await screenshot('05-diverged');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('feature scaling: a long ellipse as measured, nearly a circle standardized', async () => {
    const { page, screenshot } = await playground().open('#lesson=feature-scaling');
    await page.waitForFunction(
      () => document.querySelectorAll('#surface-panels figure').length === 2,
    );
    await page.waitForFunction(
      () => document.getElementById('surface-panels')?.getAttribute('aria-busy') === 'false',
    );
    const angle = async (scaling: string) =>
      Number(await page.getAttribute(`figure[data-scaling=${scaling}] figcaption`, 'data-angle'));
    const remaining = async (scaling: string) =>
      Number(
        await page.getAttribute(`figure[data-scaling=${scaling}] figcaption`, 'data-remaining'),
      );
    expect(await angle('raw')).toBeGreaterThan(45);
    expect(await angle('standardized')).toBeLessThan(5);
    expect(await remaining('raw')).toBeGreaterThan(10);
    expect(await remaining('standardized')).toBeLessThan(0.01);
    expect(await page.textContent('#lesson-title')).toMatch(/Feature scaling/);
    await screenshot('06-lesson-feature-scaling');
    await page.close();
  });

  it('Adagrad reaches the minimum of the unscaled surface where gradient descent crawls', async () => {
    const { page, screenshot } = await playground().open('#lesson=gd-sgd-adagrad');
    await page.waitForFunction(
      () =>
        document.getElementById('surface-panels')?.getAttribute('aria-busy') === 'false' &&
        document.querySelectorAll('#surface-panels figure').length === 3,
    );
    const remaining = async (method: string) =>
      Number(await page.getAttribute(`figure[data-method=${method}] figcaption`, 'data-remaining'));
    expect(await remaining('adagrad')).toBeLessThan(0.01);
    expect(await remaining('gd')).toBeGreaterThan(10);
    await screenshot('07-lesson-gd-sgd-adagrad');
    await page.close();
  });

  it('BatchNorm: the sigmoid network stalls without it and trains with it', async () => {
    const { page, errors, screenshot } = await playground().open(
      '#lesson=batchnorm-sigmoid&speed=fast',
    );
    await page.click('#play');
    await waitForEpoch(page, 100);
    await waitForPause(page);
    const plain = await metric(page, 'test-loss');
    const plainAccuracy = await metric(page, 'test-score');
    for (let layer = 0; layer < 4; layer++) await page.check(`#bn-${layer}`);
    await page.waitForFunction(() => document.getElementById('epoch')?.textContent === '000,000');
    await page.click('#play');
    await waitForEpoch(page, 100);
    await waitForPause(page);
    expect(await epochOf(page)).toBe(100);
    const normalized = await metric(page, 'test-loss');
    expect(normalized).toBeLessThan(plain / 3);
    expect(await metric(page, 'test-score')).toBeGreaterThan(plainAccuracy + 0.2);
    // The last run stays on the chart as a ghost to compare with.
    await expect.poll(() => page.locator('#loss-chart svg').textContent()).toContain('last run');
    await page.selectOption('#control-bnMode', 'train');
    await expect.poll(() => page.locator('#norm-stats table').count()).toBe(4);
    // Histograms of each layer's inputs, before and after BatchNorm.
    await page.click('#layer-inputs summary');
    await expect.poll(() => page.locator('#histograms svg').count()).toBe(4);
    expect(await page.locator('#histograms svg').first().textContent()).toContain(
      'after BatchNorm',
    );
    await screenshot('08-lesson-batchnorm');
    expect(errors).toEqual([]);
    await page.close();
  });
});
