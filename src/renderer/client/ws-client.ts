import {
  ApiError,
  type Api,
  type ApiResult,
  type ChannelName,
  type EventName,
  type EventOf,
  type RequestOf,
  type ResponseOf,
} from '../../shared/api';

/** The subset of the WebSocket API the client uses: the browser's WebSocket and the `ws` package both fit. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}
export type SocketFactory = (url: string) => SocketLike;

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting';

export interface WsClientOptions {
  url: string;
  /** Opens a socket; the browser's WebSocket by default. */
  socket?: SocketFactory;
  /** First reconnect delay; doubles per failed attempt up to maxDelayMs. */
  minDelayMs?: number;
  maxDelayMs?: number;
  onStatus?: (status: ConnectionStatus) => void;
}

export interface WsClient extends Api {
  readonly status: ConnectionStatus;
  close(): void;
}

interface Pending {
  text: string;
  sent: boolean;
  resolve: (value: unknown) => void;
  reject: (error: ApiError) => void;
}

const OPEN = 1;

/** Parses one server frame; anything malformed yields undefined and is ignored. */
function parseFrame(
  data: unknown,
): { id?: unknown; result?: ApiResult<unknown>; event?: string; payload?: unknown } | undefined {
  try {
    const parsed: unknown = JSON.parse(typeof data === 'string' ? data : String(data));
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The WebSocket URL of the web-mode server for a page location, carrying the page's token. */
export function socketUrl(location: { protocol: string; host: string; search: string }): string {
  const token = new URLSearchParams(location.search).get('token');
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

/**
 * The API contract over the web-mode WebSocket: `{id, channel, payload}` out, `{id, result}` and `{event, payload}` in.
 * Requests made while disconnected wait for the next connection; requests in flight when the connection drops are
 * rejected (they may have run), and the socket reconnects with exponential backoff.
 */
export function createWsClient(options: WsClientOptions): WsClient {
  const open = options.socket ?? ((url: string) => new WebSocket(url) as SocketLike);
  const minDelay = options.minDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 5000;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let delay = minDelay;
  let closed = false;
  let status: ConnectionStatus = 'connecting';
  let socket: SocketLike;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const setStatus = (next: ConnectionStatus) => {
    status = next;
    options.onStatus?.(next);
  };

  const flush = () => {
    for (const request of pending.values()) {
      if (!request.sent && socket.readyState === OPEN) {
        socket.send(request.text);
        request.sent = true;
      }
    }
  };

  const onMessage = (event: { data: unknown }) => {
    const frame = parseFrame(event.data);
    if (!frame) return;
    if (typeof frame.event === 'string') {
      for (const listener of listeners.get(frame.event) ?? []) listener(frame.payload);
      return;
    }
    const request = typeof frame.id === 'number' ? pending.get(frame.id) : undefined;
    if (!request || !frame.result) return;
    pending.delete(frame.id as number);
    if (frame.result.ok) request.resolve(frame.result.value);
    else request.reject(ApiError.fromPayload(frame.result.error));
  };

  const connect = () => {
    socket = open(options.url);
    socket.addEventListener('open', () => {
      delay = minDelay;
      setStatus('open');
      flush();
    });
    socket.addEventListener('message', onMessage);
    // A failed or aborted connection also fires 'close', which handles it; listening keeps `ws` from throwing.
    socket.addEventListener('error', () => {});
    socket.addEventListener('close', () => {
      for (const [id, request] of pending) {
        if (!request.sent) continue;
        pending.delete(id);
        request.reject(new ApiError('internal', 'the connection to the server was lost before it answered'));
      }
      if (closed) return;
      setStatus('reconnecting');
      timer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, maxDelay);
    });
  };
  connect();

  return {
    get status() {
      return status;
    },
    invoke<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
      if (closed) return Promise.reject(new ApiError('internal', 'the client is closed'));
      const id = nextId++;
      return new Promise<ResponseOf<C>>((resolve, reject) => {
        const text = JSON.stringify({ id, channel, payload: request });
        pending.set(id, { text, sent: false, resolve: resolve as (value: unknown) => void, reject });
        flush();
      });
    },
    on<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void {
      const set = listeners.get(event) ?? new Set();
      const untyped = listener as (payload: unknown) => void;
      set.add(untyped);
      listeners.set(event, set);
      return () => set.delete(untyped);
    },
    close() {
      closed = true;
      clearTimeout(timer);
      socket.close();
      for (const request of pending.values())
        request.reject(new ApiError('internal', 'the client is closed'));
      pending.clear();
    },
  };
}
