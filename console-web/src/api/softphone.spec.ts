import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { FakeWebSocket } from '@/views/agent/fakeWebSocket'
import { RealtimeSocket } from './agentSocket'
import { invalidTarget, loadIceServers, type PeerConnectionLike, Softphone, type SoftphoneMedia } from './softphone'

class FakeTrack {
  enabled = true
  stopped = false
  stop() {
    this.stopped = true
  }
}

class FakePeer implements PeerConnectionLike {
  localDescription: RTCSessionDescriptionInit | null = null
  remote: RTCSessionDescriptionInit | null = null
  iceGatheringState: RTCIceGatheringState = 'new'
  onicegatheringstatechange: ((event: Event) => void) | null = null
  ontrack: ((event: RTCTrackEvent) => void) | null = null
  tracks: unknown[] = []
  closed = false
  addTrack(track: MediaStreamTrack) {
    this.tracks.push(track)
  }
  async createOffer() {
    return { type: 'offer' as const, sdp: 'v=0 browser-offer' }
  }
  async setLocalDescription(description: RTCSessionDescriptionInit) {
    this.localDescription = description
    // gathering finishes a moment later, as in a browser
    setTimeout(() => {
      this.iceGatheringState = 'complete'
      this.onicegatheringstatechange?.(new Event('icegatheringstatechange'))
    }, 0)
  }
  async setRemoteDescription(description: RTCSessionDescriptionInit) {
    this.remote = description
  }
  close() {
    this.closed = true
  }
}

function fakeMedia() {
  const track = new FakeTrack()
  const peers: FakePeer[] = []
  const stream = {
    getAudioTracks: () => [track],
    getTracks: () => [track],
  } as unknown as MediaStream
  const media: SoftphoneMedia = {
    createPeer: () => {
      const peer = new FakePeer()
      peers.push(peer)
      return peer
    },
    microphone: async () => stream,
  }
  return { media, track, peers }
}

function connected() {
  const socket = new RealtimeSocket('ws://x/ws/agent', { createSocket: (url) => new FakeWebSocket(url) })
  socket.connect()
  const fake = FakeWebSocket.latest()
  fake.open()
  return { socket, fake }
}

async function until(condition: () => boolean) {
  for (let i = 0; i < 50 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 1))
  expect(condition()).toBe(true)
}

/** The `parties` push of a consultation (the caller held) or of a three-way call (nobody held). */
function threeParties(callerHeld: boolean) {
  return [
    { role: 'caller', onHold: callerHeld },
    { role: 'agent', agentId: '1001', onHold: false },
    { role: 'consulted', agentId: '1002', onHold: false },
  ]
}

async function consulting(phone: Softphone, fake: FakeWebSocket) {
  await talking(phone, fake)
  const consult = phone.consult({ kind: 'agent', value: '1002' })
  fake.reply('consult', { type: 'consulting', callId: 'call-1', consultId: 'c-7' })
  await consult
}

async function talking(phone: Softphone, fake: FakeWebSocket) {
  const answered = phone.answer('call-1')
  await until(() => fake.sent.some((m) => m.type === 'answer'))
  fake.reply('answer', { type: 'answered', callId: 'call-1', sdp: 'v=0 media-answer' })
  await answered
}

