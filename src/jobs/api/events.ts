import type { EventName, EventOf } from '../../shared/api';

export type EventListener = <E extends EventName>(event: E, payload: EventOf<E>) => void;

/** Fans events out to every transport (IPC windows, WebSocket clients, CLI printers). */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventOf<E>): void {
    for (const listener of this.listeners) listener(event, payload);
  }
}
