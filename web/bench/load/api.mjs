// The product's HTTP API as the harness calls it, counting every request by route (HTTP requests per session =
// Functions executions the clients cause). A non-2xx answer throws an ApiError with the status and problem.

export class ApiError extends Error {
  constructor(route, status, body) {
    super(`${route}: ${status} ${body}`);
    this.status = status;
  }
}

export function createApi(baseUrl) {
  /** @type {Map<string, number>} */
  const counts = new Map();
  let total = 0;
  let seconds = 0;
  let checks = 0;

  /**
   * @param {string} method
   * @param {string} path       under /api/v1
   * @param {{ token?: string, body?: unknown, headers?: Record<string, string>, route?: string }} options
   *   route: the counted name (the path with ids replaced), defaults to the path
   *   check: the harness's own verification read, counted apart (not traffic a real session causes)
   */
  async function call(method, path, { token, body, headers = {}, route = path, check = false } = {}) {
    const name = `${method} ${route}`;
    if (check) {
      checks += 1;
    } else {
      counts.set(name, (counts.get(name) ?? 0) + 1);
      total += 1;
    }
    const started = performance.now();
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (!check) seconds += (performance.now() - started) / 1000;
    if (!response.ok) throw new ApiError(name, response.status, text);
    return text ? JSON.parse(text) : undefined;
  }

  return {
    call,
    /** seconds: summed response times (an upper bound of the functions' own execution time). */
    snapshot: () => ({ total, seconds, checks, counts: Object.fromEntries(counts) }),
  };
}
