import { join, resolve } from 'node:path';
import { DEFAULT_SPARSITY, MODEL_PRESETS, SCALES, type ModelPreset, type Scale } from '../../shared/api';
import type { AppContext } from '../../jobs/app-context';
import { EXIT, UsageError, type CliIo, type Command, type Options } from '../command';
import { json, textTable } from './support/table';
import { call, withApp } from './support/app';
import { followJob } from './support/follow';
import { followAll } from './support/follow-all';
import { guard } from './support/guard';
import { jobOutcome } from './support/outcome';
import { groupSummary, groupTable, resumeGroup, writeGroupReports } from './support/reproduction';
import { configFromFlags, RUN_OPTIONS, sparsityFrom } from './support/run-config';
import { wallTimeEstimate } from './support/wall-time';

const DEMO_SEED = 1;

/** CLI flags of the training budgets (steps), each overriding the scale's default. */
const BUDGET_FLAGS = {
  'dense-steps': 'denseSteps',
  'finetune-steps': 'finetuneSteps',
  'lsp-rounds': 'lspRounds',
  'lsp-steps-per-round': 'lspStepsPerRound',
  'lsp-final-steps': 'lspFinalSteps',
  'eval-utterances': 'evalUtterances',
} as const;

const BUDGET_DESCRIPTIONS: Record<keyof typeof BUDGET_FLAGS, string> = {
  'dense-steps': 'Training steps of the dense model',
  'finetune-steps': 'Fine-tuning steps after pruning',
  'lsp-rounds': 'Pruning rounds of each language-specific pruning run',
  'lsp-steps-per-round': 'Training steps per pruning round',
  'lsp-final-steps': 'Training steps after the last pruning round (0 for none)',
  'eval-utterances': 'Test utterances evaluated per language',
};

function budgetsFrom(
  values: Record<string, unknown>,
): Partial<Record<(typeof BUDGET_FLAGS)[keyof typeof BUDGET_FLAGS], number>> {
  const out: Partial<Record<(typeof BUDGET_FLAGS)[keyof typeof BUDGET_FLAGS], number>> = {};
  for (const [flag, field] of Object.entries(BUDGET_FLAGS)) {
    if (values[flag] === undefined) continue;
    const n = Number(values[flag]);
    const least = field === 'lspFinalSteps' ? 0 : 1;
    if (!Number.isInteger(n) || n < least)
      throw new UsageError(`--${flag} must be a whole number ≥ ${least}`);
    out[field as keyof typeof out] = n;
  }
  return out;
}

/** `--tokenizer char | bpe:N` (N word pieces per language, merged) as the request's tokenizer. */
function tokenizerFrom(
  value: unknown,
): { kind: 'char' } | { kind: 'bpe'; vocabSizePerLanguage: number } | undefined {
  if (value === undefined) return undefined;
  if (value === 'char') return { kind: 'char' };
  const m = /^bpe:(\d+)$/.exec(String(value));
  if (!m || Number(m[1]) < 4)
    throw new UsageError('--tokenizer must be char or bpe:N (N ≥ 4 word pieces per language, e.g. bpe:128)');
  return { kind: 'bpe', vocabSizePerLanguage: Number(m[1]) };
}

/** The systems a queued graph holds, one line each: runs per seed, steps per run and what the system is. */
export function systemsTable(
  systems: { system: string; label: string; computeMatched: boolean; runsPerSeed: number; steps: number }[],
): string {
  return textTable(
    ['system', 'matched', 'runs/seed', 'steps', 'what it is'],
    systems.map((s) => [
      s.system,
      s.computeMatched ? 'yes' : '',
      String(s.runsPerSeed),
      String(s.steps),
      s.label,
    ]),
  );
}

/** Hours of the demo corpus `npm run demo` builds, the one the first run's shipped dense start fits. */
const FIRST_RUN_DEMO_HOURS = 0.5;

/** The demo corpus of this home folder, built first when it is missing. */
async function demoDataset(app: AppContext, io: CliIo, hours?: number): Promise<string | number> {
  const root = join(app.store.layout.corpora, `demo-${DEMO_SEED}`);
  const existing = (await call(app, 'datasets.list', {})).find((d) => d.root.startsWith(root));
  if (existing) return existing.id;
  io.err('building the demo corpus first\n');
  const { jobId } = await call(app, 'datasets.buildDemo', { seed: DEMO_SEED, hours });
  const job = await followJob(app, jobId, io);
  if (job === 'interrupted' || job.state !== 'succeeded' || !job.datasetId) return jobOutcome(job, io, jobId);
  return job.datasetId;
}

const reportFolder = (app: AppContext, values: Record<string, unknown>) =>
  (values.out as string | undefined) ?? join(app.store.layout.root, 'reports');

