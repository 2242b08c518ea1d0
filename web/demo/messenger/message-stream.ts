// Follows a conversation's Server-Sent Events. EventSource resumes by itself after a cut (sending Last-Event-ID);
// when it gives up (the backend answered an error), this reconnects from the last seq it saw, unless the
// conversation is gone.
import { readMessage, type Message } from './messages';

export interface MessageStreamOptions {
  url(after: number): string;
  onMessage(message: Message): void;
  /** The stream was closed for good; `exists` tells whether to try again. */
  stillExists(): Promise<boolean>;
  onGone(): void;
}

export interface MessageStream {
  close(): void;
}

const RETRY_MS = 2000;

export function followMessages(options: MessageStreamOptions): MessageStream {
  let lastSeq = 0;
  let source: EventSource | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const open = (): void => {
    source = new EventSource(options.url(lastSeq));
    source.onmessage = (event: MessageEvent<string>) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(event.data);
      } catch {
        return;
      }
      const message = readMessage(parsed);
      // A resumed stream may repeat what this page already has.
      if (!message || message.seq <= lastSeq) return;
      lastSeq = message.seq;
      options.onMessage(message);
    };
    source.onerror = () => {
      if (closed || source?.readyState !== EventSource.CLOSED) return;
      void options.stillExists().then(
        (exists) => {
          if (closed) return;
          if (exists) retry = setTimeout(open, RETRY_MS);
          else options.onGone();
        },
        () => { if (!closed) retry = setTimeout(open, RETRY_MS); },
      );
    };
  };

  open();
  return {
    close() {
      closed = true;
      clearTimeout(retry);
      source?.close();
    },
  };
}
