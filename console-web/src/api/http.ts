/**
 * The one HTTP client of the console. Every call goes to the same origin (the gateway);
 * an error answer becomes a {@link ProblemError} carrying the RFC 9457 problem detail,
 * and a call that got no answer at all becomes a {@link NetworkError}.
 */

export const PROBLEM_JSON = 'application/problem+json'

/** RFC 9457 problem detail, with the platform's stable `code` extension. */
export interface ProblemDetail {
  /** URI of the problem type; `about:blank` when the server gave none. */
  type: string
  title: string
  /** HTTP status; the response's status when the body did not say. */
  status: number
  detail?: string
  instance?: string
  /** Stable machine-readable code such as `TENANT_QUOTA_EXCEEDED`. */
  code?: string
  /** Any other extension members the server sent. */
  extensions: Record<string, unknown>
}

/** The server answered with an error status. */
export class ProblemError extends Error {
  readonly problem: ProblemDetail

  constructor(problem: ProblemDetail) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title)
    this.name = 'ProblemError'
    this.problem = problem
  }

  get status(): number {
    return this.problem.status
  }

  get code(): string | undefined {
    return this.problem.code
  }
}

/** The call got no HTTP answer: the network failed, the request timed out or was aborted. */
export class NetworkError extends Error {
  readonly timedOut: boolean
  readonly cause: unknown

  constructor(message: string, timedOut: boolean, cause?: unknown) {
    super(message)
    this.name = 'NetworkError'
    this.timedOut = timedOut
    this.cause = cause
  }
}

export type ApiError = ProblemError | NetworkError

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ProblemError || error instanceof NetworkError
}

const STANDARD_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'instance', 'code'])

export function isProblemResponse(response: Response): boolean {
  return isProblemContentType(response.headers.get('content-type'))
}

function isProblemContentType(contentType: string | null): boolean {
  if (!contentType) return false
  const mediaType = contentType.split(';', 1)[0] ?? ''
  return mediaType.trim().toLowerCase() === PROBLEM_JSON
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined
}

// HTTP/2 carries no reason phrase, so statusText is empty behind most proxies; RFC 9457 §4.2.1
// wants the phrase as the title of an about:blank problem.
const REASON_PHRASES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

/** The problem an error response stands for when its body does not describe one. */
export function problemFromStatus(response: Response): ProblemDetail {
  return {
    type: 'about:blank',
    title: REASON_PHRASES[response.status] ?? (response.statusText || `HTTP ${response.status}`),
    status: response.status,
    extensions: {},
  }
}

/**
 * Reads the problem detail of an error response. Members of the wrong JSON type are ignored,
 * as RFC 9457 §3.1 asks; a body that is not `application/problem+json` (an HTML error page from
 * a proxy, say) still yields a problem built from the status line, so callers always get one shape.
 */
export async function parseProblem(response: Response): Promise<ProblemDetail> {
  const problem = problemFromStatus(response)
  if (!isProblemContentType(response.headers.get('content-type'))) {
    return problem
  }
  let body: unknown
  try {
    body = await response.json()
  } catch {
    return problem
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return problem
  }
  const members = body as Record<string, unknown>
  problem.type = optionalString(members.type) ?? problem.type
  problem.title = optionalString(members.title) ?? problem.title
  if (typeof members.status === 'number' && Number.isInteger(members.status)) {
    problem.status = members.status
  }
  problem.detail = optionalString(members.detail)
  problem.instance = optionalString(members.instance)
  problem.code = optionalString(members.code)
  for (const [name, value] of Object.entries(members)) {
    if (!STANDARD_MEMBERS.has(name)) problem.extensions[name] = value
  }
  return problem
}

export interface RequestOptions extends Omit<RequestInit, 'signal'> {
  /** Milliseconds before the call is abandoned with a {@link NetworkError}. */
  timeoutMs?: number
  /**
   * Error statuses whose body the caller reads itself (actuator health answers 503 with a body).
   * A problem detail is an error whatever its status, so it is thrown even for these.
   */
  acceptStatus?: readonly number[]
  signal?: AbortSignal
}

export const DEFAULT_TIMEOUT_MS = 10_000

