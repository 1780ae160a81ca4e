import { decodeSafetensors, encodeSafetensors, safeTensor } from '../../../src/engine/io/safetensors';

describe('safetensors', () => {
  it('matches a hand-built file byte for byte', () => {
    const bytes = encodeSafetensors(new Map([['w', safeTensor(new Float32Array([1, -2]), [2])]]), { k: 'v' });
    const header = '{"__metadata__":{"k":"v"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
    const padded = header + ' '.repeat((8 - (header.length % 8)) % 8);
    const expected = Buffer.alloc(8 + padded.length + 8);
    expected.writeBigUInt64LE(BigInt(padded.length), 0);
    expected.write(padded, 8, 'utf8');
    expected.writeFloatLE(1, 8 + padded.length);
    expected.writeFloatLE(-2, 12 + padded.length);
    expect(Buffer.compare(bytes, expected)).toBe(0);
  });

  it('round-trips several dtypes and metadata', () => {
    const tensors = new Map([
      ['a.weight', safeTensor(new Float32Array([0.5, 1.5, 2.5, 3.5, 4.5, 5.5]), [2, 3])],
      ['mask', safeTensor(new Uint8Array([1, 0, 1]), [3])],
      ['step', safeTensor(new Int32Array([42]), [1])],
    ]);
    const { tensors: back, metadata } = decodeSafetensors(encodeSafetensors(tensors, { step: '42' }));
    expect(metadata).toEqual({ step: '42' });
    for (const [name, t] of tensors) {
      expect(back.get(name)!.shape).toEqual(t.shape);
      expect(Array.from(back.get(name)!.data)).toEqual(Array.from(t.data));
    }
  });

  it('names the tensor whose offsets do not match its shape', () => {
    const bytes = encodeSafetensors(new Map([['w', safeTensor(new Float32Array([1, 2]), [2])]]));
    const text = bytes.toString('latin1').replace('"shape":[2]', '"shape":[3]');
    expect(() => decodeSafetensors(Buffer.from(text, 'latin1'), 'ckpt.safetensors')).toThrow(
      /ckpt.safetensors: tensor 'w'/,
    );
    expect(() => decodeSafetensors(Buffer.alloc(4), 'x')).toThrow(/too short/);
  });
});
