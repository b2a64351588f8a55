import { onBeforeUnmount, onMounted, ref, shallowRef } from 'vue'
import { problemOf, RealtimeSocket, type SocketStatus, socketUrl } from '@/api/agentSocket'
import {
  LiveView,
  type OverviewAgent,
  type QueueFigures,
  type SeatFigures,
  type ServiceLevel,
  todaysServiceLevel,
} from '@/api/supervisor'
import { loadMe, type Me } from '../agent/session'

/** How often the day's service level is read again from the report API. */
export const SERVICE_LEVEL_REFRESH_MS = 30_000

/**
 * The supervisor socket and the figures the supervisor views show: seats and queues from the socket (recomputed every
 * second so waits tick), service level from the report API. `onFailure` gets every failure to show.
 */
export function useLiveView(onFailure: (error: unknown) => void) {
  const me = ref<Me | null>(null)
  const status = ref<SocketStatus>('closed')
  const seats = ref<SeatFigures>({ total: 0, online: 0, idle: 0, busy: 0, talking: 0, loggedOut: 0 })
  const queues = ref<QueueFigures[]>([])
  const waiting = ref({ calls: 0, longestWaitSeconds: 0, kept: 0 })
  const agents = ref<OverviewAgent[]>([])
  const serviceLevel = ref<ServiceLevel | null>(null)
  const updatedAt = ref<string | null>(null)
  const socket = shallowRef<RealtimeSocket | null>(null)
  const timers: ReturnType<typeof setInterval>[] = []

  function recompute(view: LiveView) {
    const now = new Date()
    seats.value = view.seats()
    queues.value = view.queueFigures(now)
    waiting.value = view.waiting(now)
    agents.value = [...view.agents.values()].sort((a, b) => a.agent.localeCompare(b.agent))
    updatedAt.value = view.at
  }

  async function readServiceLevel() {
    if (!me.value) return
    try {
      serviceLevel.value = await todaysServiceLevel(me.value.tenant)
    } catch (error) {
      onFailure(error)
    }
  }

  onMounted(async () => {
    try {
      me.value = await loadMe()
    } catch (error) {
      onFailure(error)
      return
    }
    const realtime = new RealtimeSocket(socketUrl('/ws/supervisor'))
    const view = new LiveView(realtime)
    view.onChange(() => recompute(view))
    realtime.onStatus((next) => {
      status.value = next
    })
    realtime.on('error', (problem) => onFailure(problemOf(problem)))
    socket.value = realtime
    realtime.connect()
    timers.push(setInterval(() => recompute(view), 1000))
    timers.push(setInterval(() => void readServiceLevel(), SERVICE_LEVEL_REFRESH_MS))
    await readServiceLevel()
  })

  onBeforeUnmount(() => {
    timers.forEach(clearInterval)
    socket.value?.close()
  })

  return { me, status, seats, queues, waiting, agents, serviceLevel, updatedAt, socket }
}
