import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const bin = join(__dirname, '..', '..', 'bin', 'pathways.js');

describe('bin/pathways.js', () => {
  it('runs the TypeScript CLI without a build step and lists the commands', () => {
    const out = execFileSync(process.execPath, [bin, '--help'], { cwd: tmpdir(), encoding: 'utf8' });
    expect(out).toMatch(/^pathways — /);
    for (const command of ['web', 'info', 'import', 'datasets'])
      expect(out).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(out).toMatch(/Exit codes: 0 ok/);
  });

  it('exits 2 with the help text for an unknown command', () => {
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, [bin, 'frobnicate'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      status = (error as { status: number }).status;
      stderr = (error as { stderr: string }).stderr;
    }
    expect(status).toBe(2);
    expect(stderr).toContain("unknown command 'frobnicate'");
  });
});
