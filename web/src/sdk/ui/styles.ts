// The look of the customer UI (banner, dialogs, notice, hints), inside the UI host's shadow root only.
/** The system's UI font, with the Japanese UI fonts of each platform before the generic fallback. */
const FONTS = "system-ui,-apple-system,'Segoe UI','Hiragino Sans','Yu Gothic UI',Meiryo,'Noto Sans CJK JP',sans-serif";

export const UI_CSS = `
.cb{font:500 14px/20px ${FONTS};color:#111827;letter-spacing:normal;text-align:left}
button{font:600 14px/20px ${FONTS};border-radius:18px;padding:6px 14px;border:0;cursor:pointer;margin:0}
button:disabled{opacity:.6;cursor:default}
button:focus-visible,input:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.banner{position:fixed;top:12px;left:50%;transform:translateX(-50%);display:flex;align-items:center;gap:12px;pointer-events:auto;
  padding:6px 6px 6px 16px;border-radius:24px;background:#111827;color:#fff;box-shadow:0 4px 16px rgba(0,0,0,.3);max-width:calc(100vw - 24px)}
.banner.control{background:#991b1b}
.dot{width:10px;height:10px;border-radius:50%;background:#22c55e;flex:none}
.banner.control .dot{background:#fde047}
.banner button{background:#fff;color:#111827;white-space:nowrap}
.banner .error{color:#fecaca;font-size:13px}
.backdrop{position:fixed;inset:0;background:rgba(17,24,39,.45);pointer-events:auto;display:flex;align-items:center;justify-content:center}
.dialog{background:#fff;border-radius:12px;padding:20px 24px;width:min(440px,calc(100vw - 32px));box-shadow:0 10px 40px rgba(0,0,0,.35);
  font-weight:400;font-size:15px;line-height:22px}
.dialog h2{margin:0 0 8px;font:700 18px/24px ${FONTS};color:#111827}
.dialog p{margin:0 0 16px}
.dialog label{display:block;font-weight:600}
.dialog input{font:600 24px/32px ui-monospace,Menlo,Consolas,monospace;letter-spacing:.2em;width:100%;padding:8px 12px;margin:4px 0 8px;
  border:2px solid #6b7280;border-radius:8px;color:#111827;background:#fff}
.message{min-height:22px;margin:0 0 12px;color:#b91c1c;font-weight:600}
.actions{display:flex;gap:8px;justify-content:flex-end}
.primary{background:#1d4ed8;color:#fff}
.secondary{background:#e5e7eb;color:#111827}
.notice{position:fixed;top:12px;left:50%;transform:translateX(-50%);display:flex;align-items:center;gap:12px;pointer-events:auto;
  padding:6px 6px 6px 16px;border-radius:24px;background:#374151;color:#fff;box-shadow:0 4px 16px rgba(0,0,0,.3);max-width:calc(100vw - 24px)}
.notice button{background:transparent;color:#fff;border:1px solid rgba(255,255,255,.6)}
.hint{position:fixed;padding:4px 10px;border-radius:6px;background:#111827;color:#fff;font-size:13px;line-height:18px;pointer-events:none;
  box-shadow:0 2px 8px rgba(0,0,0,.3);white-space:nowrap}
`;
