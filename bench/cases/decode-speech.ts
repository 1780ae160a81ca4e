/**
 * The decode benchmark's real input: a trained run's final model and ≥ N s of its test-split speech,
 * read from a Pathways home without writing to its database (openStoreReadOnly), so the home of a
 * running job graph can be used. Features come through the home's feature cache exactly as evaluation
 * reads them (loadFeatures: a test utterance an evaluation has decoded is a cache hit), normalised
 * with the run's CMVN exactly as evaluation does, and joined into one stream.
 */
import { normalizeText, type ParamMap, type RnntConfig, type Tokenizer } from '../../src/engine';
import { runLanguages, runUtterances } from '../../src/jobs/recipes/data';
import { loadFeatures, type UtteranceFeatures } from '../../src/jobs/recipes/features';
import { loadMasks } from '../../src/jobs/recipes/masks';
import { loadRunModel } from '../../src/jobs/recipes/run-model';
import { openStoreReadOnly } from '../../src/store';
import { concatFrames, interleaveByLanguage } from './decode-stream';

const FRAMES_PER_SECOND = 100;

export interface SpeechSource {
  home: string;
  runId: string;
}

/** The trained model to benchmark, from PATHWAYS_BENCH_HOME and PATHWAYS_BENCH_RUN; null when neither is set. */
export function speechSourceFromEnv(env: NodeJS.ProcessEnv): SpeechSource | null {
  const home = env.PATHWAYS_BENCH_HOME;
  const runId = env.PATHWAYS_BENCH_RUN;
  if (!home && !runId) return null;
  if (!home || !runId) {
    throw new Error(
      'set both PATHWAYS_BENCH_HOME (a Pathways home folder) and PATHWAYS_BENCH_RUN (a finished run in it), or neither',
    );
  }
  return { home, runId };
}

export interface SpeechStream {
  config: RnntConfig;
  /** The caller disposes them. */
  params: ParamMap;
  tokenizer: Tokenizer;
  step: number;
  /** CMVN-normalised features of the utterances one after another, [frames · inputDim]. */
  features: Float32Array;
  frames: number;
  /** The utterances' normalised transcripts joined by spaces. */
  reference: string;
  utteranceIds: string[];
  /** Audio seconds per language. */
  secondsByLanguage: Record<string, number>;
  runKind: string;
  preset: unknown;
}

/**
 * The run's final model and test utterances, languages taken in turn, until they hold `minSeconds` of
 * feature frames. Refuses a run with per-language masks: one stream of mixed languages cannot be
 * decoded with θ ⊙ m_l.
 */
export async function loadSpeechStream(source: SpeechSource, minSeconds: number): Promise<SpeechStream> {
  const store = openStoreReadOnly(source.home);
  try {
    const run = store.runs.get(source.runId);
    if (!run) throw new Error(`PATHWAYS_BENCH_RUN: run ${source.runId} is not in ${store.layout.root}`);
    const languages = runLanguages(store, run);
    const masked = [...loadMasks(store, run.id).keys()];
    if (masked.length > 0) {
      throw new Error(
        `run ${run.id} decodes with masks (${masked.join(', ')}); the decode bench streams mixed languages through one set of weights, so give it a dense run`,
      );
    }
    const order = interleaveByLanguage(runUtterances(store, run, 'test', languages));
    const picked: UtteranceFeatures[] = [];
    const skips: string[] = [];
    let frames = 0;
    for (const utterance of order) {
      if (frames >= minSeconds * FRAMES_PER_SECOND) break;
      const [loaded] = await loadFeatures(store.layout.featureCache, [utterance], {
        onSkip: (u, why) => skips.push(`${u.id}: ${why}`),
      });
      if (!loaded) continue;
      picked.push(loaded);
      frames += loaded.frames;
    }
    if (frames < minSeconds * FRAMES_PER_SECOND) {
      throw new Error(
        `run ${run.id}: its test split holds ${(frames / FRAMES_PER_SECOND).toFixed(1)} s of readable audio, the bench needs ${minSeconds} s${skips.length > 0 ? ` (skipped ${skips.join('; ')})` : ''}`,
      );
    }
    const model = await loadRunModel(store, run.id);
    const secondsByLanguage: Record<string, number> = {};
    for (const f of picked) {
      const { language } = f.utterance;
      secondsByLanguage[language] = (secondsByLanguage[language] ?? 0) + f.frames / FRAMES_PER_SECOND;
    }
    return {
      config: model.config,
      params: model.params,
      tokenizer: model.tokenizer,
      step: model.step,
      features: concatFrames(
        picked.map((f) => ({ data: model.cmvn.apply(f.data), frames: f.frames })),
        model.config.inputDim,
      ),
      frames,
      reference: picked.map((f) => normalizeText(f.utterance.transcript, f.utterance.language)).join(' '),
      utteranceIds: picked.map((f) => f.utterance.id),
      secondsByLanguage,
      runKind: run.kind,
      preset: run.config.preset,
    };
  } finally {
    store.close();
  }
}