/**
 * Sends a request and returns the response when it succeeded (or its status is accepted);
 * throws {@link ProblemError} or {@link NetworkError} otherwise.
 */
export async function request(url: string, options: RequestOptions = {}): Promise<Response> {
  const { timeoutMs = DEFAULT_TIMEOUT_MS, acceptStatus = [], signal, headers, ...init } = options
  // AbortSignal.timeout/any are newer than the Chromium 86 kernel we support.
  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, timeoutMs)
  const onCallerAbort = () => controller.abort()
  signal?.addEventListener('abort', onCallerAbort)
  const requestHeaders = new Headers(headers)
  if (!requestHeaders.has('accept')) {
    requestHeaders.set('accept', `application/json, ${PROBLEM_JSON}`)
  }
  let response: Response
  try {
    response = await fetch(url, { ...init, headers: requestHeaders, signal: controller.signal })
  } catch (cause) {
    const message = timedOut
      ? `No answer within ${timeoutMs} ms`
      : cause instanceof Error
        ? cause.message
        : String(cause)
    throw new NetworkError(message, timedOut, cause)
  } finally {
    clearTimeout(timer)
    signal?.removeEventListener('abort', onCallerAbort)
  }
  if (response.ok || (acceptStatus.includes(response.status) && !isProblemResponse(response))) {
    return response
  }
  throw new ProblemError(await parseProblem(response))
}

/** {@link request} for a JSON answer. */
export async function getJson<T>(url: string, options: RequestOptions = {}): Promise<T> {
  const response = await request(url, { ...options, method: 'GET' })
  return (await response.json()) as T
}

/** One line for a person: `title: detail [CODE]`, the parts the server sent. */
export function formatProblem(problem: ProblemDetail): string {
  const text = problem.detail ? `${problem.title}: ${problem.detail}` : problem.title
  return problem.code ? `${text} [${problem.code}]` : text
}

/** The gateway's CSRF token, from the `XSRF-TOKEN` cookie it sets for the console's JavaScript. */
export function xsrfToken(cookies: string = document.cookie): string | undefined {
  for (const part of cookies.split(';')) {
    const [name, ...value] = part.trim().split('=')
    if (name === 'XSRF-TOKEN') return decodeURIComponent(value.join('='))
  }
  return undefined
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * {@link request} for the console's own changes: unsafe methods carry the CSRF token as `X-XSRF-TOKEN`
 * (the session cookie alone is refused for them), a body other than FormData/Blob is sent as JSON.
 */
export async function send(method: string, url: string, body?: unknown, options: RequestOptions = {}): Promise<Response> {
  const headers = new Headers(options.headers)
  const upper = method.toUpperCase()
  if (UNSAFE_METHODS.has(upper)) {
    const token = xsrfToken()
    if (token) headers.set('X-XSRF-TOKEN', token)
  }
  let payload: BodyInit | undefined
  if (body instanceof FormData || body instanceof Blob) {
    payload = body
  } else if (body !== undefined) {
    headers.set('content-type', 'application/json')
    payload = JSON.stringify(body)
  }
  return request(url, { ...options, method: upper, headers, body: payload })
}

/** {@link send} for a JSON answer; `undefined` for 204. */
export async function sendJson<T>(method: string, url: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, url, body, options)
  if (response.status === 204) return undefined as T
  const text = await response.text()
  return (text ? JSON.parse(text) : undefined) as T
}

/** Downloads a file the server builds (Excel exports): fetched with the session, saved through a link. */
export async function download(url: string, fileName: string, options: RequestOptions = {}): Promise<Blob> {
  const response = await request(url, {
    ...options,
    method: 'GET',
    timeoutMs: options.timeoutMs ?? 60_000,
    headers: { accept: `application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, ${PROBLEM_JSON}` },
  })
  const blob = await response.blob()
  if (typeof URL.createObjectURL === 'function') {
    const href = URL.createObjectURL(blob)
    const link = document.createElement('a')
    link.href = href
    link.download = fileName
    document.body.appendChild(link)
    link.click()
    link.remove()
    setTimeout(() => URL.revokeObjectURL(href), 10_000)
  }
  return blob
}
