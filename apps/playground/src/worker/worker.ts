/**
 * The training worker: a module Web Worker that runs a {@link Session} so training never blocks
 * the page.
 */
import type { FromWorker, ToWorker } from './protocol.js';
import { Session } from './session.js';

interface WorkerScope {
  postMessage(message: FromWorker, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToWorker>) => void): void;
}

const scope = self as unknown as WorkerScope;
// A MessageChannel runs a task right after pending messages, without setTimeout's clamping.
const channel = new MessageChannel();
const tasks: (() => void)[] = [];
channel.port1.onmessage = () => tasks.shift()?.();

const session = new Session({
  post: (message, transfer) => scope.postMessage(message, transfer),
  later: (task, delayMs) => {
    if (delayMs > 0) {
      setTimeout(task, delayMs);
    } else {
      tasks.push(task);
      channel.port2.postMessage(null);
    }
  },
  now: () => performance.now(),
});
scope.addEventListener('message', (event) => session.receive(event.data));
