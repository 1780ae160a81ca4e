import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  audacityLabels,
  exportRunModel,
  hypothesesAsErrs,
  hypothesesAsTrn,
  praatTextGrid,
} from '../../jobs/exports';
import { wordsFromTokens } from '../../jobs/results';
import { notFound } from '../../shared/api';
import { EXIT, UsageError, type CliIo, type Command } from '../command';
import { call, withApp } from './support/app';
import { guard } from './support/guard';

const WHAT = ['report', 'trn', 'errs', 'timings', 'model'] as const;
const REPORT_FORMATS = ['markdown', 'csv', 'json'] as const;
const TIMING_FORMATS = ['audacity', 'textgrid'] as const;

/** Write to --out when given, else to stdout. */
function emit(io: CliIo, out: string | undefined, text: string): void {
  if (out === undefined) io.out(text);
  else {
    writeFileSync(out, text);
    io.err(`wrote ${out}\n`);
  }
}

export const exportCommand: Command = {
  name: 'export',
  summary:
    'Export comparison reports (Markdown/CSV/JSON), hypotheses (sclite trn, icefall errs), token timings (Audacity, Praat), models and masks (safetensors)',
  usage: [
    'pathways export report [--run RUN]... [--group G] [--format markdown|csv|json] [--out FILE]',
    '       pathways export trn EVALUATION --out DIR        (writes ref.trn and hyp.trn)',
    '       pathways export errs EVALUATION [--out FILE]',
    '       pathways export timings EVALUATION UTTERANCE [--format audacity|textgrid] [--out FILE]',
    "       pathways export model RUN --out DIR [--lang L]   (dense, pathways artifact, or one language's sparse model)",
  ].join('\n'),
  options: {
    run: {
      type: 'string',
      placeholder: 'RUN',
      valueType: 'id',
      multiple: true,
      description: 'report: a run to include; repeat for several (default: every evaluated run)',
    },
    group: {
      type: 'string',
      placeholder: 'G',
      valueType: 'id',
      description: 'report: the runs of this reproduction group',
    },
    format: {
      type: 'string',
      placeholder: 'F',
      description:
        'report: markdown, csv or json (default markdown); timings: audacity or textgrid (default audacity)',
    },
    out: {
      type: 'string',
      placeholder: 'PATH',
      valueType: 'path',
      description: 'File to write (default: stdout); the folder for trn and model, where it is required',
    },
    lang: {
      type: 'string',
      placeholder: 'L',
      valueType: 'language code',
      description:
        "model: that language's sparse model of a pruning or pathways run (default: the whole run)",
    },
  },
  async run({ values, positionals }, io) {
    const [what, ...args] = positionals;
    if (!(WHAT as readonly string[]).includes(what ?? ''))
      throw new UsageError(`export what? one of ${WHAT.join(', ')}`);
    const out = values.out as string | undefined;
    const format = values.format as string | undefined;
    if (
      what === 'report' &&
      format !== undefined &&
      !(REPORT_FORMATS as readonly string[]).includes(format)
    ) {
      throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}`);
    }
    if (
      what === 'timings' &&
      format !== undefined &&
      !(TIMING_FORMATS as readonly string[]).includes(format)
    ) {
      throw new UsageError(`--format must be one of ${TIMING_FORMATS.join(', ')}`);
    }
    if ((what === 'trn' || what === 'model') && out === undefined)
      throw new UsageError(`${what} export needs --out DIR`);
    const expected = what === 'report' ? 0 : what === 'timings' ? 2 : 1;
    if (args.length !== expected) throw new UsageError(`export ${what} takes ${expected} argument(s)`);
    return guard(io, () =>
      withApp(values, { runJobs: false }, async (app) => {
        if (what === 'report') {
          const runIds = values.run as string[] | undefined;
          const report = await call(app, 'results.export', {
            runIds,
            groupId: values.group as string | undefined,
            format: (format ?? 'markdown') as (typeof REPORT_FORMATS)[number],
          });
          emit(io, out, report.text);
          return EXIT.ok;
        }
        if (what === 'model') {
          if (!app.store.runs.get(args[0])) throw notFound('run', args[0]);
          const result = await exportRunModel(app.store, args[0], out!, {
            language: values.lang as string | undefined,
          });
          if (values.json) io.out(JSON.stringify(result, null, 2) + '\n');
          else {
            const { bytes, denseBytes, ratio } = result.size;
            io.out(
              `${result.kind} export: ${bytes} bytes (dense ${denseBytes}, ratio ${ratio.toFixed(3)})\n`,
            );
            for (const file of result.files) io.out(`  ${file}\n`);
          }
          return EXIT.ok;
        }
        const evaluationId = args[0];
        if (!app.store.evaluations.get(evaluationId)) throw notFound('evaluation', evaluationId);
        const hypotheses = app.store.evaluations.hypotheses(
          evaluationId,
          what === 'timings' ? args[1] : undefined,
        );
        if (what === 'trn') {
          const trn = hypothesesAsTrn(hypotheses);
          mkdirSync(out!, { recursive: true });
          writeFileSync(join(out!, 'ref.trn'), trn.ref);
          writeFileSync(join(out!, 'hyp.trn'), trn.hyp);
          io.err(
            `wrote ${join(out!, 'ref.trn')} and ${join(out!, 'hyp.trn')} (${hypotheses.length} utterances)\n`,
          );
        } else if (what === 'errs') emit(io, out, hypothesesAsErrs(hypotheses));
        else {
          const [utterance] = hypotheses;
          if (!utterance) throw notFound(`utterance of evaluation ${evaluationId}`, args[1]);
          const words = wordsFromTokens(utterance.tokens);
          emit(
            io,
            out,
            format === 'textgrid'
              ? praatTextGrid(
                  [
                    { name: 'words', labels: words },
                    { name: 'tokens', labels: utterance.tokens },
                  ],
                  utterance.durationSec,
                )
              : audacityLabels(words),
          );
        }
        return EXIT.ok;
      }),
    );
  },
};
