// 班长监控 (supervisor): seat monitor, queues, service level, monitor buttons, wallboard.
const supervisorZhCN = {
  title: '班长监控',
  seats: {
    title: '坐席状态',
    total: '坐席总数',
    online: '在线',
    idle: '空闲',
    busy: '忙碌',
    talking: '通话',
    loggedOut: '未登录',
  },
  queues: {
    title: '排队情况',
    group: '技能组',
    waiting: '排队数',
    ringing: '振铃',
    connected: '通话',
    longestWait: '最长等待',
    kept: '排队回拨',
    none: '没有排队',
  },
  serviceLevel: {
    title: '今日服务水平',
    sl15: '15 秒接通率',
    sl20: '20 秒接通率',
    offered: '呼入 {offered}，接通 {answered}',
    noCalls: '今日暂无呼入',
  },
  agents: {
    title: '坐席明细',
    agent: '工号',
    state: '状态',
    since: '持续',
    reason: '原因',
    actions: '监控',
    listen: '监听',
    whisper: '耳语',
    barge: '强插',
  },
  wallboard: '大屏',
  exitWallboard: '退出大屏',
  waitingCalls: '排队来电',
  keptCallbacks: '排队回拨',
  longestWait: '最长等待',
  updatedAt: '更新于 {time}',
  seconds: '{n} 秒',
}

export type SupervisorMessages = typeof supervisorZhCN

export default supervisorZhCN
