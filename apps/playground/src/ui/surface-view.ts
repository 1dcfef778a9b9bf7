/**
 * The error-surface lab: contours of the two-weight model's loss, drawn by `@descent/viz`, with
 * the paths gradient descent, SGD and Adagrad take across them (computed with descent).
 */
import { contourPlot, trajectoryPalette } from '@descent/viz';
import {
  descend,
  firstStepAim,
  type Method,
  remainingDistance,
  type Scaling,
  type SurfaceProblem,
  surfaceProblem,
  view,
} from '../engine/surface.js';
import type { State } from '../state/schema.js';
import { formatNumber, h, showSvg } from './dom.js';

const METHOD_NAMES: Readonly<Record<Method, string>> = {
  gd: 'Gradient descent (full batch)',
  sgd: 'SGD',
  adagrad: 'Adagrad',
};
const SCALING_NAMES: Readonly<Record<Scaling, string>> = {
  raw: 'features as measured',
  standardized: 'standardized features',
};

const problems = new Map<Scaling, SurfaceProblem>();
function problemFor(scaling: Scaling): SurfaceProblem {
  let problem = problems.get(scaling);
  if (problem === undefined) {
    problem = surfaceProblem(scaling);
    problems.set(scaling, problem);
  }
  return problem;
}

function panelsOf(state: State): { scaling: Scaling; method: Method }[] {
  const scalings: Scaling[] =
    state.surfaceScaling === 'both' ? ['raw', 'standardized'] : [state.surfaceScaling];
  const methods = (['gd', 'sgd', 'adagrad'] as const).filter(
    (m) => state[m === 'gd' ? 'surfaceGd' : m === 'sgd' ? 'surfaceSgd' : 'surfaceAdagrad'],
  );
  return scalings.flatMap((scaling) => methods.map((method) => ({ scaling, method })));
}

function drawPanel(state: State, scaling: Scaling, method: Method, index: number): HTMLElement {
  const problem = problemFor(scaling);
  const path = descend(problem, method, {
    rate: state.surfaceRate,
    adagradRate: state.surfaceAdagradRate,
    steps: state.surfaceSteps,
    batchSize: state.surfaceBatch,
  });
  const window_ = view(problem);
  const svg = contourPlot(
    { f: problem.loss, x: window_.x, y: window_.y, resolution: 80 },
    {
      levels: 14,
      levelSpacing: 'log',
      equalAspect: true,
      trajectories: [
        {
          name: METHOD_NAMES[method],
          points: path.points,
          arrows: method === 'sgd' ? 0 : 4,
          dots: method === 'sgd',
          color: trajectoryPalette[index % trajectoryPalette.length],
        },
      ],
      xLabel: scaling === 'raw' ? 'w₁ (per point of CP)' : 'w₁',
      yLabel: scaling === 'raw' ? 'w₂ (per point of HP)' : 'w₂',
      colorbarLabel: 'loss',
      title: `${METHOD_NAMES[method]}, ${SCALING_NAMES[scaling]}`,
      width: 460,
      height: 380,
      fontSize: 11,
      idPrefix: `surface-${index}`,
    },
  );
  const figure = h('figure', { 'data-scaling': scaling, 'data-method': method });
  const chart = h('div');
  showSvg(chart, svg);
  const last = path.losses.at(-1) ?? Number.NaN;
  const excess = (last / problem.minLoss - 1) * 100;
  const remaining = remainingDistance(path, problem.best) * 100;
  const angle =
    (Math.acos(Math.max(-1, Math.min(1, firstStepAim(path, problem.best)))) * 180) / Math.PI;
  const diverged = path.points.length < state.surfaceSteps + 1 || !(remaining < 1e3);
  const examples = method === 'sgd' ? state.surfaceBatch : problem.features.shape[0];
  figure.append(
    chart,
    h(
      'figcaption',
      {
        'data-excess': String(excess),
        'data-remaining': String(remaining),
        'data-angle': String(angle),
      },
      `Learning rate ${formatNumber(path.learningRate, 3)}, ${examples} example${examples === 1 ? '' : 's'} per update. The first step points ${angle.toFixed(1)}° away from the minimum. `,
      diverged
        ? 'The learning rate is above the stable limit: the weights fly off the surface.'
        : `After ${state.surfaceSteps} updates ${remaining < 0.01 ? 'it is at the minimum' : `${formatNumber(remaining, 2)}% of the way is still to go`}, and the loss is ${excess < 0.01 ? 'at' : `${formatNumber(excess, 2)}% above`} its minimum.`,
    ),
  );
  return figure;
}

export class SurfaceView {
  private drawn = '';
  private generation = 0;

  /**
   * @example
   * ```ts
   * const surface = new SurfaceView(byId('surface-panels'));
   * ```
   */
  constructor(private readonly container: HTMLElement) {}

  /**
   * Draws the panels the state asks for, one per animation frame so the page stays responsive.
   *
   * @example
   * ```ts
   * surface.draw(store.state);
   * ```
   */
  draw(state: State): void {
    const panels = panelsOf(state);
    const key = JSON.stringify([
      panels,
      state.surfaceRate,
      state.surfaceAdagradRate,
      state.surfaceSteps,
      state.surfaceBatch,
    ]);
    if (key === this.drawn) return;
    this.drawn = key;
    const generation = ++this.generation;
    this.container.replaceChildren();
    this.container.setAttribute('aria-busy', 'true');
    if (panels.length === 0) {
      this.container.append(h('p', {}, 'Choose at least one method to see its path.'));
    }
    const next = (i: number) => {
      if (generation !== this.generation) return;
      const panel = panels[i];
      if (panel === undefined) {
        this.container.setAttribute('aria-busy', 'false');
        return;
      }
      this.container.append(drawPanel(state, panel.scaling, panel.method, i));
      requestAnimationFrame(() => next(i + 1));
    };
    requestAnimationFrame(() => next(0));
  }
}
