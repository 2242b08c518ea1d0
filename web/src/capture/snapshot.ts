import type { EncodedDocument, SnapshotFrame, Viewport } from '../protocol/frames';
import type { Serializer } from './serialize';

export function viewportOf(win: Window): Viewport {
  return { width: win.innerWidth, height: win.innerHeight, devicePixelRatio: win.devicePixelRatio };
}

/** The full page as one frame: the mirror's starting point after a join or a reconnect. */
export function takeSnapshot(document: Document, serializer: Serializer): SnapshotFrame {
  serializer.scrolled = [];
  const { id, node } = serializer.serialize(document, false) as { id: number; node: EncodedDocument };
  const win = document.defaultView ?? window;
  const windowScroll = { id, x: win.scrollX, y: win.scrollY };
  const frame: SnapshotFrame = { v: 1, t: 'snapshot', url: document.URL, viewport: viewportOf(win), scroll: [windowScroll, ...serializer.scrolled], id, root: node };
  const sheets = serializer.takeSheetDefinitions();
  if (sheets) frame.sheets = sheets;
  return frame;
}
