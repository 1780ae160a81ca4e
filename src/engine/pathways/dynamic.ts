import { tf } from '../tf';
import { safeTensor } from '../io/safetensors';
import type { SafeTensorMap } from '../io/safetensors';
import type { ParamSource } from '../model/params';
import { cubicSparsity, checkCubicSchedule } from '../prune/gradual';
import type { CubicSchedule } from '../prune/gradual';
import { pruneByScore, readMasked } from '../prune/magnitude';
import type { PruneScope } from '../prune/magnitude';
import type { MaskHistoryEntry } from '../prune/overlap';
import { MaskSet } from '../prune/mask-set';
import type { TensorData } from '../prune/param-map';
import { applyMask } from './apply-mask';
import type { MaskedOptimizer } from './masked-optimizer';
import { resetMoments } from './reset-moments';
import { ShadowDirection } from './shadow-direction';
import type { ShadowOptimizer } from './shadow-direction';
import { PathwayTrainer } from './trainer';
import type { LanguageBatch, PathwayGradients, PathwayTrainerOptions, StepOptions } from './trainer';

/**
 * Language-specific score used to re-select m_l (docs/methods.md, dynamic pathways):
 * 'shadow' |θ + Δ_l| with Δ_l accumulating language-l updates of weights outside m_l, applied
 * densely from the gradient at θ ⊙ m_l (default);
 * 'adjust' PARP-style: |θ'| after a short language-l training of a copy θ' = θ ⊙ m_l on all weights;
 * 'saliency' the first-order change of language l's loss, averaged over its batches since the last re-evaluation:
 * |θ ⊙ g_l| (what removing a weight would cost) + η·g_l² (what one SGD step of size η = shadowLr on it would gain),
 * so a weight outside the union (θ = 0) can come back when its gradient is large, entering at 0 as in RigL.
 */
export type DynamicScore = 'shadow' | 'adjust' | 'saliency';

export interface AdjustOptions<B> {
  steps: number;
  /** Plain SGD learning rate of the adjust phase. */
  lr: number;
  nextBatch: (language: string) => B;
  /** Frees a batch of `nextBatch` once the adjust step has used it. */
  release?: (batch: B) => void;
}

export interface DynamicOptions<B> {
  /** s_t for the re-evaluations, which happen every `schedule.every` steps after `schedule.startStep`. */
  schedule: CubicSchedule;
  /** Length of the run: no re-evaluation at or after it. */
  totalSteps: number;
  score: DynamicScore;
  scope?: PruneScope;
  /** Step size η of the shadow updates Δ_l ← Δ_l − η·(1 − m_l) ⊙ d_l ('shadow') and of the regrowth gain η·g² ('saliency'). */
  shadowLr?: number;
  /** d_l: the dense gradient ∇_w L_l ('sgd') or its Adam-normalised form ('adam', default). */
  shadowOptimizer?: ShadowOptimizer;
  /** Required for 'adjust'. */
  adjust?: AdjustOptions<B>;
}

/** What one re-evaluation did to one language's mask. */
export interface LanguageMaskChange {
  entered: number;
  left: number;
  kept: number;
  sparsity: number;
}

/** One re-evaluation, JSON-serialisable (stored as metrics for the Masks view). */
export interface Reevaluation {
  step: number;
  targetSparsity: number;
  languages: Record<string, LanguageMaskChange>;
  unionSparsity: number;
  /** Weights that entered / left the union of all masks. */
  unionEntered: number;
  unionLeft: number;
}

/** Re-evaluations as the overlap report's history rows (one per language per re-evaluation). */
export function maskHistory(reevaluations: readonly Reevaluation[]): MaskHistoryEntry[] {
  return reevaluations.flatMap((r) =>
    Object.entries(r.languages).map(([language, c]) => ({
      step: r.step,
      language,
      entered: c.entered,
      left: c.left,
      sparsity: c.sparsity,
    })),
  );
}

