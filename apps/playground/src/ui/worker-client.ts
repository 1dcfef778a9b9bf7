/**
 * The page's side of the training worker: it sends requests and hands each snapshot to the
 * renderer on the next animation frame, then tells the worker it may send another.
 */
import type { FromWorker, Snapshot, ToWorker } from '../worker/protocol.js';

export interface ClientHandlers {
  snapshot(snapshot: Snapshot): void;
  paused(reason: string, message: string): void;
  weights(bytes: Uint8Array): void;
  error(message: string): void;
}

export class TrainingClient {
  private readonly worker: Worker;
  private latest: Snapshot | null = null;
  private frameRequested = false;

  /**
   * @example
   * ```ts
   * const client = new TrainingClient({ snapshot: draw, paused, weights: download, error });
   * ```
   */
  constructor(private readonly handlers: ClientHandlers) {
    this.worker = new Worker(new URL('../worker/worker.ts', import.meta.url), {
      type: 'module',
      name: 'descent-training',
    });
    this.worker.addEventListener('message', (event: MessageEvent<FromWorker>) =>
      this.receive(event.data),
    );
    this.worker.addEventListener('error', (event) => {
      handlers.error(`The training worker failed: ${event.message || 'unknown error'}`);
    });
  }

  /**
   * Sends a request to the worker (`transfer` moves buffers instead of copying them).
   *
   * @example
   * ```ts
   * client.send({ type: 'play' });
   * ```
   */
  send(message: ToWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'snapshot':
        this.latest = message.snapshot;
        if (!this.frameRequested) {
          this.frameRequested = true;
          requestAnimationFrame(() => this.draw());
        }
        break;
      case 'paused':
        this.handlers.paused(message.reason, message.message);
        break;
      case 'weights':
        this.handlers.weights(message.bytes);
        break;
      case 'error':
        this.handlers.error(message.message);
        break;
    }
  }

  private draw(): void {
    this.frameRequested = false;
    const snapshot = this.latest;
    this.latest = null;
    if (snapshot === null) return;
    try {
      this.handlers.snapshot(snapshot);
    } finally {
      this.send({ type: 'drawn' });
    }
  }
}
