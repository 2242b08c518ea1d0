// Names a storage request the way billing and a reader think of it: service, table/queue/container, operation.
// Paths are Azurite's path-style URLs: /devstoreaccount1/<resource>[/...]?query.

const resourceAndRest = (url) => {
  const [path, query = ''] = url.split('?');
  const parts = path.split('/').filter(Boolean).slice(1); // drop the account
  return { parts, query };
};

/** Durable task hub resources carry the hub name; show their role, not per-partition names. */
const durableName = (name) => name
  .replace(/-control-\d+$/, '-control-NN')
  .replace(/^(.*)-leases$/, '$1-leases');

export function classifyTable(req) {
  const { parts } = resourceAndRest(req.url ?? '');
  const first = decodeURIComponent(parts[0] ?? '');
  if (first === '$batch') return 'table $batch';
  const table = first.replace(/\(.*$/, '') || '(service)';
  const hasKey = /\(.+\)/.test(first);
  const op = req.method === 'GET' ? (hasKey ? 'get' : 'query')
    : req.method === 'POST' ? 'insert'
    : req.method === 'PUT' ? 'upsert/replace'
    : req.method === 'MERGE' || req.method === 'PATCH' ? 'merge'
    : req.method === 'DELETE' ? 'delete' : (req.method ?? '?').toLowerCase();
  return `table ${table} ${op}`;
}

export function classifyQueue(req) {
  const { parts } = resourceAndRest(req.url ?? '');
  const queue = durableName(decodeURIComponent(parts[0] ?? '(service)'));
  const onMessages = parts[1] === 'messages';
  const op = !onMessages ? `${(req.method ?? '?').toLowerCase()} queue`
    : req.method === 'POST' ? 'put message'
    : req.method === 'GET' ? 'get messages'
    : req.method === 'DELETE' ? 'delete message'
    : req.method === 'PUT' ? 'update message' : (req.method ?? '?').toLowerCase();
  return `queue ${queue} ${op}`;
}

export function classifyBlob(req) {
  const { parts, query } = resourceAndRest(req.url ?? '');
  const container = decodeURIComponent(parts[0] ?? '(service)');
  const comp = /(?:^|&)comp=([^&]+)/.exec(query)?.[1];
  const op = comp === 'lease' ? 'lease' : comp === 'list' ? 'list' : `${(req.method ?? '?').toLowerCase()}${comp ? ` ${comp}` : ''}`;
  return `blob ${container} ${op}`;
}

/** Upstream CloudEvents from the relay to the function: the event type is in the ce-type header. */
export function classifyUpstream(req) {
  if (req.method === 'OPTIONS') return 'upstream abuse-protection';
  const type = String(req.headers['ce-type'] ?? '?').replace(/^azure\.webpubsub\./, '');
  return `upstream ${type}`;
}
