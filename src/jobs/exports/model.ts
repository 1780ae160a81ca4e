import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  disposeParams,
  exportSize,
  pathwaysArtifactContent,
  readParams,
  safeTensor,
  sparseModelContent,
  writeSafetensorsFile,
  type ExportSize,
  type SafetensorsContent,
  tf,
} from '../../engine';
import type { Store } from '../../store';
import { loadMasks, loadRunModel } from '../recipes';

export interface ModelExport {
  kind: 'dense' | 'sparse-language' | 'pathways';
  files: string[];
  size: ExportSize;
}

function latestPath(store: Store, runId: string, kind: string): string | undefined {
  return store.runs
    .artifacts(runId)
    .filter((a) => a.kind === kind)
    .at(-1)?.path;
}

/**
 * Export a run's model to a folder as safetensors plus `config.json` (model config, languages, sizes), with the
 * run's tokenizer and CMVN statistics beside it:
 * - a run without masks: the dense weights;
 * - with `language`: that language's sparse model, θ ⊙ m_l as bitmask + values;
 * - a run with language masks and no `language`: the multilingual pathways artifact (union weights + all masks).
 */
export async function exportRunModel(
  store: Store,
  runId: string,
  outDir: string,
  options: { language?: string } = {},
): Promise<ModelExport> {
  await tf.ready();
  const model = await loadRunModel(store, runId);
  try {
    const params = await readParams(model.params);
    const masks = loadMasks(store, runId);
    const meta = { runId, step: String(model.step) };
    let kind: ModelExport['kind'];
    let content: SafetensorsContent;
    if (options.language !== undefined) {
      const mask = masks.get(options.language) ?? masks.get('all');
      if (!mask) {
        const known = [...masks.keys()].join(', ') || 'none';
        throw new Error(`run ${runId} has no mask for language '${options.language}' (masks: ${known})`);
      }
      kind = 'sparse-language';
      content = sparseModelContent(params, mask, options.language, meta);
    } else if (masks.size > 0 && !masks.has('all')) {
      kind = 'pathways';
      content = pathwaysArtifactContent(params, masks, meta);
    } else {
      kind = 'dense';
      const mask = masks.get('all');
      content = mask
        ? sparseModelContent(params, mask, 'all', meta)
        : { tensors: new Map([...params].map(([n, t]) => [n, safeTensor(t.data, t.shape)])), metadata: meta };
    }
    mkdirSync(outDir, { recursive: true });
    const name = kind === 'sparse-language' ? `model-${options.language}.safetensors` : `${kind}.safetensors`;
    const files = [join(outDir, name)];
    writeSafetensorsFile(files[0], content.tensors, content.metadata);
    const size = exportSize(content, params);
    const config = { runId, kind, model: model.config, languages: [...masks.keys()], step: model.step, size };
    files.push(join(outDir, 'config.json'));
    writeFileSync(files[1], JSON.stringify(config, null, 2) + '\n');
    for (const artifact of ['tokenizer', 'cmvn']) {
      const path = latestPath(store, runId, artifact);
      if (path) {
        files.push(join(outDir, `${artifact}.json`));
        copyFileSync(path, files.at(-1)!);
      }
    }
    return { kind, files, size };
  } finally {
    disposeParams(model.params);
  }
}
