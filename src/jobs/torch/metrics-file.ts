import { existsSync, readFileSync } from 'node:fs';
import type { TorchStepReport } from './torchrun';

/**
 * The step reports a metrics file holds (the last report of each step: a resumed run appends the steps after its
 * checkpoint again), in step order, and the file's length in bytes. A line cut short by a killed run is left out.
 */
export function readStepReports(path: string): { reports: TorchStepReport[]; bytes: number } {
  if (!existsSync(path)) return { reports: [], bytes: 0 };
  const text = readFileSync(path);
  const byStep = new Map<number, TorchStepReport>();
  for (const line of text.toString('utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const report = JSON.parse(line) as TorchStepReport;
      byStep.set(report.step, report);
    } catch {
      // the partial last line of a killed run
    }
  }
  return { reports: [...byStep.values()].sort((a, b) => a.step - b.step), bytes: text.length };
}
