import { Points, resolveToyOptions, uniform } from './sample.js';
import type { ToyData, ToyOptions } from './types.js';

/** CP after evolution per CP before, and per HP, in {@link pokemon}. */
export const POKEMON_WEIGHTS = { cp: 1.6, hp: 3 } as const;

/**
 * The lecture's feature-scaling example: predict a Pokémon's combat power after evolution from
 * its combat power before (uniform in [10, 510]) and its hit points (uniform in [10, 60]). The two
 * features live on scales ten times apart, which makes the error surface of a linear model a
 * long ellipse until they are standardized. Target: 1.6·CP + 3·HP plus Gaussian noise of standard
 * deviation 100·`noise` (default `noise` 0.2, i.e. 20 CP); 200 samples unless told.
 *
 * @example
 * ```ts
 * const { x, y, info } = pokemon({ generator: new Generator(7), dtype: 'float64' });
 * info.featureNames; // ['CP', 'HP']
 * const { scaled } = standardize(x); // both features now have mean 0 and std 1
 * ```
 */
export function pokemon(options?: ToyOptions): ToyData {
  const o = resolveToyOptions('pokemon', options, 200);
  const noise = options?.noise === undefined ? 0.2 : o.noise;
  const points = new Points(o.samples, 2);
  for (let i = 0; i < o.samples; i++) {
    const cp = uniform(o.generator, 10, 510);
    const hp = uniform(o.generator, 10, 60);
    const target =
      POKEMON_WEIGHTS.cp * cp + POKEMON_WEIGHTS.hp * hp + 100 * noise * o.generator.normal();
    points.add([cp, hp], target);
  }
  return points.toData(
    {
      name: 'pokemon',
      task: 'regression',
      featureNames: ['CP', 'HP'],
      ranges: [
        [10, 510],
        [10, 60],
      ],
      targetName: 'CP after evolution',
    },
    o,
  );
}
