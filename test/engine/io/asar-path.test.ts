import { unpackedPath } from '../../../src/engine/io/asar-path';

describe('unpackedPath', () => {
  const glue = '/opt/Pathways Studio/resources/app.asar/node_modules/x/glue.js';
  const unpacked = '/opt/Pathways Studio/resources/app.asar.unpacked/node_modules/x/glue.js';

  it('points a file electron-builder unpacked at its real copy', () => {
    expect(unpackedPath(glue, (path) => path === unpacked)).toBe(unpacked);
    expect(unpackedPath('C:\\App\\resources\\app.asar\\a.js', () => true)).toBe(
      'C:\\App\\resources\\app.asar.unpacked\\a.js',
    );
  });

  it('leaves other paths, and files still in the archive, alone', () => {
    expect(unpackedPath(glue, () => false)).toBe(glue);
    expect(unpackedPath('/work/node_modules/x/glue.js', () => true)).toBe('/work/node_modules/x/glue.js');
  });
});
