import { applyMasks, tf, type ParamSource } from '../../engine';
import { homeLayout, type HypothesisRecord } from '../../store';
import { useBackend } from '../recipes/backend';
import { requireRun, runLanguages, runUtterances } from '../recipes/data';
import { decodeAndScore, ratesByLanguage, throughput } from '../recipes/decode';
import { loadFeatures } from '../recipes/features';
import { loadMasks } from '../recipes/masks';
import { loadRunModel } from '../recipes/run-model';
import type { JobIo } from './kind';
import type { EvalPayload } from './eval-schema';

/**
 * Evaluate a run's final model on a split, language by language: a pathways run decodes language l with
 * θ ⊙ m_l (its per-language masks), every other run with its weights as saved. Stores the hypotheses with
 * token timings (`store.evaluations.save`), the wall time of decoding and scoring them (its `timing`: seconds and
 * utterances per second, also in the job log per language) and WER/CER per language as metrics `test_wer/<lang>`,
 * `test_cer/<lang>`.
 */
export async function runEval(payload: EvalPayload, io: JobIo): Promise<void> {
  const run = requireRun(io.store, io.job.runId, 'eval');
  await useBackend(io);
  const languages = runLanguages(io.store, run);
  const model = await loadRunModel(io.store, run.id);
  const masks = loadMasks(io.store, run.id);
  const cacheDir = homeLayout(io.job.home).featureCache;
  const records: HypothesisRecord[] = [];
  let decodeSeconds = 0;
  try {
    for (const [i, language] of languages.entries()) {
      io.progress({ phase: `eval ${language}`, step: i, total: languages.length });
      let utterances = runUtterances(io.store, run, payload.split, [language]);
      if (payload.maxUtterances !== undefined) utterances = utterances.slice(0, payload.maxUtterances);
      const features = await loadFeatures(cacheDir, utterances, {
        onSkip: (u, why) => io.log(`skipping ${u.id}: ${why}`, 'warn'),
      });
      if (features.length === 0) {
        io.log(`no ${payload.split} utterances for ${language}`, 'warn');
        continue;
      }
      const mask = masks.get(language);
      const maskTensors = mask?.toTensors();
      const params: ParamSource = maskTensors ? applyMasks(model.params, maskTensors) : model.params;
      try {
        const started = performance.now();
        records.push(
          ...(await decodeAndScore({ ...model, params }, features, {
            method: payload.method,
            beam: payload.beam,
            maxSymbolsPerFrame: payload.maxSymbolsPerFrame,
          })),
        );
        const seconds = (performance.now() - started) / 1000;
        decodeSeconds += seconds;
        io.log(
          `${language}: ${features.length} utterances decoded in ${throughput(features.length, seconds)}`,
        );
      } finally {
        if (maskTensors) {
          for (const [name, t] of params) if (maskTensors.has(name)) t.dispose();
          tf.dispose([...maskTensors.values()]);
        }
      }
    }
  } finally {
    tf.dispose([...model.params.values()]);
  }
  // the loop reports each language as it starts it; say that the last one is done too
  io.progress({ phase: 'eval', step: languages.length, total: languages.length });
  if (records.length === 0)
    throw new Error(`the run's datasets have no ${payload.split} utterances to evaluate`);
  const evaluationId = io.store.evaluations.save({
    runId: run.id,
    datasetId: run.datasetIds.length === 1 ? run.datasetIds[0] : null,
    split: payload.split,
    hypotheses: records,
    timing: { decodeSeconds, utterancesPerSecond: records.length / decodeSeconds },
  });
  const values: Record<string, number> = {};
  for (const [language, r] of ratesByLanguage(records)) {
    values[`${payload.split}_wer/${language}`] = r.wer;
    values[`${payload.split}_cer/${language}`] = r.cer;
    io.log(`${language}: WER ${(100 * r.wer).toFixed(1)} %, CER ${(100 * r.cer).toFixed(1)} %`);
  }
  io.metrics(model.step, values);
  io.log(
    `evaluation ${evaluationId}: ${records.length} utterances decoded in ${throughput(records.length, decodeSeconds)}`,
  );
}
