/** One Server-Sent Event as it came over the wire (a comment line is kept as `comment`). */
export interface SseFrame {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

/** A message of Marathon's event stream: its type, its JSON, and its id when it has one. */
export interface SseMessage {
  id?: string;
  event: string;
  data: Record<string, unknown>;
}

export interface SseReader {
  /** The answer's status and headers, once they came */
  response: Promise<Response>;
  frames: SseFrame[];
  messages(): SseMessage[];
  /** Resolves when the server ended the stream (or the reader was closed) */
  ended: Promise<void>;
  close(): void;
}

function parseFrame(block: string): SseFrame {
  const frame: SseFrame = {};
  for (const line of block.split('\n')) {
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === '') frame.comment = value;
    else if (field === 'id' || field === 'event') frame[field] = value;
    else if (field === 'data') frame.data = frame.data === undefined ? value : `${frame.data}\n${value}`;
  }
  return frame;
}

/** Reads an SSE stream with plain fetch, collecting its frames as they come. */
export function readSse(url: string, headers: Record<string, string> = {}): SseReader {
  const abort = new AbortController();
  const frames: SseFrame[] = [];
  const response = fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const ended = (async () => {
    try {
      const answer = await response;
      if (!answer.body) return;
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of answer.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          frames.push(parseFrame(buffer.slice(0, end)));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // Closed by the reader, or cut: `ended` says so either way.
    }
  })();
  return {
    response,
    frames,
    messages: () =>
      frames
        .filter((frame) => frame.event)
        .map((frame) => ({ id: frame.id, event: frame.event!, data: JSON.parse(frame.data ?? '{}') as Record<string, unknown> })),
    ended,
    close: () => abort.abort(),
  };
}