/** Steps t₀ + j·Δt (j ≥ 1) before `totalSteps` at which masks are re-evaluated. */
export function reevaluationSteps(schedule: CubicSchedule, totalSteps: number): number[] {
  const steps: number[] = [];
  for (let t = schedule.startStep + schedule.every; t < totalSteps; t += schedule.every) steps.push(t);
  return steps;
}

function checkDynamicOptions<B>(options: DynamicOptions<B>): void {
  checkCubicSchedule(options.schedule);
  if (!Number.isInteger(options.totalSteps) || options.totalSteps < 1) {
    throw new Error(`totalSteps must be a positive integer, got ${options.totalSteps}`);
  }
  if (options.score !== 'adjust' && !(options.shadowLr !== undefined && options.shadowLr > 0)) {
    throw new Error(`score '${options.score}' needs shadowLr > 0, got ${options.shadowLr}`);
  }
  if (options.score === 'adjust') {
    const adjust = options.adjust;
    if (!adjust) throw new Error("score 'adjust' needs adjust options (steps, lr, nextBatch)");
    if (!Number.isInteger(adjust.steps) || adjust.steps < 1)
      throw new Error(`adjust.steps must be a positive integer, got ${adjust.steps}`);
    if (!(adjust.lr > 0)) throw new Error(`adjust.lr must be > 0, got ${adjust.lr}`);
  }
}

type Buffers = Map<string, tf.Tensor>;

const STATE_PREFIX = 'dynamic/';
const STATE_KEY = 'dynamic.state';

interface SavedState {
  step: number;
  history: Reevaluation[];
  saliencyCounts: Record<string, number>;
  shadowSteps: Record<string, number>;
}

/** buffers[name] += delta, keeping the sum alive past an enclosing tidy. */
function addInto(buffers: Buffers, name: string, delta: tf.Tensor): void {
  const prev = buffers.get(name)!;
  buffers.set(name, tf.keep(tf.add(prev, delta)));
  prev.dispose();
}

/** The buffers' values, read with an awaited `data()` (every backend; webgpu has no synchronous read). */
async function readAll(buffers: Buffers): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const [n, t] of buffers) out.set(n, Float32Array.from(await t.data()));
  return out;
}

function zerosLikeMask(mask: MaskSet): Buffers {
  return new Map([...mask.masks].map(([n, m]) => [n, tf.zeros(m.shape)]));
}

/**
 * Dynamic ASR pathways: pathways training whose masks are re-selected every Δt steps at the
 * scheduled sparsity s_t, by a language-specific score over all prunable weights (so pruned
 * weights can come back). Each language keeps a virtual value φ_l = θ + Δ_l for its pruned
 * weights; when a weight enters the union it starts from the mean φ_l of the languages taking it,
 * when it leaves the union θ is set to 0 and its value moves into every Δ_l (φ_l unchanged), and
 * inside m_l, Δ_l is 0. A weight entering the union also gets its optimizer moments reset to 0 (the papers are
 * silent on them; the moments frozen when it left describe gradients of another θ). Weights moving between
 * language masks inside the union keep theirs. With one language this is the monolingual adaptive-pruning variant.
 */
export class DynamicPathways<B> {
  readonly trainer: PathwayTrainer<B>;
  readonly history: Reevaluation[] = [];
  private readonly options: DynamicOptions<B>;
  private readonly optimizer: MaskedOptimizer;
  private steps = 0;
  private shadows = new Map<string, Buffers>();
  private readonly shadowDirection: ShadowDirection;
  private saliency = new Map<string, { sums: Buffers; count: number }>();

  constructor(options: PathwayTrainerOptions<B> & { dynamic: DynamicOptions<B> }) {
    checkDynamicOptions(options.dynamic);
    this.options = options.dynamic;
    this.optimizer = options.optimizer;
    this.trainer = new PathwayTrainer(options);
    this.shadowDirection = new ShadowDirection(options.dynamic.shadowOptimizer ?? 'adam');
    this.resetBuffers(true);
  }

  get step(): number {
    return this.steps;
  }

