import type { Frame, NodeId } from '../protocol/frames';
import { CanvasCapture } from './canvas';
import { FocusCapture } from './focus';
import { InputCapture } from './inputs';
import { MaskPolicy, type MaskConfig } from './mask';
import { MediaCapture } from './media';
import { MutationCapture } from './mutations';
import { NodeIds } from './node-ids';
import { SelectionCapture } from './selection';
import { Serializer } from './serialize';
import { watchAttachShadow } from './shadow';
import { takeSnapshot } from './snapshot';
import { StyleCapture } from './styles';
import { ViewCapture } from './view';

export type { MaskConfig } from './mask';

export interface CaptureOptions extends MaskConfig {
  /** Receives every frame, already masked, in the order the mirror must apply them. */
  send: (frame: Frame) => void;
  document?: Document;
}

export interface Capture {
  /** Sends pending mutations, style changes, input values, focus, selection and media state now. */
  flush(): void;
  stop(): void;
  /** The live node sent under this id, for the agent's highlights; undefined once it left the page. */
  nodeOf(id: NodeId): Node | undefined;
}

type Realm = Window & typeof globalThis;

/** Sends a snapshot of the page, then its changes, until stopped. Same-origin iframes are captured as part of it. */
export function startCapture(options: CaptureOptions): Capture {
  const document = options.document ?? window.document;
  const ids = new NodeIds();
  const policy = new MaskPolicy(options);
  const send = options.send;
  const inputs = new InputCapture(ids, policy, send);
  let mutations: MutationCapture | undefined;
  const styles = new StyleCapture(ids, policy, send, () => mutations?.flush());
  const focus = new FocusCapture(document, ids, policy, send);
  const selection = new SelectionCapture(ids, policy, send);
  const media = new MediaCapture(ids, policy, send);
  const canvases = new CanvasCapture(ids, policy, send);
  const view = new ViewCapture(ids, send);
  const unwatch: Array<() => void> = [];
  const watchedDocuments = new WeakSet<Document>();
  const watchedFrames = new WeakSet<HTMLIFrameElement>();

  /** Everything a document needs watched besides its DOM; the page's own document and each same-origin frame's. */
  const watchDocument = (doc: Document, isTop: boolean): void => {
    if (watchedDocuments.has(doc)) return;
    watchedDocuments.add(doc);
    const win = doc.defaultView as Realm | null;
    if (!isTop) {
      mutations?.observe(doc);
      if (win) {
        unwatch.push(watchAttachShadow(win, (host) => mutations?.resend(host)));
        styles.patch(win);
        canvases.patch(win);
      }
      inputs.start(doc);
      view.watchFrame(doc);
    }
    focus.listen(doc);
    selection.listen(doc);
    media.listen(doc);
  };

  const serializer = new Serializer(ids, policy, {
    onShadowRoot: (root) => mutations?.observe(root),
    onFrame: (iframe, frameDocument) => {
      if (frameDocument) watchDocument(frameDocument, false);
      if (watchedFrames.has(iframe)) return;
      watchedFrames.add(iframe);
      // A frame that loads or navigates gets a new document: send the iframe again with it.
      const onLoad = (): void => mutations?.resend(iframe);
      iframe.addEventListener('load', onLoad);
      unwatch.push(() => iframe.removeEventListener('load', onLoad));
    },
    onCanvas: (canvas) => canvases.watch(canvas),
    styles,
  });
  mutations = new MutationCapture(ids, policy, serializer, send, (element) => inputs.report(element));

  mutations.observe(document);
  const topWindow = (document.defaultView ?? window) as Realm;
  unwatch.push(watchAttachShadow(topWindow, (host) => mutations?.resend(host)));
  styles.patch(topWindow);
  canvases.patch(topWindow);
  watchDocument(document, true);
  send(takeSnapshot(document, serializer));
  inputs.start(document);
  view.start(document);
  focus.reset();
  selection.report(document);

  return {
    nodeOf: (id) => ids.nodeOf(id, document),
    flush() {
      mutations?.flush();
      styles.flush();
      inputs.flush();
      focus.flush();
      selection.flush();
      media.flush();
    },
    stop() {
      mutations?.flush();
      mutations?.disconnect();
      styles.stop();
      for (const stop of unwatch.splice(0)) stop();
      inputs.stop();
      view.stop();
      focus.stop();
      selection.stop();
      media.stop();
      canvases.stop();
    },
  };
}
