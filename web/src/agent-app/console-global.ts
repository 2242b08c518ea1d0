// The console bundle (/static/console.js, global CoBrowseConsole) is loaded by the page before this app; the app
// uses it through its types only, so the mirror and control code ship once.
import type * as ConsoleModule from '../console';

export type ConsoleApi = typeof ConsoleModule;

declare global {
  interface Window {
    CoBrowseConsole?: ConsoleApi;
  }
}

export function consoleApi(): ConsoleApi {
  const api = window.CoBrowseConsole;
  if (!api) throw new Error('The console bundle (console.js) is not loaded.');
  return api;
}