  /** One pathways step, then a re-evaluation when the schedule says so. */
  async train(
    batches: readonly LanguageBatch<B>[],
    options: StepOptions,
  ): Promise<{
    loss: number;
    losses: Map<string, number>;
    reevaluation?: Reevaluation;
  }> {
    const gradients = await this.gradients(batches);
    return this.apply(
      batches.map((b) => b.language),
      gradients,
      gradients.combined,
      options,
    );
  }

  /** The first half of {@link train}: the step's gradients, with the dense ones its score needs. */
  gradients(batches: readonly LanguageBatch<B>[]): Promise<PathwayGradients> {
    return this.trainer.computeGradients(batches, { dense: this.options.score !== 'adjust' });
  }

  /**
   * The second half of {@link train}: the score's updates from `gradients.dense` (disposed), one optimizer step
   * from `combined` (the combined gradient, possibly clipped by the caller; disposed), then a re-evaluation when
   * the schedule says so.
   */
  async apply(
    languages: readonly string[],
    gradients: PathwayGradients,
    combined: Map<string, tf.Tensor>,
    options: StepOptions,
  ): Promise<{
    loss: number;
    losses: Map<string, number>;
    reevaluation?: Reevaluation;
  }> {
    const score = this.options.score;
    const { dense, loss, losses } = gradients;
    for (const [language, grads] of dense ?? []) {
      if (score === 'shadow') this.shadowDirection.begin(language);
      tf.tidy(() => {
        const masks = this.trainer.maskTensors(language);
        for (const [name, g] of grads) {
          if (score === 'shadow') {
            const d = this.shadowDirection.direction(language, name, g);
            addInto(
              this.shadows.get(language)!,
              name,
              tf.mul(-this.options.shadowLr!, tf.mul(tf.sub(1, masks.get(name)!), d)),
            );
          } else {
            const removal = tf.abs(tf.mul(this.trainer.params.get(name)!, g));
            addInto(
              this.saliency.get(language)!.sums,
              name,
              tf.add(removal, tf.mul(this.options.shadowLr!, tf.square(g))),
            );
          }
        }
      });
      if (score === 'saliency') this.saliency.get(language)!.count++;
      grads.forEach((g) => g.dispose());
    }
    await this.trainer.applyGradients(combined, languages, options);
    this.steps++;
    const due = reevaluationSteps(this.options.schedule, this.options.totalSteps).includes(this.steps);
    return { loss, losses, reevaluation: due ? await this.reevaluate() : undefined };
  }

  /** Re-select every language's mask at s_t for the current step (exact count in global scope). */
  async reevaluate(): Promise<Reevaluation> {
    const target = cubicSparsity(this.steps, this.options.schedule);
    const languages = this.trainer.languages;
    const oldMasks = this.trainer.masks();
    const oldUnion = this.trainer.union();
    const theta = await readMasked(this.trainer.params, oldUnion);
    const virtual = new Map<string, Map<string, Float32Array>>();
    const newMasks = new Map<string, MaskSet>();
    for (const language of languages) {
      const { values, scores } = await this.scoresOf(language, theta);
      virtual.set(language, values);
      newMasks.set(language, pruneByScore(scores, { sparsity: target, scope: this.options.scope }));
    }
    const newUnion = MaskSet.unionAll([...newMasks.values()]);
    let shadows: Map<string, Map<string, Float32Array>> | undefined;
    if (this.options.score === 'shadow') {
      shadows = new Map();
      for (const l of languages) shadows.set(l, await readAll(this.shadows.get(l)!));
    }
    let unionEntered = 0;
    let unionLeft = 0;
    const entering = new Map<string, number[]>();
    for (const [name, t] of theta) {
      const before = oldUnion.get(name).data;
      const after = newUnion.get(name).data;
      const enteringHere: number[] = [];
      entering.set(name, enteringHere);
      for (let i = 0; i < t.data.length; i++) {
        if (before[i] && !after[i]) {
          unionLeft++;
          shadows?.forEach((s) => (s.get(name)![i] += t.data[i]));
          t.data[i] = 0;
        } else if (!before[i] && after[i]) {
          unionEntered++;
          enteringHere.push(i);
          const taking = languages.filter((l) => newMasks.get(l)!.get(name).data[i]);
          t.data[i] = taking.reduce((sum, l) => sum + virtual.get(l)!.get(name)![i], 0) / taking.length;
          shadows?.forEach((s) => (s.get(name)![i] -= t.data[i]));
        }
      }
    }
    shadows?.forEach((s, language) => {
      for (const [name, m] of newMasks.get(language)!.masks) {
        const d = s.get(name)!;
        m.data.forEach((keep, i) => keep && (d[i] = 0));
      }
    });
    for (const [name, t] of theta)
      tf.tidy(() => this.trainer.params.get(name)!.assign(tf.tensor(t.data, t.shape)));
    await resetMoments(this.optimizer, entering);
    if (shadows) {
      const read = shadows;
      this.shadows.forEach((buffers, language) => {
        buffers.forEach((b) => b.dispose());
        const values = read.get(language)!;
        this.shadows.set(
          language,
          new Map([...values].map(([n, d]) => [n, tf.tensor(d, theta.get(n)!.shape)])),
        );
      });
    }
    this.trainer.setMasks(newMasks);
    this.resetBuffers(false);
    const record: Reevaluation = {
      step: this.steps,
      targetSparsity: target,
      languages: Object.fromEntries(
        languages.map((l) => {
          const before = oldMasks.get(l)!;
          const after = newMasks.get(l)!;
          const c = after.count();
          const entered = c.kept - after.intersection(before).count().kept;
          const left = before.count().kept - after.intersection(before).count().kept;
          return [l, { entered, left, kept: c.kept, sparsity: c.sparsity }];
        }),
      ),
      unionSparsity: newUnion.sparsity(),
      unionEntered,
      unionLeft,
    };
    this.history.push(record);
    return record;
  }

