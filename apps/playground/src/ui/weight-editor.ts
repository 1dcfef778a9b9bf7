/**
 * Editing weights by hand: a dialog with a field for each weight into a unit and for its bias.
 */

import type { WeightsView } from '../engine/trainer.js';
import type { FeatureKey } from '../state/normalize.js';
import { PARAMS } from '../state/schema.js';
import { byId, formatNumber, h } from './dom.js';
import type { EditTarget } from './network-view.js';

export type ApplyWeight = (
  layer: number,
  unit: number,
  input: number | null,
  value: number,
) => void;

/**
 * Opens the editor for `target` with the current `weights`; on Apply, calls `apply` for every
 * field the user changed to a finite number.
 *
 * @example
 * ```ts
 * editWeights({ layer: 0, unit: 1, input: null }, weights, ['x1', 'x2'], send);
 * ```
 */
export function editWeights(
  target: EditTarget,
  weights: WeightsView,
  features: readonly FeatureKey[],
  apply: ApplyWeight,
): void {
  const dialog = byId<HTMLDialogElement>('weight-editor');
  const fields = byId('weight-fields');
  const { layer, unit } = target;
  const ins = weights.layers[layer];
  const matrix = weights.weights[layer];
  const biases = weights.biases[layer];
  if (ins === undefined || matrix === undefined || biases === undefined) return;
  const isOutput = layer === weights.weights.length - 1;
  byId('weight-editor-title').textContent = isOutput
    ? `Output unit ${unit + 1}`
    : `Hidden layer ${layer + 1}, unit ${unit + 1}`;
  const sourceName = (i: number) =>
    layer === 0
      ? `from ${PARAMS[features[i] as FeatureKey]?.label ?? `input ${i + 1}`}`
      : `from hidden layer ${layer}, unit ${i + 1}`;
  const entries: { input: number | null; label: string; value: number }[] = [
    ...Array.from({ length: ins }, (_, i) => ({
      input: i,
      label: `Weight ${sourceName(i)}`,
      value: matrix[unit * ins + i] as number,
    })),
    { input: null, label: 'Bias', value: biases[unit] as number },
  ];
  const inputs = entries.map((entry) => {
    const input = h('input', {
      type: 'number',
      step: 'any',
      value: formatNumber(entry.value, 4),
      'data-original': formatNumber(entry.value, 4),
    });
    return input;
  });
  fields.replaceChildren(
    ...entries.map((entry, i) => h('label', {}, entry.label, inputs[i] as HTMLInputElement)),
  );
  dialog.returnValue = '';
  dialog.addEventListener(
    'close',
    () => {
      if (dialog.returnValue !== 'apply') return;
      entries.forEach((entry, i) => {
        const field = inputs[i] as HTMLInputElement;
        if (field.value === field.getAttribute('data-original')) return;
        const value = Number(field.value);
        if (field.value.trim() !== '' && Number.isFinite(value)) {
          apply(layer, unit, entry.input, value);
        }
      });
    },
    { once: true },
  );
  dialog.showModal();
  const focusIndex = target.input ?? 0;
  (inputs[focusIndex] as HTMLInputElement).focus();
  (inputs[focusIndex] as HTMLInputElement).select();
}
