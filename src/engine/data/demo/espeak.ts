import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeAudioFile } from '../../audio/decode';
import { ESPEAK_COMMAND, espeakInstallHint } from './espeak-locate';

/**
 * eSpeak NG (GPL-3.0) is used as a separate, user-installed program: it is run, never linked or bundled,
 * so it stays outside the app's own license.
 */
export { ESPEAK_COMMAND };

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) reject(Object.assign(err, { stderr }));
      else resolve(stdout);
    });
  });
}

/**
 * The installed eSpeak NG version line; when the program is missing, an error that says how to install it on
 * `platform`.
 */
export async function checkEspeak(
  command = ESPEAK_COMMAND,
  platform: NodeJS.Platform = process.platform,
): Promise<string> {
  try {
    // "eSpeak NG text-to-speech: 1.51  Data at: …": keep the name and version.
    return (await run(command, ['--version'])).trim().split(/\s{2,}/u)[0];
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(
      missing
        ? `The demo corpus needs the eSpeak NG speech synthesizer, and "${command}" was not found. ` +
            `${espeakInstallHint(platform)}, and try again. It runs as a separate program (GPL-3.0).`
        : `"${command} --version" failed: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/**
 * Speaks `text` with eSpeak NG into a temporary WAV under `tmpDir`, then decodes it mono at `sampleRate`
 * (the audio module's band-limited resampler converts from eSpeak's 22.05 kHz).
 */
export async function synthesize(
  text: string,
  voice: { espeakVoice: string; speed: number; pitch: number },
  tmpPath: string,
  sampleRate: number,
  command = ESPEAK_COMMAND,
): Promise<Float32Array> {
  try {
    await run(command, [
      '-v',
      voice.espeakVoice,
      '-s',
      String(voice.speed),
      '-p',
      String(voice.pitch),
      '-w',
      tmpPath,
      text,
    ]);
    return (await decodeAudioFile(tmpPath, { sampleRate })).samples;
  } catch (err) {
    throw new Error(
      `eSpeak NG failed for voice ${voice.espeakVoice} on "${text}": ${err instanceof Error ? err.message : String(err)}`,
    );
  } finally {
    await rm(tmpPath, { force: true });
  }
}

export const tempWavPath = (dir: string, id: string): string => join(dir, `${id}.espeak.wav`);
