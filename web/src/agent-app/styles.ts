// The console application's one style sheet (added to the page's head): a dense agent-desktop layout — top bar,
// left column of interactions and sessions, work area with the co-browse view, transcript on the right.
export const APP_CSS = `
.aa{--aa-line:#d0d5dd;--aa-muted:#5b6472;--aa-accent:#1d4ed8;--aa-danger:#b42318;--aa-bg:#f3f4f6;
  margin:0;height:100vh;display:flex;flex-direction:column;font:13px/1.35 system-ui,-apple-system,"Segoe UI",sans-serif;color:#111827;background:var(--aa-bg)}
.aa *{box-sizing:border-box}
.aa h1{font-size:20px;margin:0 0 12px}
.aa h2{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--aa-muted);margin:0}
.aa-skip{position:absolute;left:-999px}.aa-skip:focus{left:8px;top:8px;z-index:10;background:#fff;padding:4px 8px}
.aa-top{display:flex;align-items:center;gap:10px;height:42px;padding:0 12px;background:#0f172a;color:#e5e7eb}
.aa-brand{font-size:15px;color:#fff}.aa-top-title{color:#94a3b8}
.aa-top .aa-button{background:#1e293b;color:#e5e7eb;border-color:#334155}
.aa-spacer{flex:1}
.aa-body{flex:1;min-height:0;display:grid;grid-template-columns:290px 1fr}
.aa-side{overflow:auto;border-right:1px solid var(--aa-line);background:#fff}
.aa-section{padding:10px 10px 14px;border-bottom:1px solid var(--aa-line)}
.aa-section-head{display:flex;align-items:center;justify-content:space-between;margin-bottom:6px}
.aa-section>h2{margin-bottom:6px}
.aa-list{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:2px}
.aa-row{width:100%;display:grid;grid-template-columns:1fr auto;gap:2px 6px;text-align:left;padding:6px 8px;border:1px solid transparent;border-radius:6px;background:none;font:inherit;color:inherit;cursor:pointer}
.aa-row:hover{background:#f1f5f9}
.aa-row[aria-current=true]{background:#e0e7ff;border-color:#a5b4fc}
.aa-row-title{font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.aa-row-meta{grid-column:1/-1;color:var(--aa-muted);font-size:12px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.aa-empty{color:var(--aa-muted);margin:4px 2px}
.aa-badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:11px;font-weight:600;background:#e5e7eb;color:#374151;white-space:nowrap}
.aa-channel-voice{background:#dcfce7;color:#166534}.aa-channel-webMessaging{background:#dbeafe;color:#1e40af}.aa-channel-webChat{background:#fef3c7;color:#92400e}
.aa-state-viewOnly{background:#e0f2fe;color:#075985}.aa-state-controlRequested{background:#fef3c7;color:#92400e}
.aa-state-control{background:#fee2e2;color:#991b1b}.aa-state-ended{background:#e5e7eb;color:#4b5563}.aa-state-pending{background:#f3f4f6;color:#4b5563}
.aa-button{font:inherit;font-weight:500;padding:5px 12px;border:1px solid var(--aa-line);border-radius:6px;background:#fff;color:#111827;cursor:pointer}
.aa-button:hover:not(:disabled){border-color:#98a2b3}
.aa-button:disabled{opacity:.5;cursor:default}
.aa-primary{background:var(--aa-accent);border-color:var(--aa-accent);color:#fff}
.aa-danger{color:var(--aa-danger);border-color:#fda29b}
.aa :focus-visible{outline:2px solid var(--aa-accent);outline-offset:2px}
.aa-stage{min-width:0;min-height:0;display:flex;flex-direction:column;outline:none}
.aa-placeholder{margin:auto;color:var(--aa-muted)}
.aa-workspace{flex:1;min-height:0;display:flex;flex-direction:column}
.aa-workspace[hidden]{display:none}
.aa-work-head{display:flex;align-items:center;gap:8px;padding:8px 12px;background:#fff;border-bottom:1px solid var(--aa-line)}
.aa-work-head h2{display:inline;margin-right:8px;font-size:15px;text-transform:none;letter-spacing:0;color:#111827}
.aa-work-body{flex:1;min-height:0;display:grid;grid-template-columns:1fr;gap:0}
.aa-work-body:has(.aa-conversation){grid-template-columns:1fr 300px}
.aa-work-main{min-width:0;min-height:0;display:flex;flex-direction:column}
.aa-cards:empty{display:none}
.aa-work-empty{margin:24px auto;max-width:460px;color:var(--aa-muted);text-align:center}
.aa-cards{padding:12px}
.aa-notice{margin:0;padding:0 12px;color:var(--aa-muted)}.aa-notice:empty{display:none}
.aa-card{background:#fff;border:1px solid var(--aa-line);border-radius:8px;padding:12px 16px;max-width:560px}
.aa-card-label{margin:0 0 6px;color:var(--aa-muted);font-weight:600}
.aa-card-meta{display:flex;align-items:center;gap:8px;margin:8px 0 0}
.aa-key{display:block;font:700 48px/1.1 ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;letter-spacing:.08em;color:#0f172a}
.aa-expired .aa-key{color:#9ca3af;text-decoration:line-through}
.aa-countdown{color:var(--aa-muted);min-width:120px}
.aa-offer-card[data-status=declined],.aa-offer-card[data-status=expired],.aa-offer-card[data-status=failed]{border-color:#fda29b}
.aa-offer-card[data-status=accepted]{border-color:#86efac}
.aa-session-host{flex:1;min-height:0;display:flex}
.aa-session{flex:1;min-width:0;min-height:0;display:flex;flex-direction:column}
.aa-session-head{display:flex;align-items:center;gap:8px;padding:6px 12px;background:#fff;border-bottom:1px solid var(--aa-line)}
.aa-duration{font-variant-numeric:tabular-nums;color:var(--aa-muted)}
.aa-session-message{font-weight:600;color:#7c2d12}
.aa-console-host{flex:1;min-height:0;position:relative}
.aa-conversation{display:flex;flex-direction:column;min-height:0;background:#fff;border-left:1px solid var(--aa-line);padding:8px}
.aa-transcript{flex:1;overflow:auto;list-style:none;margin:6px 0;padding:0;display:flex;flex-direction:column;gap:6px}
.aa-message{max-width:85%;padding:6px 10px;border-radius:10px;background:#f1f5f9;display:flex;flex-direction:column}
.aa-message time{font-size:10px;color:var(--aa-muted);align-self:flex-end}
.aa-from-agent{align-self:flex-end;background:#dbeafe}
.aa-from-system{align-self:center;background:none;color:var(--aa-muted);font-style:italic}
.aa-kind-cobrowseOffer,.aa-kind-cobrowseAnswer{font-weight:600}
.aa-composer{display:flex;gap:6px}
.aa-composer-field{flex:1;font:inherit;padding:6px;border:1px solid var(--aa-line);border-radius:6px;resize:none}
.aa-error{color:var(--aa-danger);margin:4px 0}.aa-error:empty{display:none}
.aa-signin-page{margin:auto;padding:24px}
.aa-signin{display:flex;flex-direction:column;gap:8px;width:320px;padding:24px;background:#fff;border:1px solid var(--aa-line);border-radius:10px}
.aa-signin input{font:inherit;padding:6px 8px;border:1px solid var(--aa-line);border-radius:6px}
.aa-hint{color:var(--aa-muted);margin:0}
`;
