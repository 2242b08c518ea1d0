// The events a tenant's page can listen to (CoBrowse.on / off).
import type { Channel } from './api';

export interface CoBrowseEvents {
  started: { sessionId: string; channel: Channel; /** true when the session continued from a previous page of the tab */ resumed: boolean };
  'control-requested': { agentId: string };
  'control-changed': { inControl: boolean; agentId?: string };
  ended: { reason: string };
}

export type CoBrowseEventName = keyof CoBrowseEvents;
type Handler<E extends CoBrowseEventName> = (detail: CoBrowseEvents[E]) => void;

export class Emitter {
  private readonly handlers = new Map<CoBrowseEventName, Set<Handler<never>>>();

  on<E extends CoBrowseEventName>(event: E, handler: Handler<E>): void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler as Handler<never>);
  }

  off<E extends CoBrowseEventName>(event: E, handler: Handler<E>): void {
    this.handlers.get(event)?.delete(handler as Handler<never>);
  }

  emit<E extends CoBrowseEventName>(event: E, detail: CoBrowseEvents[E]): void {
    for (const handler of [...(this.handlers.get(event) ?? [])]) {
      try {
        (handler as Handler<E>)(detail);
      } catch (error) {
        // a tenant's handler that throws must not break the session
        console.error('CoBrowse: an event handler failed', error);
      }
    }
  }
}
