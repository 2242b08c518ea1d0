// The console view's own styles. They live in the console document under the `cbc-` prefix; the mirror is another
// document (the iframe), so none of this can reach the customer's page as the agent sees it.
export const CUSTOMER_COLOR = '#16a34a';
export const OUTLINE_COLOR = '#2563eb';
export const HIGHLIGHT_COLOR = '#f59e0b';

export const CONSOLE_CSS = `
.cbc{display:flex;flex-direction:column;width:100%;height:100%;min-height:0;font:14px/1.3 system-ui,sans-serif;color:#111827;background:#e5e7eb}
.cbc-toolbar{display:flex;gap:4px;flex-wrap:wrap;align-items:center;padding:6px 8px;background:#f9fafb;border-bottom:1px solid #d1d5db}
.cbc-toolbar button{font:inherit;padding:4px 10px;border:1px solid #d1d5db;border-radius:6px;background:#fff;cursor:pointer}
.cbc-toolbar button[aria-pressed=true]{background:${OUTLINE_COLOR};border-color:${OUTLINE_COLOR};color:#fff}
.cbc-toolbar .cbc-gap{flex:1}
.cbc-area{position:relative;flex:1;min-height:0;overflow:hidden}
.cbc-waiting{position:absolute;inset:0;display:flex;align-items:center;justify-content:center;color:#6b7280}
.cbc-stage{position:absolute;left:0;top:0;display:none;background:#fff}
.cbc-frame{position:absolute;left:0;top:0;transform-origin:0 0;overflow:hidden}
.cbc-frame iframe{display:block;border:0;margin:0;pointer-events:none;background:#fff}
.cbc-annotations{position:absolute;left:0;top:0;width:100%;height:100%;overflow:hidden;pointer-events:none}
.cbc-highlight{box-sizing:border-box;position:absolute;left:0;top:0;display:none;pointer-events:none;border:3px solid ${HIGHLIGHT_COLOR};border-radius:4px;box-shadow:0 0 0 4px rgba(245,158,11,.35)}
.cbc-outline{position:absolute;inset:0;pointer-events:none;box-shadow:0 0 0 2px ${OUTLINE_COLOR},0 2px 12px rgba(0,0,0,.25)}
.cbc-pointer{position:absolute;left:0;top:0;display:none;pointer-events:none;will-change:transform}
.cbc-pointer svg{display:block;width:18px;height:20px;filter:drop-shadow(0 1px 2px rgba(0,0,0,.35))}
.cbc-pointer span{position:absolute;left:14px;top:16px;padding:1px 7px;border-radius:9px;background:${CUSTOMER_COLOR};color:#fff;font:600 11px/15px system-ui,sans-serif;white-space:nowrap}
.cbc-input{position:absolute;inset:0;cursor:crosshair;touch-action:none}
.cbc-input[data-tool=pointer]{cursor:default}
.cbc-input[data-tool=highlight]{cursor:pointer}
.cbc-input[data-tool=text]{cursor:text}
.cbc-text{position:absolute;left:0;top:0;min-width:160px;padding:1px 4px;border:1px dashed #6b7280;background:rgba(255,255,255,.9);font:600 14px system-ui,sans-serif;outline:none}
/* Control mode (control-input.ts, select-picker.ts, nav-bar.ts, hints.ts) and the view's states. */
.cbc[data-mode=control] .cbc-input[data-tool=pointer]{cursor:default}
.cbc[data-mode=control] .cbc-outline{box-shadow:0 0 0 3px #dc2626,0 2px 12px rgba(0,0,0,.25)}
.cbc-input[data-blocked=true]{cursor:not-allowed!important}
.cbc-keyboard{position:absolute;left:0;top:0;width:1px;height:1px;padding:0;border:0;opacity:0;resize:none;overflow:hidden;pointer-events:none}
.cbc-blocked-tip{position:absolute;left:0;top:0;display:none;z-index:4;pointer-events:none;padding:3px 8px;border-radius:4px;background:#111827;color:#fff;font:600 12px/16px system-ui,sans-serif;white-space:nowrap}
.cbc-hints{position:absolute;inset:0;pointer-events:none;z-index:5}
.cbc-hint{position:absolute;max-width:280px;padding:5px 10px;border-radius:6px;background:#b91c1c;color:#fff;font:600 12px/16px system-ui,sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.3)}
.cbc-hint-top{left:50%;top:8px;transform:translateX(-50%)}
.cbc-picker{position:absolute;left:0;top:0;z-index:6;display:flex;flex-direction:column;gap:4px;padding:4px;background:#fff;border:1px solid #9ca3af;border-radius:6px;box-shadow:0 4px 16px rgba(0,0,0,.25)}
.cbc-picker-list{font:13px system-ui,sans-serif;border:1px solid #d1d5db}
.cbc-picker button{align-self:flex-end;font:inherit;padding:2px 10px}
.cbc-nav{display:none;gap:4px;align-items:center;padding:4px 8px;background:#fef2f2;border-bottom:1px solid #fecaca}
.cbc[data-mode=control] .cbc-nav{display:flex}
.cbc-nav button{font:inherit;padding:3px 10px;border:1px solid #d1d5db;border-radius:6px;background:#fff;cursor:pointer}
.cbc-nav-url{flex:1;min-width:120px;font:13px ui-monospace,monospace;padding:4px 6px;border:1px solid #d1d5db;border-radius:6px}
.cbc-notice{position:absolute;left:50%;top:10px;z-index:7;transform:translateX(-50%);padding:6px 14px;border-radius:16px;background:#1f2937;color:#fff;font-weight:600;box-shadow:0 2px 8px rgba(0,0,0,.3)}
.cbc-frozen{position:absolute;inset:0;z-index:8;display:flex;align-items:center;justify-content:center;background:rgba(17,24,39,.55);color:#fff;font:600 18px/1.4 system-ui,sans-serif;text-align:center;padding:24px}
.cbc[data-frozen=true] .cbc-toolbar button,.cbc[data-frozen=true] .cbc-nav{pointer-events:none;opacity:.5}
.cbc-held-back{flex:none;padding:2px 8px;background:#fffbeb;border-top:1px solid #fde68a;color:#92400e;font-size:12px}
.cbc-held-back summary{cursor:pointer}
.cbc-held-back ul{margin:2px 0;padding-left:18px;max-height:6em;overflow:auto}
.cbc-held-back p{margin:2px 0}
.cbc *:focus-visible{outline:2px solid ${OUTLINE_COLOR};outline-offset:1px}
`;
