import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as nn from './index.js';
import { PACKAGE_NAME } from './index.js';

/** Every non-test source file under src/, relative to src/. */
function sources(dir = new URL('.', import.meta.url).pathname, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory())
      return entry.name === '__fixtures__'
        ? []
        : sources(join(dir, entry.name), `${prefix}${entry.name}/`);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')
      ? [`${prefix}${entry.name}`]
      : [];
  });
}

describe('@descent/nn entry', () => {
  it('exports its package name', () => {
    expect(PACKAGE_NAME).toBe('@descent/nn');
  });

  it('exports the layers, losses, init and safetensors API', () => {
    for (const name of [
      'Module',
      'Parameter',
      'Sequential',
      'ModuleList',
      'ModuleDict',
      'Linear',
      'Sigmoid',
      'Tanh',
      'ReLU',
      'LeakyReLU',
      'Softplus',
      'Softmax',
      'Identity',
      'Flatten',
      'Dropout',
      'BatchNorm1d',
      'LayerNorm',
      'mseLoss',
      'MSELoss',
      'crossEntropy',
      'CrossEntropyLoss',
      'nllLoss',
      'NLLLoss',
      'binaryCrossEntropy',
      'BCELoss',
      'binaryCrossEntropyWithLogits',
      'BCEWithLogitsLoss',
      'l1Loss',
      'L1Loss',
      'huberLoss',
      'HuberLoss',
      'saveSafetensors',
      'loadSafetensors',
      'readSafetensorsHeader',
      'init',
    ]) {
      expect(nn, name).toHaveProperty(name);
    }
    expect(Object.keys(nn.init).sort()).toEqual([
      'calculateFanInAndFanOut',
      'calculateGain',
      'constant_',
      'kaimingNormal_',
      'kaimingUniform_',
      'normal_',
      'ones_',
      'uniform_',
      'xavierNormal_',
      'xavierUniform_',
      'zeros_',
    ]);
  });

  it('keeps Node built-ins out of everything but src/node.ts (the main entry is browser-safe)', () => {
    const offenders = sources().filter(
      (file) =>
        file !== 'node.ts' &&
        /from ['"](node:|fs|path)/.test(readFileSync(new URL(file, import.meta.url), 'utf8')),
    );
    expect(offenders).toEqual([]);
    expect(readFileSync(new URL('index.ts', import.meta.url), 'utf8')).not.toMatch(/node\.js/);
  });
});