  /** φ_l (the value language l would give each prunable weight) and its score. */
  private async scoresOf(
    language: string,
    theta: Map<string, TensorData>,
  ): Promise<{ values: Map<string, Float32Array>; scores: Map<string, TensorData> }> {
    const shapeOf = (n: string) => theta.get(n)!.shape;
    const scoresFrom = (values: Map<string, Float32Array>) =>
      new Map([...values].map(([n, d]) => [n, { shape: shapeOf(n), data: d.map(Math.abs) }]));
    const score = this.options.score;
    if (score === 'shadow') {
      const shadow = await readAll(this.shadows.get(language)!);
      const values = new Map([...theta].map(([n, t]) => [n, t.data.map((x, i) => x + shadow.get(n)![i])]));
      return { values, scores: scoresFrom(values) };
    }
    if (score === 'adjust') {
      const values = await this.adjustedCopy(language, [...theta.keys()]);
      return { values, scores: scoresFrom(values) };
    }
    const values = new Map([...theta].map(([n, t]) => [n, t.data]));
    const { sums, count } = this.saliency.get(language)!;
    const scores =
      count === 0
        ? scoresFrom(values)
        : new Map(
            [...(await readAll(sums))].map(([n, d]) => [
              n,
              { shape: shapeOf(n), data: d.map((x) => x / count) },
            ]),
          );
    return { values, scores };
  }

  /** PARP adjust phase: SGD on a copy of θ ⊙ m_l over all weights with language-l batches. */
  private async adjustedCopy(language: string, names: string[]): Promise<Map<string, Float32Array>> {
    const adjust = this.options.adjust!;
    const view = applyMask(this.trainer.params, this.trainer.mask(language));
    let copy: Map<string, tf.Tensor> = new Map([...view.params].map(([n, t]) => [n, tf.clone(t)]));
    view.dispose();
    for (let s = 0; s < adjust.steps; s++) {
      const batch = adjust.nextBatch(language);
      let grads: Map<string, tf.Tensor>;
      try {
        ({ grads } = await this.trainer.maskedGrads(copy as ParamSource, undefined, batch));
      } catch (error) {
        copy.forEach((t) => t.dispose());
        throw error;
      }
      adjust.release?.(batch);
      const next = new Map(
        [...copy].map(([n, t]) => [n, tf.tidy(() => tf.sub(t, tf.mul(adjust.lr, grads.get(n)!)))]),
      );
      copy.forEach((t) => t.dispose());
      grads.forEach((g) => g.dispose());
      copy = next;
    }
    const values = await readAll(new Map(names.map((n) => [n, copy.get(n)!])));
    copy.forEach((t) => t.dispose());
    return values;
  }

