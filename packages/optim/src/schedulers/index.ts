export type { CosineAnnealingLROptions } from './cosine-annealing-lr.js';
export { CosineAnnealingLR } from './cosine-annealing-lr.js';
export { ExponentialLR } from './exponential-lr.js';
export { InverseSqrtLR, inverseSqrt } from './inverse-sqrt-lr.js';
export type { LRLambda } from './lambda-lr.js';
export { LambdaLR } from './lambda-lr.js';
export type {
  FieldCheck,
  LRSchedulerOptions,
  LRSchedulerStateDict,
  SchedulableOptimizer,
} from './lr-scheduler.js';
export { LRScheduler } from './lr-scheduler.js';
export type { MultiStepLROptions } from './multi-step-lr.js';
export { MultiStepLR } from './multi-step-lr.js';
export type { ReduceLROnPlateauOptions } from './reduce-lr-on-plateau.js';
export { ReduceLROnPlateau } from './reduce-lr-on-plateau.js';
export type { StepLROptions } from './step-lr.js';
export { StepLR } from './step-lr.js';
