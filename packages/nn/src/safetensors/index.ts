export {
  MAX_HEADER_BYTES,
  type SafetensorsDType,
  SafetensorsError,
  type SafetensorsHeader,
  type SafetensorsTensorInfo,
} from './format.js';
export { loadSafetensors, readSafetensorsHeader } from './read.js';
export { type SaveSafetensorsOptions, saveSafetensors } from './write.js';
