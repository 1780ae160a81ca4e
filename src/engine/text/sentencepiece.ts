/**
 * Encoding with an existing SentencePiece `.model` through @sctg/sentencepiece-js (the SentencePiece
 * library compiled to WebAssembly, output equal to spm_encode). Our ids are SentencePiece's + 1, so
 * id 0 stays the blank and SentencePiece's <unk> (id 0 there) becomes id 1.
 */
import {
  BLANK,
  decodePieces,
  indexVocab,
  type SentencePieceTokenizerJson,
  type Tokenizer,
} from './tokenizer';

interface Encoder {
  encodeIds(text: string): number[];
}

/** Read a protobuf varint at offset: [value, next offset]. */
function varint(bytes: Uint8Array, offset: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (let i = offset; i < bytes.length; i++) {
    value += (bytes[i] & 0x7f) * scale;
    if (bytes[i] < 0x80) return [value, i + 1];
    scale *= 128;
  }
  throw new RangeError('sentencepiece model: truncated varint');
}

/** Length-delimited fields with the given number at the top level of a protobuf message. */
function fields(bytes: Uint8Array, wanted: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const [tag, afterTag] = varint(bytes, offset);
    const wire = tag % 8;
    offset = afterTag;
    if (wire === 0) offset = varint(bytes, offset)[1];
    else if (wire === 1) offset += 8;
    else if (wire === 5) offset += 4;
    else if (wire === 2) {
      const [length, start] = varint(bytes, offset);
      if (Math.floor(tag / 8) === wanted) out.push(bytes.subarray(start, start + length));
      offset = start + length;
    } else throw new RangeError(`sentencepiece model: unsupported protobuf wire type ${wire}`);
  }
  if (offset !== bytes.length) throw new RangeError('sentencepiece model: truncated message');
  return out;
}

/** Pieces of a SentencePiece ModelProto (field 1: repeated SentencePiece, whose field 1 is the piece). */
export function sentencePiecePieces(model: Uint8Array): string[] {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return fields(model, 1).map((entry, id) => {
    const [piece] = fields(entry, 1);
    if (!piece) throw new RangeError(`sentencepiece model: piece ${id} has no text`);
    return decoder.decode(piece);
  });
}

export class SentencePieceTokenizer implements Tokenizer {
  readonly kind = 'sentencepiece';
  readonly vocab: readonly string[];

  private constructor(
    private readonly model: Uint8Array,
    private readonly encoder: Encoder,
  ) {
    this.vocab = [BLANK, ...sentencePiecePieces(model)];
    indexVocab(this.vocab, "sentencepiece model (its id 0 must be '<unk>')");
  }

  /** Load a `.model` file's bytes (the WebAssembly module is imported on first use). */
  static async load(model: Uint8Array): Promise<SentencePieceTokenizer> {
    const { SentencePieceProcessor } = await import('@sctg/sentencepiece-js');
    const processor = new SentencePieceProcessor();
    await processor.loadFromB64StringModel(Buffer.from(model).toString('base64'));
    return new SentencePieceTokenizer(model, processor);
  }

  static async fromJSON(json: SentencePieceTokenizerJson): Promise<SentencePieceTokenizer> {
    return SentencePieceTokenizer.load(Buffer.from(json.model, 'base64'));
  }

  encode(text: string): number[] {
    return this.encoder.encodeIds(text.normalize('NFC')).map((id) => id + 1);
  }

  decode(ids: readonly number[]): string {
    return decodePieces(this.vocab, ids);
  }

  toJSON(): SentencePieceTokenizerJson {
    return { kind: 'sentencepiece', model: Buffer.from(this.model).toString('base64') };
  }
}
