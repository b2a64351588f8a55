/**
 * The supervisor's live view: `/ws/supervisor` (an `overview` on connect and every refresh, `agent` changes between)
 * folded into seat and queue figures, the day's service level from call-cloud's report API, and the monitor commands
 * (`listen`, `whisper`, `barge`), which the server answers `NOT_SUPPORTED_YET` until the media plane joins a
 * supervisor's leg.
 */
import { getJson } from './http'
import type { AgentStateCode, RealtimeSocket, ServerMessage } from './agentSocket'

export interface OverviewAgent {
  agent: string
  state: AgentStateCode
  since: string
  reason?: string | null
  callId?: string | null
}

export interface OverviewQueue {
  group: string
  waiting: number
  oldestWaitingSince?: string | null
  ringing: number
  connected: number
  /** Kept callbacks waiting: callers who hung up at the wait limit to be called back (not in `waiting`). */
  kept?: number
}

export interface Overview {
  at: string
  agents: OverviewAgent[]
  queues: OverviewQueue[]
}

/** The seat monitor's figures. */
export interface SeatFigures {
  total: number
  online: number
  idle: number
  busy: number
  talking: number
  loggedOut: number
}

export interface QueueFigures {
  group: string
  waiting: number
  ringing: number
  connected: number
  /** Seconds the oldest waiting call has waited, 0 when none waits. */
  longestWaitSeconds: number
  /** Kept callbacks waiting (排队回拨): their callers are not on the line, an agent will call them back. */
  kept: number
}

/**
 * Seats by state. Online = signed in (anything but `LOGGED_OUT`); idle = `READY`; talking = `TALKING` or `ON_HOLD`;
 * busy = the other signed-in states (`NOT_READY`, `OFFERED`, `AFTER_CALL_WORK`), so idle + busy + talking = online.
 */
export function seatFigures(agents: readonly OverviewAgent[]): SeatFigures {
  const figures: SeatFigures = { total: agents.length, online: 0, idle: 0, busy: 0, talking: 0, loggedOut: 0 }
  for (const agent of agents) {
    switch (agent.state) {
      case 'LOGGED_OUT':
        figures.loggedOut += 1
        continue
      case 'READY':
        figures.idle += 1
        break
      case 'TALKING':
      case 'ON_HOLD':
        figures.talking += 1
        break
      default:
        figures.busy += 1
    }
    figures.online += 1
  }
  return figures
}

export function queueFigures(queues: readonly OverviewQueue[], now: Date): QueueFigures[] {
  return queues.map((queue) => {
    const oldest = queue.oldestWaitingSince ? Date.parse(queue.oldestWaitingSince) : NaN
    const longest = queue.waiting > 0 && !Number.isNaN(oldest) ? Math.max(0, (now.getTime() - oldest) / 1000) : 0
    return {
      group: queue.group,
      waiting: queue.waiting,
      ringing: queue.ringing,
      connected: queue.connected,
      longestWaitSeconds: Math.floor(longest),
      kept: queue.kept ?? 0,
    }
  })
}

/** The live view's model: the last overview with the agent changes since applied. */
export class LiveView {
  agents = new Map<string, OverviewAgent>()
  queues: OverviewQueue[] = []
  at: string | null = null
  private readonly listeners = new Set<() => void>()

  constructor(socket: RealtimeSocket) {
    socket.on('overview', (message) => this.apply(message))
    socket.on('agent', (message) => this.apply(message))
  }

  apply(message: ServerMessage): void {
    if (message.type === 'overview') {
      const overview = message as unknown as Overview
      this.agents = new Map((overview.agents ?? []).map((agent) => [agent.agent, agent]))
      this.queues = overview.queues ?? []
      this.at = overview.at
    } else if (message.type === 'agent' && typeof message.agent === 'string') {
      this.agents.set(message.agent, {
        agent: message.agent,
        state: message.state as AgentStateCode,
        since: String(message.since ?? ''),
        reason: typeof message.reason === 'string' ? message.reason : null,
        callId: this.agents.get(message.agent)?.callId ?? null,
      })
    } else {
      return
    }
    this.listeners.forEach((listener) => listener())
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  seats(): SeatFigures {
    return seatFigures([...this.agents.values()])
  }

  queueFigures(now: Date = new Date()): QueueFigures[] {
    return queueFigures(this.queues, now)
  }

  /** Calls waiting in all queues, and the longest wait among them. */
  waiting(now: Date = new Date()): { calls: number; longestWaitSeconds: number; kept: number } {
    const figures = this.queueFigures(now)
    return {
      calls: figures.reduce((sum, queue) => sum + queue.waiting, 0),
      longestWaitSeconds: figures.reduce((max, queue) => Math.max(max, queue.longestWaitSeconds), 0),
      kept: figures.reduce((sum, queue) => sum + queue.kept, 0),
    }
  }
}

export interface ServiceLevel {
  offered: number
  answered: number
  /** 0..1, null without offered calls. */
  serviceLevel15: number | null
  serviceLevel20: number | null
}

/** A local date `YYYY-MM-DD`. */
export function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/** Today's service level for the whole tenant from `GET /reports/calls` (granularity DAY, by TOTAL). */
export async function todaysServiceLevel(tenant: string, today: Date = new Date()): Promise<ServiceLevel> {
  const day = localDate(today)
  const report = await getJson<{ rows: Partial<ServiceLevel>[] }>(
    `/api/call/tenants/${encodeURIComponent(tenant)}/reports/calls?from=${day}&to=${day}&granularity=DAY&by=TOTAL`,
  )
  const row = report.rows?.[0]
  return {
    offered: row?.offered ?? 0,
    answered: row?.answered ?? 0,
    serviceLevel15: row?.serviceLevel15 ?? null,
    serviceLevel20: row?.serviceLevel20 ?? null,
  }
}

export type MonitorMode = 'listen' | 'whisper' | 'barge'

/** Sends a monitor command for an agent's call; resolves with the server's reply or rejects with its problem. */
export function monitor(socket: RealtimeSocket, mode: MonitorMode, agent: string, callId: string | null) {
  return socket.request({ type: mode, agent, callId })
}