/**
 * `--first-run`: the app's first run (Datasets → "Run the paper workflow") on this home's demo corpus, built
 * first at the size the shipped dense start was trained on; then the reports, as for any reproduction.
 */
function firstRun(values: Record<string, unknown>, io: CliIo): Promise<number> {
  return guard(io, () =>
    withApp(values, { runJobs: true }, async (app) => {
      const started = Date.now();
      let info = await call(app, 'runs.firstRunInfo', {});
      if (!info.datasetId && info.start === 'shipped') {
        const demo = await demoDataset(app, io, FIRST_RUN_DEMO_HOURS);
        if (typeof demo === 'number') return demo;
        info = await call(app, 'runs.firstRunInfo', {});
      }
      if (!info.datasetId) throw new UsageError(info.reason ?? 'no dataset fits the first run');
      const graph = await call(app, 'runs.firstRun', { datasetId: info.datasetId });
      io.err(
        `group ${graph.groupId}: ${graph.runIds.length} runs, ${graph.jobIds.length} jobs, from ${graph.start === 'shipped' ? `the shipped dense start (test CER ${(100 * graph.startCer!).toFixed(1)} %)` : 'a dense start trained here'}\n`,
      );
      if (graph.systems) io.err(systemsTable(graph.systems));
      const code = await followAll(app, graph.jobIds, io);
      await writeGroupReports(app, graph.groupId, reportFolder(app, values), io);
      io.err(`wall time ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
      return code;
    }),
  );
}

/** `--status GROUP` prints where a group stands; `--resume GROUP` runs what is left here, then writes the report. */
function existingGroup(values: Record<string, unknown>, io: CliIo): Promise<number> {
  if (values.status !== undefined && values.resume !== undefined)
    throw new UsageError('choose one of --status and --resume');
  const resume = values.resume !== undefined;
  const groupId = String(values.resume ?? values.status);
  return guard(io, () =>
    withApp(values, { runJobs: resume }, async (app) => {
      if (!resume) {
        const progress = await call(app, 'runs.groupProgress', { groupId });
        io.out(values.json ? json(progress) : `${groupSummary(progress)}\n${groupTable(progress)}`);
        return EXIT.ok;
      }
      const started = Date.now();
      const code = await resumeGroup(app, groupId, io);
      await writeGroupReports(app, groupId, reportFolder(app, values), io);
      io.err(`wall time of this part ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
      return code;
    }),
  );
}

export const reproduceCommand: Command = {
  name: 'reproduce',
  summary: "Run the paper's whole comparison as one job graph and write the table as Markdown, CSV and JSON",
  usage: `pathways reproduce (--first-run | --demo | --dataset ID... | --status GROUP | --resume GROUP) [--from-run DENSE_RUN] [--sparsity ${DEFAULT_SPARSITY}] [--seeds 1,2] [--preset ${MODEL_PRESETS.join('|')}] [--scale ${SCALES.join('|')}] [--dense-steps D] [--finetune-steps F] [--lsp-rounds R] [--lsp-steps-per-round S] [--lsp-final-steps N] [--eval-utterances N] [--systems LIST] [--no-compute-matched] [--dry-run] [--tokenizer char|bpe:N] [--config FILE.json] [--set key=value]... [--preregistration FILE] [--out DIR] [--home H]`,
  options: {
    'first-run': {
      type: 'boolean',
      default: false,
      description:
        "The app's first run: a short paper workflow from the shipped dense start on the 0.5 h demo corpus (built when missing)",
    },
    demo: {
      type: 'boolean',
      default: false,
      description: 'Use the demo corpus of this home folder, building it first when missing',
    },
    dataset: {
      type: 'string',
      placeholder: 'ID',
      valueType: 'id',
      multiple: true,
      description: 'A dataset to train and evaluate on; repeat for several (see `pathways datasets`)',
    },
    'from-run': {
      type: 'string',
      placeholder: 'DENSE_RUN',
      valueType: 'id',
      description: 'Start from this trained dense run instead of training one',
    },
    sparsity: {
      type: 'string',
      placeholder: 'S',
      valueType: 'number',
      description: `Target sparsity of the pruned systems, in [0, 1) (default ${DEFAULT_SPARSITY})`,
    },
    seeds: {
      type: 'string',
      placeholder: 'LIST',
      valueType: 'comma-separated integers',
      default: '1,2',
      description: 'Comma-separated seeds; every system runs once per seed',
    },
    preset: {
      type: 'string',
      placeholder: 'P',
      choices: MODEL_PRESETS,
      description: "Model size (default: the scale's)",
    },
    scale: {
      type: 'string',
      placeholder: 'S',
      default: 'demo',
      choices: SCALES,
      description: 'Budget of steps and evaluation sizes',
    },
    ...(Object.fromEntries(
      Object.entries(BUDGET_DESCRIPTIONS).map(([flag, description]) => [
        flag,
        {
          type: 'string',
          placeholder: 'N',
          valueType: 'integer',
          description: `${description} (default: the scale's)`,
        },
      ]),
    ) as Options),
    systems: {
      type: 'string',
      placeholder: 'LIST',
      valueType: 'comma-separated names',
      description:
        'Only these systems of the table (the dense start is implied; every system needs its parents), e.g. dense,lap,lsp,pathways (default: all)',
    },
    'dry-run': {
      type: 'boolean',
      default: false,
      description: 'Plan the graph and print its systems, budgets and expected wall time; queue nothing',
    },
    'no-compute-matched': {
      type: 'boolean',
      default: false,
      description: 'Leave out the compute-matched dense systems',
    },
    tokenizer: {
      type: 'string',
      placeholder: 'T',
      valueType: 'text',
      description:
        'Output units of the runs trained from scratch: characters, or N word pieces per language merged into one layer (e.g. bpe:128)',
    },
    config: { ...RUN_OPTIONS.config, description: 'JSON file of run settings applied to every run' },
    set: RUN_OPTIONS.set,
    preregistration: {
      type: 'string',
      placeholder: 'FILE',
      valueType: 'path',
      description:
        "The study's pre-registration: its text and SHA-256 are recorded with the group, and the report says whether it was edited after the study started",
    },
    out: {
      type: 'string',
      placeholder: 'DIR',
      valueType: 'path',
      description: 'Folder of the Markdown, CSV and JSON reports (default: reports/ in the home folder)',
    },
    status: {
      type: 'string',
      placeholder: 'GROUP',
      valueType: 'id',
      description: 'Print where a queued reproduction group stands, and nothing else',
    },
    resume: {
      type: 'string',
      placeholder: 'GROUP',
      valueType: 'id',
      description: 'Run what is left of a group here (resuming its stopped jobs), then write its reports',
    },
  },
  run: async ({ values }, io) => {
    if (values.status !== undefined || values.resume !== undefined) return existingGroup(values, io);
    if (values['first-run']) return firstRun(values, io);
    const datasets = (values.dataset as string[] | undefined) ?? [];
    if (!values.demo && datasets.length === 0)
      throw new UsageError('choose --demo or name datasets with --dataset');
    const seeds = String(values.seeds).split(',').map(Number);
    if (seeds.some((s) => !Number.isInteger(s) || s < 0))
      throw new UsageError('--seeds must be a comma-separated list of whole numbers');
    const budgets = budgetsFrom(values);
    const sparsity = sparsityFrom(values);
    const config = configFromFlags(values);
    const tokenizer = tokenizerFrom(values.tokenizer);
    return guard(io, () =>
      withApp(values, { runJobs: true }, async (app) => {
        const started = Date.now();
        const demo = values.demo ? await demoDataset(app, io) : undefined;
        if (typeof demo === 'number') return demo;
        const request = {
          datasetIds: demo ? [demo, ...datasets] : datasets,
          seeds,
          sparsity,
          preset: values.preset as ModelPreset | undefined,
          scale: values.scale as Scale,
          budgets,
          computeMatched: !values['no-compute-matched'],
          fromRunId: values['from-run'] as string | undefined,
          tokenizer,
          config,
          preregistration:
            values.preregistration === undefined ? undefined : resolve(String(values.preregistration)),
          systems: values.systems === undefined ? undefined : String(values.systems).split(','),
        };
        // the plan first (validated, nothing queued), so the estimate is measured before any job competes with it
        const plan = await call(app, 'runs.reproduce', { ...request, dryRun: true });
        const batchFrames = typeof config.batchFrames === 'number' ? config.batchFrames : undefined;
        io.err(await wallTimeEstimate(app, request.datasetIds, plan, seeds.length, batchFrames));
        if (values['dry-run']) {
          if (plan.systems) io.err(systemsTable(plan.systems));
          return EXIT.ok;
        }
        const graph = await call(app, 'runs.reproduce', request);
        io.err(`group ${graph.groupId}: ${graph.runIds.length} runs, ${graph.jobIds.length} jobs\n`);
        if (graph.budgets) {
          const b = graph.budgets;
          io.err(
            `budgets (steps): dense ${b.denseSteps}, fine-tune ${b.finetuneSteps}, LSP ${b.lspRounds} × ${b.lspStepsPerRound} + ${b.lspFinalSteps} per language, compute-matched ${b.matchedSteps}\n`,
          );
        }
        if (graph.systems) io.err(systemsTable(graph.systems));
        const code = await followAll(app, graph.jobIds, io);
        await writeGroupReports(app, graph.groupId, reportFolder(app, values), io);
        io.err(`wall time ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
        return code;
      }),
    );
  },
};
