import { EXIT, type Command } from '../command';
import { call, withApp } from './support/app';
import { json, textTable } from './support/table';

export const datasetsCommand: Command = {
  name: 'datasets',
  summary: 'List imported datasets with utterances, hours and languages',
  usage: 'pathways datasets [--home H] [--json]',
  options: {},
  async run({ values }, io) {
    return withApp(values, { runJobs: false }, async (app) => {
      const datasets = await call(app, 'datasets.list', {});
      if (values.json) io.out(json(datasets));
      else if (datasets.length === 0)
        io.out('no datasets yet: run `pathways import <path>` or `pathways demo-corpus`\n');
      else {
        io.out(
          textTable(
            ['id', 'name', 'format', 'utterances', 'hours', 'problems', 'languages'],
            datasets.map((d) => [
              d.id,
              d.name,
              d.format,
              String(d.utterances),
              d.hours.toFixed(3),
              String(d.problems),
              d.languages.map((l) => l.language).join(','),
            ]),
          ),
        );
      }
      return EXIT.ok;
    });
  },
};