  /**
   * Everything besides θ, the optimizer and the masks that a resumed run needs: shadow buffers and
   * their moments, saliency sums, the step count and the re-evaluation history.
   */
  async exportState(): Promise<{ tensors: SafeTensorMap; metadata: Record<string, string> }> {
    const tensors: SafeTensorMap = new Map();
    const put = async (kind: string, language: string, buffers: Buffers) => {
      for (const [name, t] of buffers) {
        tensors.set(
          `${STATE_PREFIX}${kind}/${language}/${name}`,
          safeTensor(Float32Array.from(await t.data()), [...t.shape]),
        );
      }
    };
    for (const [language, buffers] of this.shadows) await put('shadow', language, buffers);
    for (const [language, s] of this.saliency) await put('saliency', language, s.sums);
    const moments = await this.shadowDirection.exportState(`${STATE_PREFIX}shadow_`);
    moments.tensors.forEach((t, key) => tensors.set(key, t));
    const state: SavedState = {
      step: this.steps,
      history: this.history,
      saliencyCounts: Object.fromEntries([...this.saliency].map(([l, s]) => [l, s.count])),
      shadowSteps: moments.steps,
    };
    return { tensors, metadata: { [STATE_KEY]: JSON.stringify(state) } };
  }

  /** Restore {@link exportState}'s output into a run constructed with the saved masks and options. */
  importState(
    saved: { tensors: SafeTensorMap; metadata: Record<string, string> },
    source = 'dynamic state',
  ): void {
    let state: SavedState;
    try {
      state = JSON.parse(saved.metadata[STATE_KEY]) as SavedState;
    } catch {
      throw new Error(`${source}: metadata '${STATE_KEY}' is missing or not JSON`);
    }
    const take = (kind: string, language: string, buffers: Buffers): Buffers =>
      new Map(
        [...buffers].map(([name, t]) => {
          const key = `${STATE_PREFIX}${kind}/${language}/${name}`;
          const entry = saved.tensors.get(key);
          if (!entry || entry.shape.join(',') !== t.shape.join(',')) {
            throw new Error(`${source}: tensor '${key}' is missing or has the wrong shape`);
          }
          return [name, tf.tensor(entry.data as Float32Array, entry.shape)];
        }),
      );
    const shadows = new Map([...this.shadows].map(([l, b]) => [l, take('shadow', l, b)]));
    const saliency = new Map(
      [...this.saliency].map(([l, s]) => [
        l,
        { sums: take('saliency', l, s.sums), count: state.saliencyCounts[l] ?? 0 },
      ]),
    );
    this.shadows.forEach((b) => b.forEach((t) => t.dispose()));
    this.saliency.forEach((s) => s.sums.forEach((t) => t.dispose()));
    this.shadows = shadows;
    this.saliency = saliency;
    this.shadowDirection.importState(`${STATE_PREFIX}shadow_`, saved.tensors, state.shadowSteps);
    this.steps = state.step;
    this.history.splice(0, this.history.length, ...state.history);
  }

  private resetBuffers(initial: boolean): void {
    const template = this.trainer.union();
    for (const language of this.trainer.languages) {
      if (this.options.score === 'shadow' && initial) this.shadows.set(language, zerosLikeMask(template));
      if (this.options.score === 'saliency') {
        this.saliency.get(language)?.sums.forEach((t) => t.dispose());
        this.saliency.set(language, { sums: zerosLikeMask(template), count: 0 });
      }
    }
  }

  dispose(): void {
    this.shadows.forEach((b) => b.forEach((t) => t.dispose()));
    this.shadowDirection.dispose();
    this.saliency.forEach((s) => s.sums.forEach((t) => t.dispose()));
    this.trainer.dispose();
  }
}
