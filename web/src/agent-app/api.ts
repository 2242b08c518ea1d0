// HTTP to the product API (/api/v1, with the agent token) and to the demo backend (/demo/api). Errors arrive as
// RFC 7807 problem details; they become ApiErrors carrying the status and the problem's own words.
export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiClientOptions {
  /** Origin-relative or absolute base of the product API, e.g. `/api/v1`. */
  apiBase: string;
  /** Base of the demo backend, e.g. `/demo/api`. */
  demoBase: string;
  token(): string | undefined;
  /** The product refused the token (expired, revoked): the app signs out. */
  unauthorized(): void;
}

export class ApiClient {
  constructor(private readonly options: ApiClientOptions) {}

  /** A product API call with the agent token. */
  api<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.send<T>(`${this.options.apiBase}${path}`, method, body, true);
  }

  /** A demo backend call (no product credentials). */
  demo<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.send<T>(`${this.options.demoBase}${path}`, method, body, false);
  }

  demoUrl(path: string): string {
    return `${this.options.demoBase}${path}`;
  }

  private async send<T>(url: string, method: string, body: unknown, withToken: boolean): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const token = withToken ? this.options.token() : undefined;
    if (token) headers.authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiError(0, 'The service cannot be reached.');
    }
    if (!response.ok) {
      if (response.status === 401 && withToken) this.options.unauthorized();
      throw new ApiError(response.status, await problemText(response));
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

async function problemText(response: Response): Promise<string> {
  try {
    const problem = (await response.json()) as { title?: unknown; detail?: unknown };
    const detail = typeof problem.detail === 'string' ? problem.detail : undefined;
    const title = typeof problem.title === 'string' ? problem.title : undefined;
    return detail ?? title ?? `${response.status} ${response.statusText}`;
  } catch {
    return `${response.status} ${response.statusText}`;
  }
}