describe('Softphone', () => {
  beforeEach(() => FakeWebSocket.reset())

  it("answers with the browser's offer and plays the media server's answer", async () => {
    const { socket, fake } = connected()
    const { media, peers } = fakeMedia()
    const phone = new Softphone(socket, media)

    await talking(phone, fake)

    expect(fake.last('answer')).toMatchObject({ callId: 'call-1', sdp: 'v=0 browser-offer' })
    expect(peers[0]!.remote).toEqual({ type: 'answer', sdp: 'v=0 media-answer' })
    expect(phone.state).toMatchObject({ phase: 'talking', media: true, callId: 'call-1' })
  })

  it('answers state-only when the browser has no WebRTC', async () => {
    const { socket, fake } = connected()
    const phone = new Softphone(socket, null)
    const answered = phone.answer('call-2')
    expect(fake.last('answer')).toEqual({ type: 'answer', callId: 'call-2', requestId: expect.any(String) })
    fake.reply('answer', { type: 'state', state: 'TALKING', callId: 'call-2' })
    await answered
    expect(phone.state).toMatchObject({ phase: 'talking', media: false })
  })

  it('sends hold, retrieve, keys, transfer, consult and three-way with the call id', async () => {
    const { socket, fake } = connected()
    const phone = new Softphone(socket, fakeMedia().media)
    await talking(phone, fake)

    const held = phone.hold()
    fake.reply('hold', { type: 'state', state: 'ON_HOLD' })
    await held
    expect(phone.state.phase).toBe('held')
    const retrieved = phone.retrieve()
    fake.reply('retrieve', { type: 'state', state: 'TALKING' })
    await retrieved
    expect(phone.state.phase).toBe('talking')

    const keys = phone.dtmf('12#')
    fake.reply('dtmf', { type: 'ok' })
    await keys
    expect(fake.last('dtmf')).toMatchObject({ callId: 'call-1', digits: '12#' })

    const transfer = phone.transfer({ kind: 'city12345', value: ' 12345 ' })
    expect(fake.last('transfer')).toMatchObject({ callId: 'call-1', to: { kind: 'city12345', value: '12345' } })
    fake.reply('transfer', { type: 'error', code: 'NOT_SUPPORTED_YET', message: 'transfer is not supported yet' })
    await expect(transfer).rejects.toMatchObject({ code: 'NOT_SUPPORTED_YET' })

    const consult = phone.consult({ kind: 'group', value: 'yibao' })
    fake.reply('consult', { type: 'consulting', callId: 'call-1', consultId: 'c-1' })
    await consult
    fake.receive({ type: 'parties', callId: 'call-1', consultId: 'c-1', parties: threeParties(true) })
    const conference = phone.conference()
    fake.reply('conference', { type: 'conferenced', callId: 'call-1', consultId: 'c-1' })
    await conference
    expect(fake.last('conference')).toMatchObject({ callId: 'call-1' })
  })

  it('refuses bad keys and bad transfer targets before sending anything', async () => {
    const { socket, fake } = connected()
    const phone = new Softphone(socket, fakeMedia().media)
    await talking(phone, fake)
    const before = fake.sent.length

    await expect(phone.dtmf('9x')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    await expect(phone.transfer({ kind: 'number', value: '12' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    await expect(phone.consult({ kind: 'group', value: 'Not A Group' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    })
    expect(fake.sent.length).toBe(before)
    expect(invalidTarget({ kind: 'agent', value: '1001' })).toBeNull()
  })

  it('mutes locally without telling the server', async () => {
    const { socket, fake } = connected()
    const { media, track } = fakeMedia()
    const phone = new Softphone(socket, media)
    await talking(phone, fake)
    const before = fake.sent.length

    phone.setMuted(true)
    expect(track.enabled).toBe(false)
    expect(phone.state.muted).toBe(true)
    phone.setMuted(false)
    expect(track.enabled).toBe(true)
    expect(fake.sent.length).toBe(before)
  })

  it('releases the microphone and the peer when the caller hangs up', async () => {
    const { socket, fake } = connected()
    const { media, track, peers } = fakeMedia()
    const phone = new Softphone(socket, media)
    await talking(phone, fake)

    fake.receive({ type: 'callEnded', callId: 'call-1', by: 'caller', reason: 'BYE' })

    expect(phone.state.phase).toBe('ended')
    expect(phone.state.lastEvent).toBe('callEnded:caller')
    expect(track.stopped).toBe(true)
    expect(peers[0]!.closed).toBe(true)
    await expect(phone.hangUp()).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' })
  })

  it('goes back to idle and frees the media when the answer fails', async () => {
    const { socket, fake } = connected()
    const { media, track } = fakeMedia()
    const phone = new Softphone(socket, media)
    const answered = phone.answer('call-3')
    await until(() => fake.sent.some((m) => m.type === 'answer'))
    fake.reply('answer', { type: 'error', code: 'ILLEGAL_TRANSITION', message: 'not offered to you' })

    await expect(answered).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' })
    expect(phone.state).toMatchObject({ phase: 'idle', callId: null })
    expect(track.stopped).toBe(true)
  })

  it('consults, then completes the transfer and leaves the call', async () => {
    const { socket, fake } = connected()
    const { media, track } = fakeMedia()
    const phone = new Softphone(socket, media)
    await talking(phone, fake)

    const consult = phone.consult({ kind: 'agent', value: '1002' })
    expect(fake.last('consult')).toMatchObject({ callId: 'call-1', to: { kind: 'agent', value: '1002' } })
    fake.reply('consult', { type: 'consulting', callId: 'call-1', consultId: 'c-9' })
    await consult
    expect(phone.state).toMatchObject({ phase: 'consulting', consultId: 'c-9' })
    await expect(phone.consult({ kind: 'agent', value: '1003' })).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' })

    const complete = phone.completeTransfer()
    expect(fake.last('completeTransfer')).toMatchObject({ callId: 'call-1' })
    fake.reply('completeTransfer', { type: 'transferred', callId: 'call-1', to: { kind: 'agent', value: '1002' } })
    await complete
    expect(phone.state).toMatchObject({ phase: 'ended', lastEvent: 'transferred', consultId: null })
    expect(track.stopped).toBe(true)
  })

  it('cancels a consultation back to the caller, or makes it three-way', async () => {
    const { socket, fake } = connected()
    const phone = new Softphone(socket, fakeMedia().media)
    await talking(phone, fake)
    await expect(phone.cancelConsult()).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' })
    expect(() => fake.last('cancelConsult')).toThrow()

    const consult = phone.consult({ kind: 'group', value: 'yibao' })
    fake.reply('consult', { type: 'consulting', callId: 'call-1', consultId: 'c-1' })
    await consult
    const cancel = phone.cancelConsult()
    fake.reply('cancelConsult', { type: 'state', state: 'TALKING', callId: 'call-1' })
    await cancel
    expect(phone.state).toMatchObject({ phase: 'talking', consultId: null })

    const again = phone.consult({ kind: 'group', value: 'yibao' })
    fake.reply('consult', { type: 'consulting', callId: 'call-1', consultId: 'c-2' })
    await again
    fake.receive({ type: 'parties', callId: 'call-1', consultId: 'c-2', parties: threeParties(true) })
    const conference = phone.conference()
    fake.reply('conference', { type: 'error', code: 'NOT_SUPPORTED_YET', message: 'needs the mixer' })
    await expect(conference).rejects.toMatchObject({ code: 'NOT_SUPPORTED_YET' })
    expect(phone.state.phase).toBe('consulting')
  })

  it('shows the consultation ringing until the parties push lists the consulted agent, and only then goes three-way', async () => {
    const { socket, fake } = connected()
    const phone = new Softphone(socket, fakeMedia().media)
    await consulting(phone, fake)
    expect(phone.state.consultation).toEqual({
      consultId: 'c-7',
      to: { kind: 'agent', value: '1002' },
      status: 'ringing',
    })

    await expect(phone.conference()).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' })
    expect(() => fake.last('conference')).toThrow()

    fake.receive({ type: 'parties', callId: 'call-1', consultId: 'c-7', parties: threeParties(true) })
    expect(phone.state.consultation?.status).toBe('answered')
    expect(phone.state.parties).toEqual(threeParties(true))

    const conference = phone.conference()
    expect(fake.last('conference')).toMatchObject({ callId: 'call-1' })
    fake.reply('conference', { type: 'conferenced', callId: 'call-1', consultId: 'c-7' })
    await conference
    fake.receive({ type: 'parties', callId: 'call-1', consultId: 'c-7', parties: threeParties(false) })
    expect(phone.state).toMatchObject({ phase: 'conference', lastEvent: 'conferenced' })
    expect(phone.state.parties.every((party) => !party.onHold)).toBe(true)

    const complete = phone.completeTransfer()
    expect(fake.last('completeTransfer')).toMatchObject({ callId: 'call-1' })
    fake.reply('completeTransfer', { type: 'state', state: 'AFTER_CALL_WORK' })
    await complete
    expect(phone.state).toMatchObject({ phase: 'ended', lastEvent: 'transferred', consultation: null })
  })

  it('goes back to the caller when the consulted agent leaves a three-way call, or when this agent cancels it', async () => {
    const { socket, fake } = connected()
    const phone = new Softphone(socket, fakeMedia().media)
    await consulting(phone, fake)
    fake.receive({ type: 'parties', callId: 'call-1', consultId: 'c-7', parties: threeParties(true) })
    const conference = phone.conference()
    fake.reply('conference', { type: 'conferenced', callId: 'call-1', consultId: 'c-7' })
    await conference

    fake.receive({
      type: 'parties',
      callId: 'call-1',
      consultId: 'c-7',
      parties: [
        { role: 'caller', onHold: false },
        { role: 'agent', agentId: '1001', onHold: false },
      ],
    })
    expect(phone.state).toMatchObject({ phase: 'talking', consultation: null, lastEvent: 'consultedLeft' })

    const again = phone.consult({ kind: 'agent', value: '1003' })
    fake.reply('consult', { type: 'consulting', callId: 'call-1', consultId: 'c-8' })
    await again
    fake.receive({ type: 'parties', callId: 'call-1', consultId: 'c-8', parties: threeParties(true) })
    const three = phone.conference()
    fake.reply('conference', { type: 'conferenced', callId: 'call-1', consultId: 'c-8' })
    await three
    const cancel = phone.cancelConsult()
    expect(fake.last('cancelConsult')).toMatchObject({ callId: 'call-1' })
    fake.reply('cancelConsult', { type: 'state', state: 'TALKING', callId: 'call-1' })
    await cancel
    expect(phone.state).toMatchObject({ phase: 'talking', consultation: null, consultId: null })
  })

  it('ignores a parties push about another call', async () => {
    const { socket, fake } = connected()
    const phone = new Softphone(socket, fakeMedia().media)
    await consulting(phone, fake)
    fake.receive({ type: 'parties', callId: 'call-other', consultId: 'c-other', parties: threeParties(true) })
    expect(phone.state.parties).toEqual([])
    expect(phone.state.consultation?.status).toBe('ringing')
  })

  it('on the consulted side: knows whose consultation it is, leaves it with hangUp on the consultation id', async () => {
    const { socket, fake } = connected()
    const { media, track } = fakeMedia()
    const phone = new Softphone(socket, media)
    const answered = phone.answer('c-7', { consultOf: 'call-1', from: '1001' })
    await until(() => fake.sent.some((m) => m.type === 'answer'))
    expect(fake.last('answer')).toMatchObject({ callId: 'c-7', sdp: 'v=0 browser-offer' })
    fake.reply('answer', { type: 'answered', callId: 'c-7', sdp: 'v=0 media-answer' })
    await answered
    expect(phone.state).toMatchObject({ phase: 'talking', consultedBy: { consultOf: 'call-1', from: '1001' } })

    // the parties push names the caller's call and this consultation
    fake.receive({ type: 'parties', callId: 'call-1', consultId: 'c-7', parties: threeParties(true) })
    expect(phone.state.parties).toHaveLength(3)

    const leave = phone.hangUp()
    expect(fake.last('hangUp')).toMatchObject({ callId: 'c-7' })
    fake.reply('hangUp', { type: 'state', state: 'READY' })
    await leave
    expect(phone.state).toMatchObject({ phase: 'ended', lastEvent: 'leftConsultation' })
    expect(track.stopped).toBe(true)
  })

  it('on the consulted side: takes over the caller once the transfer completes, and ends with the caller', async () => {
    const { socket, fake } = connected()
    const phone = new Softphone(socket, fakeMedia().media)
    const answered = phone.answer('c-7', { consultOf: 'call-1', from: '1001' })
    await until(() => fake.sent.some((m) => m.type === 'answer'))
    fake.reply('answer', { type: 'answered', callId: 'c-7', sdp: 'v=0 media-answer' })
    await answered

    fake.receive({ type: 'state', agent: '1002', state: 'TALKING', since: 'x', callId: 'call-1' })
    expect(phone.state).toMatchObject({ callId: 'call-1', consultedBy: null, lastEvent: 'transferredToMe' })
    // the server's parties push that follows names the two who are left; the 转接完成 note stays
    const two = [
      { role: 'caller', onHold: false },
      { role: 'agent', agentId: '1002', onHold: false },
    ]
    fake.receive({ type: 'parties', callId: 'call-1', consultId: 'c-7', parties: two })
    expect(phone.state).toMatchObject({ callId: 'call-1', lastEvent: 'transferredToMe', parties: two })
    const held = phone.hold()
    expect(fake.last('hold')).toMatchObject({ callId: 'call-1' })
    fake.reply('hold', { type: 'state', state: 'ON_HOLD' })
    await held

    fake.receive({ type: 'callEnded', callId: 'call-1', by: 'caller', reason: 'BYE' })
    expect(phone.state).toMatchObject({ phase: 'ended', lastEvent: 'callEnded:caller' })
  })

  it('on the consulted side: the caller hanging up ends the consultation too', async () => {
    const { socket, fake } = connected()
    const phone = new Softphone(socket, fakeMedia().media)
    const answered = phone.answer('c-7', { consultOf: 'call-1', from: '1001' })
    await until(() => fake.sent.some((m) => m.type === 'answer'))
    fake.reply('answer', { type: 'answered', callId: 'c-7', sdp: 'v=0 media-answer' })
    await answered
    fake.receive({ type: 'callEnded', callId: 'call-1', by: 'caller', reason: 'BYE' })
    expect(phone.state).toMatchObject({ phase: 'ended', lastEvent: 'callEnded:caller' })
  })

  it('a blind transfer to another 12345 sends the city and ends this agent\'s part', async () => {
    const { socket, fake } = connected()
    const { media, peers } = fakeMedia()
    const phone = new Softphone(socket, media)
    await talking(phone, fake)
    await expect(phone.transfer({ kind: 'city12345', value: '合 肥' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    })
    const transfer = phone.transfer({ kind: 'city12345', value: '合肥' })
    expect(fake.last('transfer')).toMatchObject({ to: { kind: 'city12345', value: '合肥' } })
    fake.reply('transfer', { type: 'transferred', callId: 'call-1', to: { kind: 'city12345', value: '合肥' } })
    await transfer
    expect(phone.state.phase).toBe('ended')
    expect(peers[0]!.closed).toBe(true)
  })

  it('sends keys and reads dtmfSent', async () => {
    const { socket, fake } = connected()
    const phone = new Softphone(socket, fakeMedia().media)
    await talking(phone, fake)
    const keys = phone.dtmf('5')
    fake.reply('dtmf', { type: 'dtmfSent', callId: 'call-1', digits: '5' })
    expect((await keys).type).toBe('dtmfSent')
  })

  it('dials a callback with its own offer and talks once the far end answers', async () => {
    const { socket, fake } = connected()
    const { media, peers } = fakeMedia()
    const phone = new Softphone(socket, media)
    await expect(phone.dial('12')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    expect(() => fake.last('dial')).toThrow()

    const dialled = phone.dial(' 13800138000 ', 'task-7')
    await until(() => fake.sent.some((m) => m.type === 'dial'))
    expect(fake.last('dial')).toMatchObject({
      number: '13800138000',
      sdp: 'v=0 browser-offer',
      callbackTaskId: 'task-7',
    })
    fake.reply('dial', { type: 'dialing', callId: 'out-1', sdp: 'v=0 media-answer' })
    await dialled
    expect(phone.state).toMatchObject({ phase: 'dialing', callId: 'out-1', party: '13800138000', media: true })
    expect(peers[0]!.remote).toEqual({ type: 'answer', sdp: 'v=0 media-answer' })
    await expect(phone.dial('13900139000')).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' })

    fake.receive({ type: 'state', state: 'TALKING', callId: 'out-1' })
    expect(phone.state.phase).toBe('talking')
  })

  it('answers a kept-place callback: dialling the caller until its outbound leg answers, then talking', async () => {
    const { socket, fake } = connected()
    const { media, peers } = fakeMedia()
    const phone = new Softphone(socket, media)

    const answered = phone.answer('call-q1', undefined, { caller: '13800138000' })
    await until(() => fake.sent.some((m) => m.type === 'answer'))
    expect(fake.last('answer')).toMatchObject({ callId: 'call-q1', sdp: 'v=0 browser-offer' })
    fake.reply('answer', { type: 'answered', callId: 'call-q1', sdp: 'v=0 media-answer', callback: true })
    await answered
    expect(phone.state).toMatchObject({ phase: 'dialing', callback: true, callId: 'call-q1', party: '13800138000', media: true })
    expect(peers[0]!.remote).toEqual({ type: 'answer', sdp: 'v=0 media-answer' })

    // the ACD has the agent TALKING from the answer on: that push is not the caller picking up
    fake.receive({ type: 'state', agent: '1001', state: 'TALKING', callId: 'call-q1', since: 'x' })
    expect(phone.state.phase).toBe('dialing')
    // another call's outbound leg is not this one
    fake.receive({ type: 'state', state: 'TALKING', callId: 'call-other', direction: 'OUTBOUND' })
    expect(phone.state.phase).toBe('dialing')

    fake.receive({ type: 'state', agent: '1001', state: 'TALKING', callId: 'call-q1', direction: 'OUTBOUND' })
    expect(phone.state).toMatchObject({ phase: 'talking', lastEvent: 'callbackAnswered', callback: true })

    fake.receive({ type: 'callEnded', callId: 'call-q1', by: 'far_end', reason: 'BYE', outcome: 'ANSWERED', direction: 'OUTBOUND' })
    expect(phone.state).toMatchObject({ phase: 'ended', outcome: 'ANSWERED' })
  })

  it('ends a kept-place callback the caller does not pick up with its outcome, and the next call starts clean', async () => {
    const { socket, fake } = connected()
    const { media, track } = fakeMedia()
    const phone = new Softphone(socket, media)
    const answered = phone.answer('call-q2', undefined, { caller: '13900139000' })
    await until(() => fake.sent.some((m) => m.type === 'answer'))
    // the server may carry the dialled leg under its own id
    fake.reply('answer', { type: 'answered', callId: 'out-9', sdp: 'v=0 media-answer', callback: true })
    await answered
    expect(phone.state).toMatchObject({ phase: 'dialing', callId: 'out-9' })

    fake.receive({ type: 'callEnded', callId: 'call-q2', by: 'far_end', reason: 'no answer', outcome: 'NO_ANSWER', direction: 'OUTBOUND' })
    expect(phone.state).toMatchObject({ phase: 'ended', outcome: 'NO_ANSWER', lastEvent: 'callEnded:far_end' })
    expect(track.stopped).toBe(true)

    const next = phone.answer('call-1')
    await until(() => fake.sent.filter((m) => m.type === 'answer').length === 2)
    fake.reply('answer', { type: 'answered', callId: 'call-1', sdp: 'v=0 media-answer' })
    await next
    expect(phone.state).toMatchObject({ phase: 'talking', callback: false, outcome: null, callId: 'call-1' })
    // a stale callEnded of the old callback no longer touches this call
    fake.receive({ type: 'callEnded', callId: 'out-9', by: 'far_end', outcome: 'NO_ANSWER' })
    expect(phone.state.phase).toBe('talking')
  })

  it('keeps no outcome it does not know', async () => {
    const { socket, fake } = connected()
    const phone = new Softphone(socket, fakeMedia().media)
    const dialled = phone.dial('13800138000')
    await until(() => fake.sent.some((m) => m.type === 'dial'))
    fake.reply('dial', { type: 'dialing', callId: 'out-2', sdp: 'v=0 media-answer' })
    await dialled
    expect(phone.state).toMatchObject({ phase: 'dialing', callback: false })
    fake.receive({ type: 'callEnded', callId: 'out-2', by: 'system', outcome: 'SOMETHING_NEW', direction: 'OUTBOUND' })
    expect(phone.state).toMatchObject({ phase: 'ended', outcome: null })
  })

  it('rejoins a call after a reload with a fresh offer and the held state the server reports', async () => {
    const { socket, fake } = connected()
    const { media, peers } = fakeMedia()
    const phone = new Softphone(socket, media)
    const rejoined = phone.rejoin({ callId: 'call-5', caller: '138****5678', since: 'x', onHold: true })
    await until(() => fake.sent.some((m) => m.type === 'rejoin'))
    expect(fake.last('rejoin')).toMatchObject({ callId: 'call-5', sdp: 'v=0 browser-offer' })
    fake.reply('rejoin', { type: 'rejoined', callId: 'call-5', sdp: 'v=0 media-answer' })
    await rejoined
    expect(phone.state).toMatchObject({ phase: 'held', callId: 'call-5', party: '138****5678', media: true })
    expect(phone.onCall).toBe(true)
    expect(peers[0]!.remote).toEqual({ type: 'answer', sdp: 'v=0 media-answer' })
  })

  it('shows the call as ended when the rejoin is refused', async () => {
    const { socket, fake } = connected()
    const phone = new Softphone(socket, null)
    const rejoined = phone.rejoin({ callId: 'call-6', caller: null, since: 'x', onHold: false })
    expect(fake.last('rejoin')).toEqual({ type: 'rejoin', callId: 'call-6', requestId: expect.any(String) })
    fake.reply('rejoin', { type: 'error', code: 'NOT_FOUND', message: 'the call has ended' })
    await expect(rejoined).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(phone.state).toMatchObject({ phase: 'ended', lastEvent: 'rejoinFailed' })
  })
})

describe('loadIceServers', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('hands the TURN servers to the peer connection', async () => {
    const servers = [{ urls: ['turn:127.0.0.1:3478?transport=udp'], username: 'u', credential: 'c' }]
    const fetchMock = vi.fn(async (_url: string) => Response.json({ iceServers: servers, ttlSeconds: 600 }))
    vi.stubGlobal('fetch', fetchMock)
    expect(await loadIceServers('shushan')).toEqual(servers)
    expect(fetchMock.mock.calls[0]![0]).toBe('/api/call/tenants/shushan/webrtc/ice-servers')
  })

  it('falls back to none when the endpoint answers 404, but reports other failures', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('', { status: 404 })),
    )
    expect(await loadIceServers('shushan')).toEqual([])
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(JSON.stringify({ status: 403, title: 'Forbidden', code: 'FORBIDDEN' }), {
            status: 403,
            headers: { 'content-type': 'application/problem+json' },
          }),
      ),
    )
    await expect(loadIceServers('shushan')).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })
})
