/**
 * The optimizer and learning-rate schedule the state asks for, from `@descent/optim`.
 */
import type { Tensor } from '@descent/core';
import {
  Adagrad,
  Adam,
  CosineAnnealingLR,
  InverseSqrtLR,
  type LRScheduler,
  RMSprop,
  type SchedulableOptimizer,
  SGD,
  StepLR,
} from '@descent/optim';
import type { State } from '../state/schema.js';

type AnyOptimizer = SGD | Adagrad | RMSprop | Adam;

export interface Training {
  readonly optimizer: AnyOptimizer;
  readonly scheduler: LRScheduler | null;
  /** The optimizer's name, to tell whether a change of settings needs a new one. */
  readonly kind: State['optimizer'];
}

/** The options of the state's optimizer, by its constructor's names. */
function optionsOf(state: State): Record<string, unknown> {
  const lr = state.learningRate;
  switch (state.optimizer) {
    case 'sgd':
      return { lr, momentum: state.momentum, nesterov: state.nesterov && state.momentum > 0 };
    case 'adagrad':
      return { lr };
    case 'rmsprop':
      return { lr, alpha: state.alpha, momentum: state.momentum, centered: state.centered };
    case 'adam':
      return { lr, betas: [state.beta1, state.beta2], amsgrad: state.amsgrad };
  }
}

function newOptimizer(params: Tensor[], state: State): AnyOptimizer {
  const options = optionsOf(state);
  switch (state.optimizer) {
    case 'sgd':
      return new SGD(params, options);
    case 'adagrad':
      return new Adagrad(params, options);
    case 'rmsprop':
      return new RMSprop(params, options);
    case 'adam':
      return new Adam(params, options);
  }
}

function newScheduler(optimizer: SchedulableOptimizer, state: State): LRScheduler | null {
  switch (state.schedule) {
    case 'inverseSqrt':
      return new InverseSqrtLR(optimizer);
    case 'step':
      return new StepLR(optimizer, state.stepSize, { gamma: state.gamma });
    case 'cosine':
      return new CosineAnnealingLR(optimizer, state.cosinePeriod);
    default:
      return null;
  }
}

/**
 * The optimizer and schedule for `state`, `epochs` epochs into training. A change of optimizer
 * starts a new one (its state — momentum, Adagrad's sums — starts from zero); a change of its
 * options keeps its state. The schedule is rebuilt and stepped to `epochs`, which gives the rate
 * a run with these settings from the start would have now. The weights are never touched.
 *
 * @example
 * ```ts
 * const training = configureTraining(null, net.model.parameters(), defaultState(), 0);
 * ```
 */
export function configureTraining(
  previous: Training | null,
  params: Tensor[],
  state: State,
  epochs: number,
): Training {
  let optimizer: AnyOptimizer;
  if (previous !== null && previous.kind === state.optimizer) {
    optimizer = previous.optimizer;
    const group = optimizer.paramGroups[0] as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(optionsOf(state))) group[key] = value;
    delete group.initialLr;
  } else {
    optimizer = newOptimizer(params, state);
  }
  const scheduler = newScheduler(optimizer as SchedulableOptimizer, state);
  for (let t = 0; t < epochs && scheduler !== null; t++) scheduler.step();
  return { optimizer, scheduler, kind: state.optimizer };
}

/**
 * The learning rate the next update will use.
 *
 * @example
 * ```ts
 * currentRate(training); // 0.03
 * ```
 */
export function currentRate(training: Training): number {
  return training.optimizer.paramGroups[0]?.lr ?? Number.NaN;
}
