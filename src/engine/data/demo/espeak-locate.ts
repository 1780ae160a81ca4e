import { existsSync } from 'node:fs';
import { posix, win32 } from 'node:path';

/** The eSpeak NG program's name on PATH. */
export const ESPEAK_COMMAND = 'espeak-ng';

/** Where eSpeak NG's Windows installer (an .msi on its GitHub releases page) can be downloaded. */
export const ESPEAK_WINDOWS_URL = 'https://github.com/espeak-ng/espeak-ng/releases';

/** How to install eSpeak NG on `platform` (a `process.platform` value), as one sentence. */
export function espeakInstallHint(platform: NodeJS.Platform = process.platform): string {
  switch (platform) {
    case 'darwin':
      return 'Install it with Homebrew: brew install espeak-ng';
    case 'win32':
      return `Install it with the eSpeak NG installer (espeak-ng.msi) from ${ESPEAK_WINDOWS_URL}`;
    default:
      return (
        'Install it (Debian/Ubuntu: sudo apt-get install espeak-ng; Fedora: sudo dnf install espeak-ng; ' +
        'Arch: sudo pacman -S espeak-ng)'
      );
  }
}

export interface LocateOptions {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  exists?: (path: string) => boolean;
}

/**
 * Folders searched after PATH. An app started from the macOS Finder gets a PATH without Homebrew's folders, and
 * eSpeak NG's Windows installer does not add its folder to PATH.
 */
function knownFolders(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'darwin') return ['/opt/homebrew/bin', '/usr/local/bin', '/opt/local/bin'];
  if (platform === 'win32') {
    return [env.ProgramFiles, env['ProgramFiles(x86)'], env.ProgramW6432]
      .filter((dir): dir is string => Boolean(dir))
      .map((dir) => win32.join(dir, 'eSpeak NG'));
  }
  return ['/usr/bin', '/usr/local/bin', '/snap/bin'];
}

/**
 * The eSpeak NG executable to run: its absolute path when found on PATH or in the platform's usual install
 * folders, else the bare name (running it then fails with ENOENT, and checkEspeak says how to install it).
 */
export function findEspeak(options: LocateOptions = {}): string {
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  const exists = options.exists ?? existsSync;
  const windows = platform === 'win32';
  const file = windows ? `${ESPEAK_COMMAND}.exe` : ESPEAK_COMMAND;
  const path = env.PATH ?? env.Path ?? '';
  const pathDirs = path.split(windows ? ';' : ':');
  for (const dir of [...pathDirs.filter(Boolean), ...knownFolders(platform, env)]) {
    const candidate = (windows ? win32 : posix).join(dir, file);
    if (exists(candidate)) return candidate;
  }
  return ESPEAK_COMMAND;
}
