export {
  decodeAudioBytes,
  decodeAudioFile,
  decodeAudioFile as decodeAudio,
  probeAudioFile,
  readAudioFileBytes,
  type AudioProbe,
  type DecodedAudio,
  type DecodeOptions,
} from './decode';
export { AudioDecodeError } from './errors';
export { detectAudioFormat, type AudioFormat } from './format';
export { resample, resampledLength } from './resample';
