import {
  ESPEAK_WINDOWS_URL,
  checkEspeak,
  espeakInstallHint,
  findEspeak,
} from '../../../../src/engine/data/demo/index';

describe('finding eSpeak NG', () => {
  it('says how to install it on each platform when it is missing', async () => {
    const missing = 'espeak-ng-not-installed-here';
    await expect(checkEspeak(missing, 'linux')).rejects.toThrow(/sudo apt-get install espeak-ng/u);
    await expect(checkEspeak(missing, 'darwin')).rejects.toThrow(/brew install espeak-ng/u);
    await expect(checkEspeak(missing, 'win32')).rejects.toThrow(ESPEAK_WINDOWS_URL);
    await expect(checkEspeak(missing, 'win32')).rejects.toThrow(
      /"espeak-ng-not-installed-here" was not found/u,
    );
    expect(espeakInstallHint('win32')).not.toMatch(/apt|brew/u);
  });

  it('looks on PATH, then where Homebrew and the Windows installer put it', () => {
    const at =
      (...paths: string[]) =>
      (path: string) =>
        paths.includes(path);
    expect(findEspeak({ platform: 'linux', env: { PATH: '/a:/b' }, exists: at('/b/espeak-ng') })).toBe(
      '/b/espeak-ng',
    );
    // A Finder-started app's PATH lacks Homebrew's folders.
    expect(
      findEspeak({
        platform: 'darwin',
        env: { PATH: '/usr/bin:/bin' },
        exists: at('/opt/homebrew/bin/espeak-ng'),
      }),
    ).toBe('/opt/homebrew/bin/espeak-ng');
    expect(
      findEspeak({
        platform: 'win32',
        env: { Path: 'C:\\Windows', ProgramFiles: 'C:\\Program Files' },
        exists: at('C:\\Program Files\\eSpeak NG\\espeak-ng.exe'),
      }),
    ).toBe('C:\\Program Files\\eSpeak NG\\espeak-ng.exe');
    // Not found anywhere: the bare name, whose ENOENT checkEspeak turns into the install hint.
    expect(findEspeak({ platform: 'linux', env: { PATH: '/a' }, exists: () => false })).toBe('espeak-ng');
  });
});
