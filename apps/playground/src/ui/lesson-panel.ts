/**
 * The lesson picker and the panel that tells what to watch.
 */
import { LESSONS, lessonSettings } from '../lessons/presets.js';
import { defaultState, PARAMS, type State } from '../state/schema.js';
import type { Store } from '../state/store.js';
import { byId, h } from './dom.js';

/**
 * Builds the lesson `<select>` and keeps the lesson panel in step with the state. Choosing a
 * lesson starts from the defaults plus the lesson's settings (keeping the seed).
 *
 * @example
 * ```ts
 * mountLessons(store);
 * ```
 */
export function mountLessons(store: Store): void {
  const select = h('select', { id: 'control-lesson', name: 'lesson' });
  for (const option of PARAMS.lesson.options) {
    select.append(
      h('option', { value: option.value }, option.value === '' ? 'Free play' : option.label),
    );
  }
  byId('lesson-picker').append(h('label', { for: 'control-lesson' }, 'Lesson '), select);
  select.addEventListener('change', () => {
    const id = select.value as State['lesson'];
    if (id === '') {
      store.update({ lesson: '' });
      return;
    }
    store.replace({
      ...defaultState(),
      seed: store.state.seed,
      ...lessonSettings(id),
      lesson: id,
    });
  });

  const panel = byId('lesson');
  const show = (state: State) => {
    select.value = state.lesson;
    if (state.lesson === '') {
      panel.hidden = true;
      return;
    }
    const lesson = LESSONS[state.lesson];
    panel.hidden = false;
    byId('lesson-title').textContent = lesson.title;
    byId('lesson-text').textContent = lesson.text;
    byId('lesson-target').textContent = lesson.target ?? '';
  };
  show(store.state);
  store.subscribe(show);
}
