import { readFileSync } from 'node:fs';
import { parameterCount, parseRnntConfig, presetConfig, type RnntConfig } from '../../engine';
import type { ModelPreset, Run } from '../../shared/api';
import type { Store } from '../../store';

/** A finished dense run a reproduction may start from, with its architecture and the steps it trained. */
export interface ReusableDense {
  run: Run;
  config: RnntConfig;
  steps: number;
  parameters: number;
}

const NEEDED_ARTIFACTS = ['model', 'tokenizer', 'cmvn'];

/**
 * Check that `runId` can serve as a reproduction's dense checkpoint: a dense run (not Dense small, not pruned)
 * that finished, with its model, tokenizer and CMVN statistics, trained on exactly these datasets whose contents
 * have not changed since (dataset snapshot), and, when a preset is named, of that preset's architecture (the
 * vocabulary comes from the tokenizer and may differ). Returns the reason it cannot, or the run.
 */
export function checkReusableDense(
  store: Store,
  runId: string,
  datasetIds: readonly string[],
  preset: ModelPreset | undefined,
  snapshot: { utterances: number; sha256: string },
): { ok: true; dense: ReusableDense } | { ok: false; reason: string } {
  const fail = (reason: string) => ({ ok: false as const, reason: `--from-run ${runId}: ${reason}` });
  const run = store.runs.get(runId);
  if (!run) return fail('no such run');
  if (run.kind !== 'dense') return fail(`is a ${run.kind} run; the dense checkpoint must be a dense run`);
  if (run.state !== 'succeeded') return fail(`has not finished (state '${run.state}')`);
  const artifacts = store.runs.artifacts(runId);
  const missing = NEEDED_ARTIFACTS.filter((k) => !artifacts.some((a) => a.kind === k));
  if (missing.length > 0) return fail(`has no ${missing.join(', ')} artifact`);
  const same = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);
  if (!same(run.datasetIds, datasetIds))
    return fail(
      `was trained on datasets ${run.datasetIds.join(', ')}, the reproduction names ${datasetIds.join(', ')}`,
    );
  const trainedOn = run.config.datasetSnapshot as { sha256?: string } | undefined;
  if (trainedOn?.sha256 && trainedOn.sha256 !== snapshot.sha256)
    return fail('its datasets have changed since it was trained (dataset snapshot differs)');
  const model = artifacts.filter((a) => a.kind === 'model').pop()!;
  const sidecar = JSON.parse(readFileSync(model.path.replace(/\.safetensors$/, '.json'), 'utf8')) as {
    step: number;
    config: unknown;
  };
  const config = parseRnntConfig(sidecar.config, `${model.path} config`);
  if (preset) {
    const expected = presetConfig(preset, { vocabSize: config.vocabSize });
    const field = firstDifference(config, expected);
    if (field)
      return fail(
        `its architecture is not preset '${preset}' (${field} is ${JSON.stringify(valueAt(config, field))}, the preset has ${JSON.stringify(valueAt(expected, field))})`,
      );
  }
  return { ok: true, dense: { run, config, steps: sidecar.step, parameters: parameterCount(config) } };
}

function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])]) {
      const found = firstDifference(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        path ? `${path}.${key}` : key,
      );
      if (found) return found;
    }
    return undefined;
  }
  return a === b ? undefined : path;
}

function valueAt(root: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], root);
}
