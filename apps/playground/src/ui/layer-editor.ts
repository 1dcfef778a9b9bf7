/**
 * The hidden-layer editor: add or remove layers, units per layer, and BatchNorm per layer.
 */
import { MAX_LAYERS, MAX_UNITS, type State } from '../state/schema.js';
import type { Store } from '../state/store.js';
import { byId, h } from './dom.js';

/**
 * Wires the layer buttons and keeps one small editor above each hidden layer's column.
 *
 * @example
 * ```ts
 * const place = mountLayerEditor(store);
 * place(view.columns());
 * ```
 */
export function mountLayerEditor(store: Store): (columns: number[]) => void {
  const add = byId<HTMLButtonElement>('add-layer');
  const remove = byId<HTMLButtonElement>('remove-layer');
  const count = byId('layer-count');
  const editors = byId('layer-editors');
  const legend = editors.querySelector('legend');
  let built = '';

  const setLayers = (layers: number[], batchNorm: boolean[]) => store.update({ layers, batchNorm });

  add.addEventListener('click', () => {
    const { layers, batchNorm } = store.state;
    if (layers.length >= MAX_LAYERS) return;
    setLayers([...layers, 2], [...batchNorm, batchNorm.at(-1) ?? false]);
  });
  remove.addEventListener('click', () => {
    const { layers, batchNorm } = store.state;
    if (layers.length === 0) return;
    setLayers(layers.slice(0, -1), batchNorm.slice(0, -1));
  });

  const build = (state: State) => {
    const key = `${state.layers.join(',')}|${state.batchNorm.join(',')}`;
    add.disabled = state.layers.length >= MAX_LAYERS;
    remove.disabled = state.layers.length === 0;
    const n = state.layers.length;
    count.textContent = `${n} hidden layer${n === 1 ? '' : 's'}`;
    if (key === built) return;
    built = key;
    editors.replaceChildren(
      ...(legend ? [legend] : []),
      ...state.layers.map((units, i) => {
        const name = `hidden layer ${i + 1}`;
        const fewer = h(
          'button',
          { type: 'button', 'aria-label': `Remove a unit from ${name}` },
          '−',
        );
        const more = h('button', { type: 'button', 'aria-label': `Add a unit to ${name}` }, '+');
        fewer.disabled = units <= 1;
        more.disabled = units >= MAX_UNITS;
        const resize = (delta: number) => {
          const layers = [...store.state.layers];
          layers[i] = Math.min(MAX_UNITS, Math.max(1, units + delta));
          setLayers(layers, [...store.state.batchNorm]);
        };
        fewer.addEventListener('click', () => resize(-1));
        more.addEventListener('click', () => resize(1));
        const norm = h('input', {
          type: 'checkbox',
          id: `bn-${i}`,
          'aria-label': `BatchNorm in ${name}`,
        });
        norm.checked = state.batchNorm[i] === true;
        norm.addEventListener('change', () => {
          const batchNorm = state.layers.map((_, j) => store.state.batchNorm[j] === true);
          batchNorm[i] = norm.checked;
          setLayers([...store.state.layers], batchNorm);
        });
        return h(
          'div',
          { class: 'layer-editor', 'data-layer': i },
          h('div', { class: 'unit-buttons' }, fewer, more),
          h('span', {}, `${units} unit${units === 1 ? '' : 's'}`),
          h('label', { for: `bn-${i}` }, norm, ' BN'),
        );
      }),
    );
  };
  build(store.state);
  store.subscribe(build);

  let placed = '';
  return (columns: number[]) => {
    // Only when the columns moved: writing styles every frame would make the page re-lay-out.
    const key = `${built}|${columns.join(',')}`;
    if (key === placed) return;
    placed = key;
    editors.querySelectorAll<HTMLElement>('.layer-editor').forEach((editor, i) => {
      const x = columns[i + 1];
      if (x !== undefined) editor.style.left = `${x}%`;
    });
  };
}
