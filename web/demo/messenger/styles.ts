// The widget's CSS, applied inside its shadow root so the shop's styles and the widget's cannot touch each other.
export const WIDGET_CSS = `
:host { all: initial; position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2a33; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
button, input, textarea { font: inherit; color: inherit; }
:focus-visible { outline: 3px solid #c0772b; outline-offset: 2px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.launcher { display: flex; align-items: center; gap: 8px; margin-left: auto; border: 0; border-radius: 999px; padding: 12px 20px; background: #1f4d45; color: #fff; font-weight: 600; cursor: pointer; box-shadow: 0 6px 20px rgb(0 0 0 / 20%); }
.launcher:hover { background: #163a34; }
.launcher svg { width: 20px; height: 20px; }
.unread { display: inline-grid; place-items: center; min-width: 20px; height: 20px; padding: 0 6px; border-radius: 10px; background: #c0772b; font-size: 12px; }
.panel { width: min(360px, calc(100vw - 40px)); height: min(540px, calc(100vh - 110px)); margin-bottom: 12px; background: #fff; border-radius: 16px; box-shadow: 0 12px 40px rgb(0 0 0 / 22%); display: flex; flex-direction: column; overflow: hidden; }
.panel-header { display: flex; align-items: center; justify-content: space-between; gap: 8px; padding: 14px 16px; background: #1f4d45; color: #fff; }
.panel-header h2 { font-size: 16px; margin: 0; }
.panel-header p { margin: 0; font-size: 12px; opacity: 0.85; }
.close { border: 0; background: transparent; color: #fff; font-size: 22px; line-height: 1; width: 32px; height: 32px; border-radius: 8px; cursor: pointer; }
.close:hover { background: rgb(255 255 255 / 15%); }
.start { padding: 16px; display: flex; flex-direction: column; gap: 14px; overflow-y: auto; }
fieldset { border: 0; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 8px; }
legend { font-weight: 600; margin-bottom: 8px; }
.choice { display: flex; gap: 10px; align-items: flex-start; border: 1px solid #dfe3e6; border-radius: 10px; padding: 10px 12px; cursor: pointer; }
.choice:has(input:checked) { border-color: #1f4d45; background: #eef4f2; }
.choice input { margin-top: 4px; accent-color: #1f4d45; }
.choice strong { display: block; }
.choice span span { font-size: 13px; color: #5d6b75; }
label.text { font-weight: 600; font-size: 14px; display: flex; flex-direction: column; gap: 4px; }
input[type="text"], textarea { border: 1px solid #c5ccd1; border-radius: 8px; padding: 8px 10px; width: 100%; background: #fff; }
.primary { border: 0; border-radius: 10px; padding: 10px 16px; background: #1f4d45; color: #fff; font-weight: 600; cursor: pointer; }
.primary:hover { background: #163a34; }
.primary:disabled { opacity: 0.55; cursor: default; }
.secondary { border: 1px solid #c5ccd1; border-radius: 10px; padding: 8px 14px; background: #fff; font-weight: 600; cursor: pointer; }
.linkish { border: 0; background: none; color: #1f4d45; text-decoration: underline; cursor: pointer; padding: 4px; }
.error { color: #b3261e; font-size: 13px; margin: 0; }
.messages { list-style: none; margin: 0; padding: 12px; flex: 1; overflow-y: auto; display: flex; flex-direction: column; gap: 8px; background: #f6f3ee; }
.message { max-width: 85%; padding: 8px 12px; border-radius: 14px; white-space: pre-wrap; overflow-wrap: anywhere; }
.message time { display: block; font-size: 11px; opacity: 0.7; margin-top: 2px; }
.from-customer { align-self: flex-end; background: #1f4d45; color: #fff; border-bottom-right-radius: 4px; }
.from-agent { align-self: flex-start; background: #fff; border: 1px solid #dfe3e6; border-bottom-left-radius: 4px; }
.from-system { align-self: center; background: transparent; color: #5d6b75; font-size: 13px; text-align: center; }
.answer-note { align-self: flex-end; font-size: 12px; color: #5d6b75; }
.offer-card { align-self: stretch; max-width: none; background: #fff; border: 1px solid #c0772b; border-radius: 12px; padding: 12px; display: flex; flex-direction: column; gap: 8px; }
.offer-card p { margin: 0; }
.offer-title { font-weight: 600; }
.offer-actions { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.offer-status { font-size: 13px; color: #1e6b3a; }
.composer { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #dfe3e6; align-items: flex-end; }
.composer textarea { resize: none; height: 42px; max-height: 120px; }
.ended { padding: 12px 16px; border-top: 1px solid #dfe3e6; display: flex; flex-direction: column; gap: 8px; align-items: flex-start; }
.ended p { margin: 0; color: #5d6b75; font-size: 14px; }
@media (max-width: 480px) { :host { right: 10px; bottom: 10px; } }
`;
