export { BCELoss, type BCEOptions, binaryCrossEntropy } from './bce.js';
export {
  BCEWithLogitsLoss,
  type BCEWithLogitsOptions,
  binaryCrossEntropyWithLogits,
} from './bce-with-logits.js';
export { CrossEntropyLoss, type CrossEntropyOptions, crossEntropy } from './cross-entropy.js';
export { HuberLoss, type HuberOptions, huberLoss } from './huber.js';
export { L1Loss, l1Loss } from './l1.js';
export { MSELoss, mseLoss } from './mse.js';
export { NLLLoss, type NLLOptions, nllLoss } from './nll.js';
export { Loss, type Reduction, type ReductionOptions } from './reduction.js';
