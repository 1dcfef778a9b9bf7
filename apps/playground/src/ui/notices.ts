/**
 * Messages to the user: settings that were refused or adjusted, training that paused by itself,
 * files that could not be read. Always set as text.
 */
import { h } from './dom.js';

const MAX_SHOWN = 6;

export class Notices {
  /**
   * @example
   * ```ts
   * const notices = new Notices(byId('notices'));
   * ```
   */
  constructor(private readonly container: HTMLElement) {}

  /**
   * Shows a message; `alert` for something that stopped the user (divergence, a bad file).
   *
   * @example
   * ```ts
   * notices.show('The loss diverged at epoch 37 — try a smaller learning rate.', 'alert');
   * ```
   */
  show(message: string, kind: 'info' | 'alert' = 'info'): void {
    const newest = this.container.firstElementChild;
    if (newest?.querySelector('p')?.textContent === message) {
      // The same message again (a second run stopped the same way): move it up, don't repeat it.
      newest.classList.toggle('alert', kind === 'alert');
      return;
    }
    const dismiss = h('button', { type: 'button', 'aria-label': 'Dismiss this message' }, '×');
    const item = h(
      'div',
      { class: `notice ${kind}`, role: kind === 'alert' ? 'alert' : undefined },
      h('p', {}, message),
      dismiss,
    );
    dismiss.addEventListener('click', () => item.remove());
    this.container.prepend(item);
    while (this.container.children.length > MAX_SHOWN) this.container.lastElementChild?.remove();
  }

  /**
   * Shows several messages in the order given (the first on top).
   *
   * @example
   * ```ts
   * notices.showAll(parseHash(location.hash).notices, 'alert');
   * ```
   */
  showAll(messages: readonly string[], kind: 'info' | 'alert' = 'info'): void {
    for (const message of [...messages].reverse()) this.show(message, kind);
  }

  /**
   * Removes every message.
   *
   * @example
   * ```ts
   * notices.clear();
   * ```
   */
  clear(): void {
    this.container.replaceChildren();
  }
}
