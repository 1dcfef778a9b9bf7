/**
 * One served playground and one Chromium per test file: started before its first test, closed
 * after its last.
 */
import { afterAll, beforeAll } from 'vitest';
import { type Playground, startPlayground } from './harness.js';

/**
 * Registers the file's setup and teardown; call the returned function inside a test.
 *
 * @example
 * ```ts
 * const playground = usePlayground();
 * it('loads', async () => { const { page } = await playground().open(); });
 * ```
 */
export function usePlayground(): () => Playground {
  let playground: Playground | undefined;
  beforeAll(async () => {
    playground = await startPlayground();
  });
  afterAll(async () => {
    await playground?.close();
  });
  return () => {
    if (playground === undefined) throw new Error('the playground has not started');
    return playground;
  };
}
