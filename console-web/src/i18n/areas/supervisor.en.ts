import type { SupervisorMessages } from './supervisor.zh-CN'

const supervisorEn: SupervisorMessages = {
  title: 'Supervisor monitor',
  seats: {
    title: 'Seats',
    total: 'Total',
    online: 'Online',
    idle: 'Idle',
    busy: 'Busy',
    talking: 'Talking',
    loggedOut: 'Not logged in',
  },
  queues: {
    title: 'Queues',
    group: 'Skill group',
    waiting: 'Waiting',
    ringing: 'Ringing',
    connected: 'Talking',
    longestWait: 'Longest wait',
    kept: 'Kept callbacks',
    none: 'No queues',
  },
  serviceLevel: {
    title: "Today's service level",
    sl15: 'Answered within 15 s',
    sl20: 'Answered within 20 s',
    offered: '{offered} offered, {answered} answered',
    noCalls: 'No calls today yet',
  },
  agents: {
    title: 'Agents',
    agent: 'Agent',
    state: 'State',
    since: 'For',
    reason: 'Reason',
    actions: 'Monitor',
    listen: 'Listen',
    whisper: 'Whisper',
    barge: 'Barge',
  },
  wallboard: 'Wallboard',
  exitWallboard: 'Leave wallboard',
  waitingCalls: 'Calls waiting',
  keptCallbacks: 'Kept callbacks',
  longestWait: 'Longest wait',
  updatedAt: 'Updated {time}',
  seconds: '{n} s',
}

export default supervisorEn
