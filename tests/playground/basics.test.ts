/**
 * The playground in a real Chromium: it loads with its defaults, trains, pauses, steps, restores
 * a link, refuses hostile links, stays on its own origin, and can be used with the keyboard.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { describe, expect, it } from 'vitest';
import { epochOf, mainThreadTasks, metric, waitForEpoch, waitForPause } from './harness.js';
import { usePlayground } from './use-playground.js';

const playground = usePlayground();

describe('the playground page', () => {
  it('loads with TensorFlow Playground’s defaults and no console errors', async () => {
    const { page, errors, foreignRequests, screenshot } = await playground().open();
    expect(await page.inputValue('#control-learningRate')).toBe('0.03');
    expect(await page.inputValue('#control-activation')).toBe('tanh');
    expect(await page.inputValue('#control-dataset')).toBe('circle');
    expect(await page.inputValue('#control-batchSize')).toBe('10');
    expect(await page.isChecked('#control-x1')).toBe(true);
    expect(await page.isChecked('#control-x1Squared')).toBe(false);
    expect(await page.textContent('#layer-count')).toBe('2 hidden layers');
    expect(await epochOf(page)).toBe(0);
    // One picture per hidden unit and output, over the diagram.
    expect(await page.locator('.unit-picture').count()).toBe(2 + 4 + 2 + 1);
    expect(page.url()).toContain('learningRate=0.03');
    await screenshot('01-defaults');
    expect(errors).toEqual([]);
    expect(foreignRequests).toEqual([]);
    await page.close();
  });

  it('Play trains and the loss falls; Pause stops the counter; Step adds exactly one epoch', async () => {
    const { page, errors, screenshot } = await playground().open('#x1Squared=true&x2Squared=true');
    const before = await metric(page, 'test-loss');
    await page.click('#play');
    await waitForEpoch(page, 30);
    await page.click('#play');
    await waitForPause(page);
    const paused = await epochOf(page);
    const after = await metric(page, 'test-loss');
    expect(after).toBeLessThan(before / 2);
    await page.waitForTimeout(500);
    expect(await epochOf(page)).toBe(paused);
    await page.click('#step');
    await waitForEpoch(page, paused + 1);
    await page.waitForTimeout(300);
    expect(await epochOf(page)).toBe(paused + 1);
    await screenshot('02-trained-circle');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('restores a link’s settings, and the same seed gives the same loss at epoch 50', async () => {
    const hash =
      '#dataset=xor&noise=10&layers=6,3&activation=relu&learningRate=0.1&seed=1234&stopAtEpoch=50&speed=fast';
    const losses: number[] = [];
    for (let load = 0; load < 2; load++) {
      const { page, screenshot } = await playground().open(hash);
      expect(await page.inputValue('#control-dataset')).toBe('xor');
      expect(await page.inputValue('#control-noise')).toBe('10');
      expect(await page.inputValue('#control-seed')).toBe('1234');
      expect(await page.textContent('#layer-count')).toBe('2 hidden layers');
      await page.click('#play');
      await waitForEpoch(page, 50);
      await waitForPause(page);
      expect(await epochOf(page)).toBe(50);
      losses.push(await metric(page, 'test-loss'));
      if (load === 0) await screenshot('03-link-xor-epoch-50');
      await page.close();
    }
    expect(losses[1]).toBe(losses[0]);
  });

  it('falls back to the defaults for hostile link values, says so, and inserts no markup', async () => {
    const hostile =
      '#learningRate=1e9&noise=2000&activation=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&layers=1,2,3,4,5,6,7,8,9&dataset=__proto__&evil=%3Cscript%3E';
    const { page, errors, screenshot } = await playground().open(hostile);
    let dialogs = 0;
    page.on('dialog', async (dialog) => {
      dialogs++;
      await dialog.dismiss();
    });
    const notices = await page.locator('.notice p').allTextContents();
    expect(notices.join('\n')).toMatch(/Learning rate: “1e9” is not one of/);
    expect(notices.join('\n')).toMatch(/Noise: “2000” is not a number from 0 to 50/);
    expect(notices.join('\n')).toMatch(/Activation: “<img src=x onerror=alert\(1\)>”/);
    expect(notices.join('\n')).toMatch(/Ignored the unknown setting “evil”/);
    expect(await page.inputValue('#control-learningRate')).toBe('0.03');
    expect(await page.inputValue('#control-noise')).toBe('0');
    expect(await page.inputValue('#control-activation')).toBe('tanh');
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script:not([src])').count()).toBe(0);
    expect(dialogs).toBe(0);
    await screenshot('04-hostile-link');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('edits a weight by clicking its unit, and Regenerate draws a new seed', async () => {
    const { page, errors } = await playground().open();
    const unit = page.locator('.unit-picture[data-layer="1"][data-unit="0"]');
    await unit.click();
    const dialog = page.locator('#weight-editor');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await page.textContent('#weight-editor-title')).toBe('Hidden layer 1, unit 1');
    const first = page.locator('#weight-fields input').first();
    await first.fill('2.5');
    await page.click('#weight-editor button[value=apply]');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await page.waitForTimeout(300);
    await unit.click();
    expect(await page.locator('#weight-fields input').first().inputValue()).toBe('2.5');
    await page.click('#weight-editor button[value=cancel]');
    const seed = await page.inputValue('#control-seed');
    await page.click('#regenerate');
    await expect.poll(() => page.inputValue('#control-seed')).not.toBe(seed);
    expect(page.url()).toContain(`seed=${await page.inputValue('#control-seed')}`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps the page responsive: no main-thread task over 50 ms while a big network trains', async () => {
    const big = '#layers=16,16,16,16,16,16,16,16&batchNorm=1,1,1,1,1,1,1,1&speed=fast';
    const { page, errors } = await playground().open(big);
    const tasks = await mainThreadTasks(playground().context, page, async () => {
      await page.click('#play');
      await waitForEpoch(page, 20);
      await page.click('#play');
      await waitForPause(page);
    });
    expect(tasks.length).toBeGreaterThan(20);
    expect(tasks[0]).toBeLessThan(50);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('trains three spiral arms with a softmax', async () => {
    const { page, screenshot } = await playground().open(
      '#dataset=spiral&arms=3&layers=16,16&activation=relu&optimizer=adam&sinX1=true&sinX2=true&stopAtEpoch=150&speed=fast',
    );
    expect(await page.inputValue('#control-loss')).toBe('crossEntropy');
    await page.click('#play');
    await waitForEpoch(page, 150, 60_000);
    await waitForPause(page);
    expect(await metric(page, 'train-score')).toBeGreaterThan(0.8);
    await screenshot('10-spiral-three-arms');
    await page.close();
  });

  it('has no serious accessibility violations (axe-core)', async () => {
    const { page } = await playground().open();
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(
      serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    ).toEqual([]);
    await page.close();
  });

  it('can be used with the keyboard alone: every control is reachable, Space plays', async () => {
    const { page } = await playground().open();
    const controls = await page.$$eval(
      'button:not([disabled]), select, input:not([type=file]), summary',
      (elements) =>
        elements
          .filter((e) => (e as HTMLElement).checkVisibility() && (e as HTMLElement).tabIndex >= 0)
          .map(
            (e) =>
              e.id ||
              (e as HTMLElement).getAttribute('aria-label') ||
              e.textContent?.trim() ||
              e.tagName,
          ),
    );
    const reached = new Set<string>();
    for (let i = 0; i < 200; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const e = document.activeElement as HTMLElement | null;
        if (e === null || e === document.body) return '';
        return e.id || e.getAttribute('aria-label') || e.textContent?.trim() || e.tagName;
      });
      if (focused) reached.add(focused);
    }
    expect(controls.filter((name) => !reached.has(name))).toEqual([]);
    // Operate a select and a checkbox from the keyboard.
    await page.focus('#control-activation');
    await page.keyboard.press('ArrowDown');
    expect(await page.inputValue('#control-activation')).toBe('sigmoid');
    await page.focus('#control-x1Squared');
    await page.keyboard.press('Space');
    expect(await page.isChecked('#control-x1Squared')).toBe(true);
    // Space outside a control plays and pauses.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Space');
    await waitForEpoch(page, 3);
    await page.keyboard.press('Space');
    await waitForPause(page);
    await page.close();
  });
});
