/**
 * The playground page: wires the state, the training worker and every panel together.
 */

import { parseHash, serializeHash } from './state/hash.js';
import { FEATURE_KEYS } from './state/normalize.js';
import type { Key, State } from './state/schema.js';
import type { Store } from './state/store.js';
import { mountControls } from './ui/controls.js';
import { byId } from './ui/dom.js';
import { mountFiles, saveWeights } from './ui/files.js';
import { Histograms } from './ui/histograms.js';
import { RunHistory } from './ui/history.js';
import { onSpace } from './ui/keyboard.js';
import { mountLayerEditor } from './ui/layer-editor.js';
import { mountLessons } from './ui/lesson-panel.js';
import { LossChart } from './ui/loss-chart.js';
import { formatEpoch, showMetrics } from './ui/metrics.js';
import { NetworkView } from './ui/network-view.js';
import { NormPanel } from './ui/norm-panel.js';
import type { Notices } from './ui/notices.js';
import { mountOwnData } from './ui/own-data.js';
import { Picture } from './ui/picture.js';
import { SurfaceView } from './ui/surface-view.js';
import { editWeights } from './ui/weight-editor.js';
import { TrainingClient } from './ui/worker-client.js';
import type { Snapshot } from './worker/protocol.js';

const TOOLBAR: Key[] = [
  'learningRate',
  'activation',
  'regularization',
  'regularizationRate',
  'problem',
];
const DATA: Key[] = ['dataset', 'regDataset', 'arms', 'trainRatio', 'noise', 'batchSize', 'seed'];
const NETWORK: Key[] = ['loss'];
const OPTIMIZER: Key[] = [
  'optimizer',
  'momentum',
  'nesterov',
  'alpha',
  'centered',
  'beta1',
  'beta2',
  'amsgrad',
];
const SCHEDULE: Key[] = ['schedule', 'stepSize', 'gamma', 'cosinePeriod'];
const OUTPUT: Key[] = ['showTestData', 'discretize', 'bnMode', 'logScale', 'compare'];
const RUN: Key[] = ['speed', 'stopAtEpoch', 'stopAtLoss'];
const SURFACE: Key[] = [
  'surfaceScaling',
  'surfaceGd',
  'surfaceSgd',
  'surfaceAdagrad',
  'surfaceRate',
  'surfaceAdagradRate',
  'surfaceSteps',
  'surfaceBatch',
];

/**
 * Starts the playground on a page that has the elements of `index.html`.
 *
 * @example
 * ```ts
 * startApp(new Store(parseHash(location.hash).state), notices);
 * ```
 */
