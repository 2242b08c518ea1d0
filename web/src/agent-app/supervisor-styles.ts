// Styles of the supervisor's Live page. The watch view hides the console's guidance toolbar and navigation bar: a
// watching supervisor has nothing to act with (the relay would refuse it anyway).
export const SUPERVISOR_CSS = `
.aa-live{flex:1;overflow:auto;padding:0 12px 12px}
.aa-body[hidden],.aa-live[hidden]{display:none!important}
.aa-live-status{margin:4px 0 8px;color:#475467;font-size:13px}
.aa-live-table{width:100%;border-collapse:collapse;font-size:13px}
.aa-live-table th,.aa-live-table td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--aa-line)}
.aa-live-table th{font-weight:600;color:#475467}
.aa-watch{padding:10px 0}
.aa-watch-message{margin:4px 0 8px;font-size:13px}
.aa-watch-view{height:60vh;min-height:320px;border:1px solid var(--aa-line);border-radius:6px;overflow:hidden;position:relative}
.aa-watch .cbc-toolbar,.aa-watch .cbc-nav{display:none!important}
.aa-top-nav{display:flex;gap:4px;margin-left:12px}
.aa-top .aa-top-nav .aa-button[aria-pressed="true"]{background:#334155;color:#fff}
`;
