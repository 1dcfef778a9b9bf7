/**
 * Wires the layers together, once, when the package is loaded: the ops become Tensor methods
 * and the engine gets the gradient formulas. Listed under `sideEffects` in package.json, so
 * bundlers keep it — and so is the entry point that imports it: rolldown (Vite 8) drops a bare
 * import from a module marked free of side effects even when the imported file is listed.
 */
import { registerGradients } from './autograd/engine.js';
import { gradients } from './autograd/gradients.js';
import { attachTensorMethods } from './methods.js';

attachTensorMethods();
registerGradients(gradients);
