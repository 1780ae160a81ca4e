import { execFileSync, spawnSync } from 'node:child_process';

/** True when an external command-line tool (used only to build fixtures / oracles in tests) is installed. */
export function haveTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

export function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
