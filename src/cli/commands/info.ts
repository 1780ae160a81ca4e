import { EXIT, type Command } from '../command';
import { openApp } from './support/app';
import { handlers } from '../../jobs/api/handlers';

export const infoCommand: Command = {
  name: 'info',
  summary: 'Show version, home folder, schema version and the compute backend',
  usage: 'pathways info [--home H] [--backend auto|tensorflow|wasm|cpu] [--json]',
  options: {},
  async run({ values }, io) {
    const app = await openApp(values, { runJobs: false });
    const info = await handlers['app.info']({}, app.ctx);
    await app.close();
    if (values.json) io.out(JSON.stringify(info, null, 2) + '\n');
    else {
      io.out(`${info.name} ${info.version}\nhome: ${info.home}\nschema: v${info.schemaVersion}\n`);
      io.out(`backend: ${info.backend.name}${info.backend.provider ? ` (${info.backend.provider})` : ''}\n`);
      for (const reason of info.backend.skipped) io.out(`  skipped ${reason}\n`);
    }
    return EXIT.ok;
  },
};
