// The demo site's reference messenger / chat widget (global `DemoMessenger`, dist/messenger.js). Not part of the
// product: it shows how a tenant's own messenger hands a co-browse offer to the customer SDK.
import { createMessenger, type Messenger } from './widget';

export type { Messenger } from './widget';

/** The demo backend next to the script: /static/messenger.js → /demo/api on the same server. */
const scriptUrl = (document.currentScript as HTMLScriptElement | null)?.src ?? location.href;
const defaultApiBase = new URL('/demo/api', scriptUrl).href;

let instance: Messenger | null = null;

/** Mounts the widget once (automatic when the script loads); returns the mounted one. */
export function mount(apiBase: string = defaultApiBase): Messenger {
  instance ??= createMessenger(apiBase);
  return instance;
}

export function unmount(): void {
  instance?.destroy();
  instance = null;
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => mount(), { once: true });
else mount();
