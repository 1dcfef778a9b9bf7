import { type Generator, noGrad } from '@descent/core';
import { BatchNorm1d, LayerNorm, type Module } from '@descent/nn';

/** Gives BatchNorm1d and LayerNorm layers non-trivial weights and running statistics. */
export function randomizeNorms<M extends Module>(
  model: M,
  generator: Generator,
  batches: number,
): M {
  noGrad(() => {
    for (const m of model.modules()) {
      if (m instanceof BatchNorm1d) {
        m.weight?.uniform_(0.5, 1.5, generator);
        m.bias?.normal_(0, 0.5, generator);
        m.runningMean?.normal_(0, 0.5, generator);
        m.runningVar?.uniform_(0.25, 2, generator);
        m.numBatchesTracked?.fill_(batches);
      } else if (m instanceof LayerNorm) {
        m.weight?.uniform_(0.5, 1.5, generator);
        m.bias?.normal_(0, 0.5, generator);
      }
    }
  });
  return model;
}
