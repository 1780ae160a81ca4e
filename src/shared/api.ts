/**
 * The API contract of Pathways Studio: every request/response channel and every event stream, each payload
 * with a zod schema. Electron IPC, the web server and tests all implement or call exactly this.
 */
import type { z } from 'zod';
import { appChannels } from './contract/app';
import { datasetChannels } from './contract/datasets';
import { fileChannels } from './contract/files';
import { jobChannels, jobEvents } from './contract/jobs';
import { runChannels } from './contract/runs';
import { experimentChannels } from './contract/experiments';
import { resultChannels } from './contract/results';
import { maskChannels } from './contract/masks';
import { reviewChannels } from './contract/review';
import { DatasetChangedEventSchema, RunChangedEventSchema } from './contract/events';

export const channels = {
  ...appChannels,
  ...datasetChannels,
  ...fileChannels,
  ...jobChannels,
  ...runChannels,
  ...experimentChannels,
  ...resultChannels,
  ...maskChannels,
  ...reviewChannels,
};

export const events = {
  ...jobEvents,
  'dataset.changed': DatasetChangedEventSchema,
  'run.changed': RunChangedEventSchema,
};

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type RequestOf<C extends ChannelName> = z.input<Channels[C]['request']>;
export type ParsedRequestOf<C extends ChannelName> = z.output<Channels[C]['request']>;
export type ResponseOf<C extends ChannelName> = z.output<Channels[C]['response']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventOf<E extends EventName> = z.output<Events[E]>;

export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** What the renderer talks to: the Electron preload bridge or the WebSocket client, indistinguishably. */
export interface Api {
  invoke<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void;
}

export function isChannelName(name: string): name is ChannelName {
  return Object.prototype.hasOwnProperty.call(channels, name);
}

export { ApiError, notFound } from './contract/errors';
export type { ApiResult, ApiErrorPayload, ApiErrorCode } from './contract/errors';
export * from './contract/app';
export * from './contract/datasets';
export * from './contract/files';
export * from './contract/jobs';
export * from './contract/runs';
export * from './contract/events';
export * from './contract/experiments';
export * from './contract/results';
export * from './contract/masks';
export * from './contract/review';
export * from './systems';
