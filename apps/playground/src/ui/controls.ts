/**
 * Native form controls for the settings, generated from the state table: a `<select>` for a
 * choice, a slider for a range, a number field, a checkbox. Each is labelled and two-way bound to
 * the store; controls that do not apply to the current state are hidden.
 */
import type { BoolParam, ChoiceParam, NumberParam, Param, RangeParam } from '../state/param.js';
import { type Key, PARAMS, type State } from '../state/schema.js';
import type { Store } from '../state/store.js';
import { h } from './dom.js';

/** When a control is shown; controls not listed are always shown. */
const SHOWN_WHEN: Partial<Record<Key, (state: State) => boolean>> = {
  dataset: (s) => s.problem === 'classification',
  regDataset: (s) => s.problem === 'regression',
  arms: (s) => s.problem === 'classification' && s.dataset === 'spiral',
  loss: (s) => s.problem === 'classification',
  momentum: (s) => s.optimizer === 'sgd' || s.optimizer === 'rmsprop',
  nesterov: (s) => s.optimizer === 'sgd',
  alpha: (s) => s.optimizer === 'rmsprop',
  centered: (s) => s.optimizer === 'rmsprop',
  beta1: (s) => s.optimizer === 'adam',
  beta2: (s) => s.optimizer === 'adam',
  amsgrad: (s) => s.optimizer === 'adam',
  stepSize: (s) => s.schedule === 'step',
  gamma: (s) => s.schedule === 'step',
  cosinePeriod: (s) => s.schedule === 'cosine',
  regularizationRate: (s) => s.regularization !== 'none',
  bnMode: (s) => s.batchNorm.some(Boolean),
  surfaceRate: (s) => s.surfaceGd || s.surfaceSgd,
  surfaceAdagradRate: (s) => s.surfaceAdagrad,
  surfaceBatch: (s) => s.surfaceSgd,
};

interface Bound {
  readonly key: Key;
  readonly wrapper: HTMLElement;
  readonly show: (state: State) => void;
}

const controlId = (key: Key) => `control-${key}`;

function choiceControl(key: Key, param: ChoiceParam, store: Store) {
  const select = h('select', { id: controlId(key), name: key });
  for (const option of param.options) {
    select.append(h('option', { value: String(option.value) }, option.label));
  }
  select.addEventListener('change', () => {
    const picked = param.options.find((o) => String(o.value) === select.value);
    if (picked) store.update({ [key]: picked.value } as Partial<State>);
  });
  return {
    input: select,
    show: (state: State) => {
      select.value = String(state[key]);
    },
  };
}

function rangeControl(key: Key, param: RangeParam, store: Store) {
  const input = h('input', {
    id: controlId(key),
    name: key,
    type: 'range',
    min: param.min,
    max: param.max,
    step: param.step,
  });
  const output = h('output', { for: controlId(key) });
  input.addEventListener('input', () => {
    output.textContent = `${input.value}${param.unit ?? ''}`;
  });
  input.addEventListener('change', () => {
    store.update({ [key]: Number(input.value) } as Partial<State>);
  });
  return {
    input,
    extra: output,
    show: (state: State) => {
      input.value = String(state[key]);
      output.textContent = `${state[key]}${param.unit ?? ''}`;
    },
  };
}

function numberControl(key: Key, param: NumberParam, store: Store) {
  const input = h('input', {
    id: controlId(key),
    name: key,
    type: 'number',
    min: param.min,
    max: param.max,
    step: param.integer ? 1 : 'any',
    inputmode: param.integer ? 'numeric' : 'decimal',
  });
  input.addEventListener('change', () => {
    const value = input.value.trim() === '' ? Number.NaN : Number(input.value);
    store.update({ [key]: value } as Partial<State>);
  });
  return {
    input,
    show: (state: State) => {
      if (document.activeElement !== input || Number(input.value) !== state[key]) {
        input.value = String(state[key]);
      }
    },
  };
}

function boolControl(key: Key, _param: BoolParam, store: Store) {
  const input = h('input', { id: controlId(key), name: key, type: 'checkbox' });
  input.addEventListener('change', () => {
    store.update({ [key]: input.checked } as Partial<State>);
  });
  return {
    input,
    show: (state: State) => {
      input.checked = state[key] === true;
    },
  };
}

function buildControl(key: Key, store: Store): Bound {
  const param = PARAMS[key] as Param;
  let built: { input: HTMLElement; extra?: HTMLElement; show: (state: State) => void };
  switch (param.kind) {
    case 'choice':
      built = choiceControl(key, param as ChoiceParam, store);
      break;
    case 'range':
      built = rangeControl(key, param, store);
      break;
    case 'number':
      built = numberControl(key, param, store);
      break;
    case 'bool':
      built = boolControl(key, param, store);
      break;
    default:
      throw new Error(`${key} has no generic control`);
  }
  const helpId = param.help ? `${controlId(key)}-help` : undefined;
  if (helpId) built.input.setAttribute('aria-describedby', helpId);
  const label = h('label', { for: controlId(key) }, param.label);
  const wrapper = h(
    'div',
    { class: `control control-${param.kind}`, 'data-key': key },
    ...(param.kind === 'bool' ? [built.input, label] : [label, built.input]),
    built.extra,
    helpId ? h('small', { id: helpId, class: 'help' }, param.help) : null,
  );
  const shownWhen = SHOWN_WHEN[key];
  return {
    key,
    wrapper,
    show: (state) => {
      built.show(state);
      wrapper.hidden = shownWhen ? !shownWhen(state) : false;
    },
  };
}

/**
 * Puts the controls of `keys` into `container`, in order, and keeps them in step with the store.
 *
 * @example
 * ```ts
 * mountControls(byId('optimizer-controls'), ['optimizer', 'learningRate'], store);
 * ```
 */
export function mountControls(container: HTMLElement, keys: readonly Key[], store: Store): void {
  const bound = keys.map((key) => buildControl(key, store));
  container.append(...bound.map((b) => b.wrapper));
  const showAll = (state: State) => {
    for (const b of bound) b.show(state);
  };
  showAll(store.state);
  store.subscribe(showAll);
}
