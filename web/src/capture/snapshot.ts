import type { SerializedDocument, SnapshotFrame, Viewport } from '../protocol/frames';
import type { Serializer } from './serialize';

export function viewportOf(win: Window): Viewport {
  return { width: win.innerWidth, height: win.innerHeight, devicePixelRatio: win.devicePixelRatio };
}

/** The full page as one frame: the mirror's starting point after a join or a reconnect. */
export function takeSnapshot(document: Document, serializer: Serializer): SnapshotFrame {
  serializer.scrolled = [];
  const root = serializer.serialize(document, false) as SerializedDocument;
  const win = document.defaultView ?? window;
  const windowScroll = { id: root.id, x: win.scrollX, y: win.scrollY };
  const frame: SnapshotFrame = { v: 1, t: 'snapshot', url: document.URL, viewport: viewportOf(win), scroll: [windowScroll, ...serializer.scrolled], root };
  const sheets = serializer.takeSheetDefinitions();
  if (sheets) frame.sheets = sheets;
  return frame;
}
