import type { Frame } from '../protocol/frames';
import { InputCapture } from './inputs';
import { MaskPolicy, type MaskConfig } from './mask';
import { MutationCapture } from './mutations';
import { NodeIds } from './node-ids';
import { Serializer } from './serialize';
import { watchAttachShadow } from './shadow';
import { takeSnapshot } from './snapshot';
import { ViewCapture } from './view';

export type { MaskConfig } from './mask';

export interface CaptureOptions extends MaskConfig {
  /** Receives every frame, already masked, in the order the mirror must apply them. */
  send: (frame: Frame) => void;
  document?: Document;
}

export interface Capture {
  /** Sends pending mutations and input values now instead of at the next animation frame. */
  flush(): void;
  stop(): void;
}

/** Sends a snapshot of the page, then its changes, until stopped. */
export function startCapture(options: CaptureOptions): Capture {
  const document = options.document ?? window.document;
  const ids = new NodeIds();
  const policy = new MaskPolicy(options);
  const inputs = new InputCapture(ids, policy, options.send);
  let mutations: MutationCapture | undefined;
  const serializer = new Serializer(ids, policy, (root) => mutations?.observe(root));
  mutations = new MutationCapture(ids, policy, serializer, options.send, (element) => inputs.report(element));
  const view = new ViewCapture(ids, options.send);

  mutations.observe(document);
  const unwatchShadow = watchAttachShadow((host) => mutations?.resend(host));
  options.send(takeSnapshot(document, serializer));
  inputs.start(document);
  view.start(document);

  return {
    flush() {
      mutations?.flush();
      inputs.flush();
    },
    stop() {
      mutations?.flush();
      mutations?.disconnect();
      unwatchShadow();
      inputs.stop();
      view.stop();
    },
  };
}
