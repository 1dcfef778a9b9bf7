import { Points, resolveToyOptions } from './sample.js';
import type { ToyData, ToyOptions } from './types.js';

/**
 * scikit-learn's two moons (`make_moons`): class 0 on the upper half circle (cos t, sin t), class 1
 * on the lower one (1 − cos t, 0.5 − sin t), t evenly spaced over [0, π] (class 0 gets ⌊N/2⌋
 * points, class 1 the rest), plus Gaussian noise of standard deviation `noise` on each
 * coordinate. 100 samples unless told.
 *
 * @example
 * ```ts
 * const { x, y } = moons({ samples: 512, noise: 0.1, generator: new Generator(1) });
 * ```
 */
export function moons(options?: ToyOptions): ToyData {
  const o = resolveToyOptions('moons', options, 100);
  const points = new Points(o.samples, 2);
  const outer = Math.floor(o.samples / 2);
  const draw = (count: number, label: number): void => {
    for (let i = 0; i < count; i++) {
      const t = count === 1 ? 0 : (Math.PI * i) / (count - 1);
      const [x, y] =
        label === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
      points.add([x + o.noise * o.generator.normal(), y + o.noise * o.generator.normal()], label);
    }
  };
  draw(outer, 0);
  draw(o.samples - outer, 1);
  return points.toData(
    {
      name: 'moons',
      task: 'classification',
      featureNames: ['x1', 'x2'],
      ranges: [
        [-1.5, 2.5],
        [-1, 1.5],
      ],
      classes: 2,
    },
    o,
  );
}
