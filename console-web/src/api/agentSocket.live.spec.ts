/// <reference types="node" />
// @vitest-environment node
/**
 * The console's socket clients against a real call-cloud (not part of `npm test`'s normal run: skipped unless
 * CC_CALL_LIVE names the instance). The instance must trust the RSA key in CC_CALL_LIVE_KEY (PKCS#8 PEM), i.e. run
 * with `--cc.security.public-key=<its public key>`; Node needs `--experimental-websocket` (Node 20). See README.
 */
import { createPrivateKey, randomUUID, sign } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { AgentChannel, RealtimeSocket, type ServerMessage, type WebSocketLike } from './agentSocket'
import { MessageChannel } from './messages'
import { LiveView, monitor } from './supervisor'

const base = process.env.CC_CALL_LIVE ?? ''
const ISSUER_BASE = process.env.CC_CALL_LIVE_ISSUER ?? 'http://127.0.0.1:18084'

function token(tenant: string, subject: string, roles: string[]): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const now = Math.floor(Date.now() / 1000)
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT', kid: 'test' })}.${encode({
    iss: `${ISSUER_BASE}/t/${tenant}`,
    sub: subject,
    tenant,
    roles,
    name: `测试 ${subject}`,
    iat: now,
    nbf: now,
    exp: now + 300,
    jti: randomUUID(),
  })}`
  const key = createPrivateKey(readFileSync(process.env.CC_CALL_LIVE_KEY ?? '', 'utf8'))
  return `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), key).toString('base64url')}`
}

async function open(path: string, bearer: string): Promise<RealtimeSocket> {
  const socket = new RealtimeSocket(`${base.replace(/^http/, 'ws')}${path}`, {
    reconnect: false,
    // Node's WebSocket (undici) takes headers; a browser gets the token from the gateway instead.
    createSocket: (url) =>
      new (WebSocket as unknown as new (url: string, init: object) => WebSocketLike)(url, {
        headers: { Authorization: `Bearer ${bearer}` },
      }),
  })
  const opened = new Promise<void>((resolve) => socket.onStatus((status) => status === 'open' && resolve()))
  socket.connect()
  await opened
  return socket
}

function next(socket: RealtimeSocket, type: string, timeoutMs = 10_000): Promise<ServerMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} within ${timeoutMs} ms`)), timeoutMs)
    const stop = socket.on(type, (message) => {
      clearTimeout(timer)
      stop()
      resolve(message)
    })
  })
}

describe.skipIf(!base)('console clients against a live call-cloud', () => {
  it('signs in, changes state, exchanges messages with read marks and sees the supervisor view', async () => {
    const tenant = `lv-${randomUUID().slice(0, 8)}`
    const alice = `a-${randomUUID().slice(0, 8)}`
    const bob = `b-${randomUUID().slice(0, 8)}`
    const aliceSocket = await open('/ws/agent', token(tenant, alice, ['AGENT']))
    const bobSocket = await open('/ws/agent', token(tenant, bob, ['AGENT']))
    const supervisorSocket = await open('/ws/supervisor', token(tenant, 'sup', ['SUPERVISOR']))
    try {
      const agent = new AgentChannel(aliceSocket)
      expect((await agent.signIn()).state).toBe('NOT_READY')
      expect((await agent.ready()).state).toBe('READY')
      const resting = await agent.notReady('MEAL')
      expect(resting).toMatchObject({ state: 'NOT_READY', reason: 'MEAL' })
      expect((await agent.ready()).state).toBe('READY')

      await new AgentChannel(bobSocket).signIn()
      await new Promise((resolve) => setTimeout(resolve, 500)) // Redis confirms the subscriptions
      const bobInbox = next(bobSocket, 'message')
      const sent = await new MessageChannel(aliceSocket).send({ kind: 'agent', value: bob }, '请看 3 号工单')
      const received = await bobInbox
      expect(received).toMatchObject({ id: sent.id, from: alice, text: '请看 3 号工单' })

      const receipt = next(aliceSocket, 'messagesRead')
      await expect(new MessageChannel(bobSocket).markRead([sent.id])).resolves.toEqual([sent.id])
      expect(await receipt).toMatchObject({ reader: bob, ids: [sent.id] })

      await expect(new MessageChannel(aliceSocket).send({ kind: 'all' }, '大家好')).rejects.toMatchObject({
        code: 'FORBIDDEN',
      })

      // The live view knows both agents; monitoring is answered NOT_SUPPORTED_YET.
      const view = new LiveView(supervisorSocket)
      const overview = next(supervisorSocket, 'overview')
      view.apply(await overview)
      expect([...view.agents.keys()].sort()).toEqual([alice, bob].sort())
      await expect(monitor(supervisorSocket, 'listen', alice, null)).rejects.toMatchObject({
        code: 'NOT_SUPPORTED_YET',
      })

      // A live-call command: whatever the server does today, it answers (never silence).
      const hold = await aliceSocket
        .request({ type: 'hold', callId: randomUUID() })
        .then((reply) => reply.type)
        .catch((problem: { code: string }) => problem.code)
      expect(hold).toMatch(/^[A-Za-z_]+$/)
      console.info(`live call-cloud answered hold without a call with: ${hold}`)
    } finally {
      aliceSocket.close()
      bobSocket.close()
      supervisorSocket.close()
    }
  }, 60_000)
})
