/**
 * Wires the layers together, once, when the package is loaded: the ops become Tensor methods
 * and the engine gets the gradient formulas. Listed under `sideEffects` in package.json, so
 * bundlers keep it.
 */
import { registerGradients } from './autograd/engine.js';
import { gradients } from './autograd/gradients.js';
import { attachTensorMethods } from './methods.js';

attachTensorMethods();
registerGradients(gradients);
