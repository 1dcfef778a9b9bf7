/**
 * The kinds of setting the playground has. Each kind knows how to read itself from a URL-hash
 * string and write itself back; its valibot schema (built by the constructors below) is the one
 * place a value is checked, whether it comes from a control, the URL, a lesson or an imported file.
 */
import * as v from 'valibot';

/** What changing a setting does to a run in progress. */
export type Effect =
  /** New data points: the data and the network are rebuilt. */
  | 'data'
  /** A different network: weights are re-initialized, the data is kept. */
  | 'model'
  /** How training proceeds: weights are kept. */
  | 'training'
  /** Only what is drawn. */
  | 'view';

/** Where a setting's control sits on the page. */
export type Group =
  | 'data'
  | 'features'
  | 'network'
  | 'optimizer'
  | 'schedule'
  | 'run'
  | 'output'
  | 'surface'
  | 'hidden';

interface Common<T> {
  /** Short label, shown next to the control and in notices. */
  readonly label: string;
  readonly effect: Effect;
  readonly group: Group;
  readonly default: T;
  readonly schema: v.GenericSchema<T>;
  /** One sentence of help, shown as the control's description. */
  readonly help?: string;
}

export interface ChoiceParam<T extends string | number = string | number> extends Common<T> {
  readonly kind: 'choice';
  readonly options: readonly { readonly value: T; readonly label: string }[];
}

export interface RangeParam extends Common<number> {
  readonly kind: 'range';
  readonly min: number;
  readonly max: number;
  readonly step: number;
  /** Appended to the shown value, e.g. '%'. */
  readonly unit?: string;
}

export interface NumberParam extends Common<number> {
  readonly kind: 'number';
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
}

export interface BoolParam extends Common<boolean> {
  readonly kind: 'bool';
}

export interface IntListParam extends Common<readonly number[]> {
  readonly kind: 'intList';
  readonly maxLength: number;
  readonly min: number;
  readonly max: number;
}

export interface BoolListParam extends Common<readonly boolean[]> {
  readonly kind: 'boolList';
}

/** A point of the user's own data: coordinates and a label (class index or target value). */
export interface DataPoint {
  readonly x1: number;
  readonly x2: number;
  readonly label: number;
}

export interface PointsParam extends Common<readonly DataPoint[]> {
  readonly kind: 'points';
  readonly maxPoints: number;
}

export type Param =
  | ChoiceParam<string>
  | ChoiceParam<number>
  | RangeParam
  | NumberParam
  | BoolParam
  | IntListParam
  | BoolListParam
  | PointsParam;

/** The value type a parameter holds. */
export type ValueOf<P> = P extends Common<infer T> ? T : never;

type Base = { label: string; effect: Effect; group: Group; help?: string };

/**
 * A setting chosen from a fixed list (a `<select>`).
 *
 * @example
 * ```ts
 * choice({ label: 'Activation', effect: 'model', group: 'network', default: 'tanh',
 *   options: [{ value: 'tanh', label: 'Tanh' }, { value: 'relu', label: 'ReLU' }] });
 * ```
 */
export function choice<const T extends string | number>(
  spec: Base & { default: NoInfer<T>; options: readonly { value: T; label: string }[] },
): ChoiceParam<T> {
  const values = spec.options.map((o) => o.value);
  const schema = v.custom<T>(
    (input) => (values as unknown[]).includes(input),
    () => `must be one of ${values.join(', ')}`,
  );
  return { ...spec, kind: 'choice', schema };
}

/**
 * A number on a slider with a fixed step.
 *
 * @example
 * ```ts
 * range({ label: 'Noise', effect: 'data', group: 'data', default: 0, min: 0, max: 50, step: 5 });
 * ```
 */
export function range(
  spec: Base & { default: number; min: number; max: number; step: number; unit?: string },
): RangeParam {
  const { min, max, step } = spec;
  const schema = v.pipe(
    v.number(),
    v.finite(),
    v.minValue(min),
    v.maxValue(max),
    v.check(
      (n) => Math.abs((n - min) / step - Math.round((n - min) / step)) < 1e-9,
      `must be a multiple of ${step}`,
    ),
  );
  return { ...spec, kind: 'range', schema };
}

/**
 * A number typed into a field, between bounds.
 *
 * @example
 * ```ts
 * number({ label: 'Seed', effect: 'data', group: 'data', default: 1, min: 0, max: 2 ** 31 - 1, integer: true });
 * ```
 */
export function number(
  spec: Base & { default: number; min: number; max: number; integer: boolean },
): NumberParam {
  const schema: v.GenericSchema<number> = spec.integer
    ? v.pipe(v.number(), v.finite(), v.integer(), v.minValue(spec.min), v.maxValue(spec.max))
    : v.pipe(v.number(), v.finite(), v.minValue(spec.min), v.maxValue(spec.max));
  return { ...spec, kind: 'number', schema };
}

/**
 * An on/off setting (a checkbox).
 *
 * @example
 * ```ts
 * bool({ label: 'Show test data', effect: 'view', group: 'output', default: false });
 * ```
 */
export function bool(spec: Base & { default: boolean }): BoolParam {
  return { ...spec, kind: 'bool', schema: v.boolean() };
}

/**
 * A list of integers, such as the units of each hidden layer.
 *
 * @example
 * ```ts
 * intList({ label: 'Hidden layers', effect: 'model', group: 'hidden', default: [4, 2],
 *   maxLength: 8, min: 1, max: 16 });
 * ```
 */
export function intList(
  spec: Base & { default: readonly number[]; maxLength: number; min: number; max: number },
): IntListParam {
  const schema = v.pipe(
    v.array(v.pipe(v.number(), v.integer(), v.minValue(spec.min), v.maxValue(spec.max))),
    v.maxLength(spec.maxLength),
    v.readonly(),
  );
  return {
    label: spec.label,
    effect: spec.effect,
    group: spec.group,
    default: spec.default,
    kind: 'intList',
    maxLength: spec.maxLength,
    min: spec.min,
    max: spec.max,
    schema,
  };
}

/**
 * A list of on/off flags, such as BatchNorm per hidden layer.
 *
 * @example
 * ```ts
 * boolList({ label: 'BatchNorm', effect: 'model', group: 'hidden', default: [], maxLength: 8 });
 * ```
 */
export function boolList(
  spec: Base & { default: readonly boolean[]; maxLength: number },
): BoolListParam {
  const schema = v.pipe(v.array(v.boolean()), v.maxLength(spec.maxLength), v.readonly());
  return {
    label: spec.label,
    effect: spec.effect,
    group: spec.group,
    default: spec.default,
    kind: 'boolList',
    schema,
  };
}

/**
 * The user's own data points: finite coordinates and labels, at most `maxPoints`.
 *
 * @example
 * ```ts
 * points({ label: 'Your data', effect: 'data', group: 'hidden', default: [], maxPoints: 2000 });
 * ```
 */
export function points(
  spec: Base & { default: readonly DataPoint[]; maxPoints: number },
): PointsParam {
  const finite = v.pipe(v.number(), v.finite());
  const schema = v.pipe(
    v.array(v.object({ x1: finite, x2: finite, label: finite })),
    v.maxLength(spec.maxPoints),
    v.readonly(),
  );
  return { ...spec, kind: 'points', schema };
}
