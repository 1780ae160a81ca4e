import { UsageError, type Options } from '../../command';

/** --runner, --nproc and --device of the commands whose runs may train on the PyTorch runner. */
export const RUNNER_OPTIONS: Options = {
  runner: {
    type: 'string',
    placeholder: 'R',
    description:
      'engine (default) or torch: the PyTorch runner under torchrun (needs a Python with torch ≥ 1.13; see `pathways info`)',
  },
  nproc: {
    type: 'string',
    placeholder: 'N',
    valueType: 'integer',
    description: 'With --runner torch: processes (ranks) torchrun starts (default 1)',
  },
  device: {
    type: 'string',
    placeholder: 'D',
    description: 'With --runner torch: cpu (gloo, default) or cuda (one GPU per process, NCCL)',
  },
};

/** The run config's `runner` from --runner, --nproc and --device (none for the engine, the default). */
export function runnerFrom(values: Record<string, unknown>): Record<string, unknown> {
  const runner = values.runner as string | undefined;
  if (runner === undefined || runner === 'engine') {
    if (values.nproc !== undefined || values.device !== undefined)
      throw new UsageError('--nproc and --device apply to --runner torch only');
    return {};
  }
  if (runner !== 'torch') throw new UsageError(`--runner must be engine or torch, got '${runner}'`);
  const nproc = Number(values.nproc ?? 1);
  if (!Number.isInteger(nproc) || nproc < 1) throw new UsageError('--nproc must be a whole number ≥ 1');
  const device = (values.device as string | undefined) ?? 'cpu';
  if (device !== 'cpu' && device !== 'cuda')
    throw new UsageError(`--device must be cpu or cuda, got '${device}'`);
  return { runner: { kind: 'torch', nproc, device } };
}