export function startApp(store: Store, notices: Notices): void {
  const history = new RunHistory();
  const lossChart = new LossChart(byId('loss-chart'));
  let latest: Snapshot | null = null;
  let playing = false;
  let writingHash = false;

  const playButton = byId<HTMLButtonElement>('play');
  const setPlaying = (on: boolean) => {
    playing = on;
    playButton.textContent = on ? 'Pause' : 'Play';
    playButton.setAttribute('aria-pressed', String(on));
  };

  const client = new TrainingClient({
    snapshot: (snapshot) => draw(snapshot),
    paused: (reason, message) => {
      setPlaying(false);
      notices.show(message, reason === 'diverged' || reason === 'error' ? 'alert' : 'info');
    },
    weights: (bytes) => saveWeights(bytes),
    error: (message) => notices.show(message, 'alert'),
  });

  const picture = new Picture(byId('field'), byId('points'), (x1, x2, hit) =>
    onPictureClick(x1, x2, hit),
  );
  const onPictureClick = mountOwnData(store, notices, () => picture.points);
  const network = new NetworkView(byId('network'), {
    focus: (unit) => client.send({ type: 'focus', unit }),
    edit: (target) => {
      if (latest === null) return;
      editWeights(target, latest.weights, features(store.state), (layer, unit, input, value) =>
        client.send({ type: 'setWeight', layer, unit, input, value }),
      );
    },
  });
  const placeLayerEditors = mountLayerEditor(store);
  const histograms = new Histograms(byId('histograms'), byId('layer-inputs'), (enabled) =>
    client.send({ type: 'layerInputs', enabled }),
  );
  const surface = new SurfaceView(byId('surface-panels'));
  const normPanel = new NormPanel(byId('norm-stats'));

  mountControls(byId('toolbar-controls'), TOOLBAR, store);
  mountControls(byId('data-controls'), DATA, store);
  mountControls(byId('features'), [...FEATURE_KEYS], store);
  mountControls(byId('network-controls'), NETWORK, store);
  mountControls(byId('optimizer-controls'), OPTIMIZER, store);
  mountControls(byId('schedule-controls'), SCHEDULE, store);
  mountControls(byId('output-controls'), OUTPUT, store);
  mountControls(byId('run-controls'), RUN, store);
  mountControls(byId('surface-controls'), SURFACE, store);
  mountLessons(store);
  mountFiles(store, notices, {
    request: () => client.send({ type: 'exportWeights' }),
    load: (bytes) => client.send({ type: 'importWeights', bytes }, [bytes.buffer as ArrayBuffer]),
  });

  // The heavier panels take turns, one per frame, so no frame does all of them; when training
  // pauses (or a run starts) every panel is owed and they are drawn one per frame until done.
  const PANELS = ['edges', 'units', 'chart', 'norms'] as const;
  type Panel = (typeof PANELS)[number];
  const owed = new Set<Panel>();
  let frame = 0;
  let catchingUp = false;

  function draw(snapshot: Snapshot): void {
    latest = snapshot;
    const state = store.state;
    if (snapshot.restarted) history.restart();
    history.add(snapshot.measurements);
    setPlaying(snapshot.playing);
    const epoch = byId('epoch');
    epoch.textContent = formatEpoch(snapshot.epoch);
    // Whether the worker is training, as of this snapshot (the button changes on click).
    epoch.dataset.training = String(snapshot.playing);
    showMetrics(byId('metrics'), history.latest, state.problem);
    picture.draw(snapshot, { discretize: state.discretize, showTest: state.showTestData });
    if (snapshot.data !== null) describeBatchSize(snapshot.data.isTrain);
    const domain = picture.points?.domain ?? [-6, 6];
    const rebuilt = network.draw(snapshot, features(state), domain, state.discretize);
    placeLayerEditors(network.columns());
    histograms.draw(snapshot, state.activation);
    if (!snapshot.playing || snapshot.restarted) for (const panel of PANELS) owed.add(panel);
    else owed.add(PANELS[frame++ % PANELS.length] as Panel);
    if (rebuilt) {
      owed.delete('edges');
      owed.delete('units');
    }
    drawOwedPanel();
    if (owed.size > 0 && !catchingUp) {
      catchingUp = true;
      requestAnimationFrame(catchUp);
    }
  }

  function catchUp(): void {
    catchingUp = false;
    drawOwedPanel();
    if (owed.size > 0) {
      catchingUp = true;
      requestAnimationFrame(catchUp);
    }
  }

  function drawOwedPanel(): void {
    const [panel] = owed;
    if (panel === undefined || latest === null) return;
    owed.delete(panel);
    const state = store.state;
    switch (panel) {
      case 'edges':
        network.drawEdges(latest);
        break;
      case 'units':
        network.drawPictures(latest, state.discretize);
        break;
      case 'chart':
        lossChart.draw(history.run, history.ghost, { log: state.logScale, compare: state.compare });
        describePicture(latest, state);
        break;
      case 'norms':
        normPanel.draw(latest.norms, state.bnMode);
        break;
    }
  }

  function describePicture(snapshot: Snapshot, state: State): void {
    const m = history.latest;
    const what = snapshot.focus
      ? `hidden layer ${snapshot.focus.layer + 1}, unit ${snapshot.focus.unit + 1}`
      : 'the network';
    const [lo, hi] = picture.points?.domain ?? [-6, 6];
    const colours =
      state.problem === 'classification'
        ? 'orange is class 0, blue class 1'
        : 'orange is low, blue high';
    const score =
      m === null
        ? ''
        : state.problem === 'classification'
          ? ` Test accuracy ${(m.testScore * 100).toFixed(1)}%.`
          : ` Test R² ${m.testScore.toFixed(3)}.`;
    const text = `The output of ${what} over x₁ and x₂ from ${lo} to ${hi} (${colours}) at epoch ${snapshot.epoch}, with the ${state.showTestData ? 'training and test' : 'training'} points.${score}`;
    byId('field').setAttribute('aria-label', text);
    byId('picture-caption').textContent = text;
  }

  byId('play').addEventListener('click', () => togglePlay());
  byId('step').addEventListener('click', () => {
    setPlaying(false);
    client.send({ type: 'step' });
  });
  byId('reset').addEventListener('click', () => {
    setPlaying(false);
    client.send({ type: 'reset' });
  });
  byId('regenerate').addEventListener('click', () => {
    store.update({ seed: Math.floor(Math.random() * 2 ** 31) });
  });
  byId('back-to-network').addEventListener('click', () => store.update({ view: 'network' }));
  onSpace(() => togglePlay());

  function togglePlay(): void {
    setPlaying(!playing);
    client.send({ type: playing ? 'play' : 'pause' });
  }

  const apply = (state: State, previous: State | null, messages: string[]) => {
    notices.showAll(messages);
    byId('network-view').hidden = state.view !== 'network';
    byId('surface-view').hidden = state.view !== 'surface';
    if (state.view === 'surface') surface.draw(state);
    client.send({ type: 'configure', state });
    if (previous !== null && latest !== null && viewOnly(previous, state)) {
      draw({ ...latest, measurements: [], restarted: false, data: null });
    }
    writingHash = true;
    window.history.replaceState(null, '', `#${serializeHash(state)}`);
    writingHash = false;
  };
  store.subscribe((state, previous, messages) => apply(state, previous, messages));
  window.addEventListener('hashchange', () => {
    if (writingHash) return;
    const parsed = parseHash(window.location.hash);
    store.replace(parsed.state, parsed.notices);
  });
  window.addEventListener('resize', () => picture.drawPoints());
  apply(store.state, null, []);
}

/** Says how many training points there are, so full-batch gradient descent is one number away. */
function describeBatchSize(isTrain: Uint8Array): void {
  const count = isTrain.reduce((sum, flag) => sum + flag, 0);
  byId('control-batchSize-help').textContent =
    `Examples per update, of ${count} training points: 1 is pure SGD, ${count} is full-batch gradient descent.`;
}

function features(state: State) {
  return FEATURE_KEYS.filter((key) => state[key]);
}

function viewOnly(before: State, after: State): boolean {
  return (
    before.discretize !== after.discretize ||
    before.showTestData !== after.showTestData ||
    before.logScale !== after.logScale ||
    before.compare !== after.compare
  );
}
