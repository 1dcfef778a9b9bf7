/**
 * `npm run screenshot -w @descent/playground`: the README's picture of the playground, taken from
 * the built app in Chromium (run `npm run build` first): the circle learned from x₁², x₂², with
 * the BatchNorm statistics hidden, at 1280×860.
 */
import { join } from 'node:path';
import { startPlayground, waitForEpoch, waitForPause } from '../../../tests/playground/harness.js';

const out = join(process.cwd(), 'docs', 'screenshot.png');
const playground = await startPlayground();
try {
  const { page } = await playground.open(
    '#dataset=spiral&noise=10&x1Squared=true&x2Squared=true&sinX1=true&sinX2=true&layers=8,8,5&learningRate=0.03&optimizer=adam&stopAtEpoch=300&speed=fast&showTestData=true',
  );
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.click('#play');
  await waitForEpoch(page, 300, 120_000);
  await waitForPause(page);
  await page.evaluate(() => {
    for (const notice of document.querySelectorAll('.notice')) notice.remove();
  });
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await playground.close();
}
