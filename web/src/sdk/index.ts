// The customer snippet's public surface (global `CoBrowse`). Transport and consent UI plug in here next.
export { startCapture } from '../capture';
export type { Capture, CaptureOptions, MaskConfig } from '../capture';
export const protocolVersion = 1;
export { share } from './share';
export type { Share, ShareOptions, ShareStatus, Negotiate, NegotiateResult, OpaqueFrame } from './share';
export { createGuidance, OVERLAY_ATTRIBUTE, type Guidance, type GuidanceOptions } from './guidance';
