import type { TrainingExample } from '../../engine';
import type { Store } from '../../store';
import type { Run } from '../../shared/api';
import type { JobIo } from '../kinds/kind';
import { homeLayout } from '../../store';
import { runUtterances } from './data';
import { loadFeatures, trainingExamples, type UtteranceFeatures } from './features';
import type { RunFrontEnd } from './run-model';

/** Training examples of a run's train split by language, through the front end (tokenizer, CMVN) given. */
export async function trainingDataByLanguage(
  io: JobIo,
  store: Store,
  run: Run,
  languages: readonly string[],
  frontEnd: RunFrontEnd,
): Promise<Map<string, TrainingExample[]>> {
  const skip = (u: { id: string }, why: string) => io.log(`skipping ${u.id}: ${why}`, 'warn');
  const features = await loadFeatures(
    homeLayout(io.job.home).featureCache,
    runUtterances(store, run, 'train', languages),
    { onProgress: (done, total) => io.progress({ phase: 'features', step: done, total }), onSkip: skip },
  );
  const data = new Map<string, TrainingExample[]>();
  for (const language of languages) {
    const own = features.filter((f) => f.utterance.language === language);
    if (own.length === 0) throw new Error(`no train utterances for language '${language}'`);
    data.set(language, trainingExamples(own, frontEnd.cmvn, frontEnd.tokenizer, skip));
  }
  return data;
}

/** Dev features of a run's languages (the first `perLanguage` of each). */
export async function devFeatures(
  io: JobIo,
  run: Run,
  languages: readonly string[],
  perLanguage: number,
): Promise<UtteranceFeatures[]> {
  if (perLanguage === 0) return [];
  const utterances = languages.flatMap((l) => runUtterances(io.store, run, 'dev', [l]).slice(0, perLanguage));
  return loadFeatures(homeLayout(io.job.home).featureCache, utterances, {
    onSkip: (u, why) => io.log(`skipping ${u.id}: ${why}`, 'warn'),
  });
}
