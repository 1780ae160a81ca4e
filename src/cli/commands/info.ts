import { EXIT, type Command } from '../command';
import { openApp } from './support/app';
import { handlers } from '../../jobs/api/handlers';
import { backendLabel } from '../../shared/backend-label';
import { torchRunnerLabel } from '../../shared/torch-runner-label';

export const infoCommand: Command = {
  name: 'info',
  summary: 'Show version, home folder, schema version, the compute backend and the PyTorch runner',
  usage: 'pathways info [--home H] [--backend auto|webgpu|tensorflow|wasm|cpu] [--json]',
  options: {},
  async run({ values }, io) {
    const app = await openApp(values, { runJobs: false });
    const info = await handlers['app.info']({}, app.ctx);
    const torchRunner = await handlers['runners.torch']({}, app.ctx);
    await app.close();
    if (values.json) io.out(JSON.stringify({ ...info, torchRunner }, null, 2) + '\n');
    else {
      io.out(`${info.name} ${info.version}\nhome: ${info.home}\nschema: v${info.schemaVersion}\n`);
      io.out(`backend: ${backendLabel(info.backend)}\n`);
      const limits = info.backend.adapter?.limits;
      if (limits) io.out(`  adapter limits: ${JSON.stringify(limits)}\n`);
      for (const reason of info.backend.skipped) io.out(`  skipped ${reason}\n`);
      io.out(`PyTorch runner (train --runner torch): ${torchRunnerLabel(torchRunner)}\n`);
    }
    return EXIT.ok;
  },
};
