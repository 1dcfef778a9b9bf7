/**
 * Space plays and pauses, as in a video player, unless a control that uses Space has the focus.
 */

const USES_SPACE = new Set(['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON', 'SUMMARY', 'A']);

/**
 * Calls `toggle` when Space is pressed outside a control.
 *
 * @example
 * ```ts
 * onSpace(() => app.togglePlay());
 * ```
 */
export function onSpace(toggle: () => void): void {
  document.addEventListener('keydown', (event) => {
    if (event.key !== ' ' || event.repeat || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as HTMLElement | null;
    if (target && (USES_SPACE.has(target.tagName) || target.isContentEditable)) return;
    if (target?.closest('dialog')) return;
    event.preventDefault();
    toggle();
  });
}
