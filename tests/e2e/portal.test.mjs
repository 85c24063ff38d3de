// description: The customer portal closes the loop. A requester submits a request in the portal on a
// phone-sized screen (a category with required guided fields: refused until they are filled, and
// nothing saved; an executable attachment refused on the control); the agent replies, the requester
// answers with a file, the agent resolves it (an internal note never reaches the portal); the
// requester reopens it with a reason, the agent resolves again, the requester confirms and rates the
// service with 2 stars — which gives the team lead a callback task (low_score). The no-login survey
// link answers once and then says "already answered"; reopening after the reopen period makes a
// follow-up ticket; an org manager sees the organisation's tab; a requester of another organisation
// gets "not found" for the ticket and may cancel their own; a customer self-registers with a work
// email. Cold-load times are printed.
//
// Run: cd tests/e2e && node --test portal.test.mjs
// Env: TECHDESK_BIN, TECHDESK_WEB_ROOT, CHROMIUM (see harness.mjs).

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import os from 'node:os'
import path from 'node:path'
import { Server, apiAs as harnessApiAs, launchBrowser, sel } from './harness.mjs'

const ORG_A = '华东精密制造'
const ORG_B = '西南物流'
const REQUESTER = { login: 'chen.li', password: 'Chen#2026pw', name: '陈立' }
const MANAGER = { login: 'zhou.min', password: 'Zhou#2026pw', name: '周敏' }
const OUTSIDER = { login: 'he.tao', password: 'HeTao#2026pw', name: '何涛' }
const AGENT = { login: 'agent1', password: 'Agent#2026pw', name: '王工' }
const LEAD = { login: 'lead1', password: 'Lead#2026pw', name: '刘组长' }
const ADMIN = { login: 'admin1', password: 'Admin#2026pw', name: '系统管理员' }

const STEP_TIMEOUT = 10_000
const PHONE = { width: 375, height: 812 }

let server
let baseUrl
let browser
const sessions = {}

/** Signs `user` in over the API; answers a function making calls with that session. */
function apiAs(user) {
  return harnessApiAs(baseUrl, user)
}

/** The agent takes the ticket into work (as far as needed) and resolves it with `resolution`. */
async function agentResolves(ticketId, resolution) {
  const agent = sessions.agent
  for (let step = 0; step < 6; step++) {
    const { body: ticket } = await agent('GET', `/tickets/${ticketId}`)
    if (ticket.state === 'resolved') return
    if (ticket.state === 'new') {
      if (ticket.assignee_id !== agent.user.id) {
        await agent('PATCH', `/tickets/${ticketId}`, { assignee_id: agent.user.id })
      } else {
        await agent('POST', `/tickets/${ticketId}/transitions`, { to: 'assigned' })
      }
    } else if (ticket.state === 'in_progress') {
      await agent('POST', `/tickets/${ticketId}/transitions`, {
        to: 'resolved',
        reason: resolution,
      })
    } else {
      await agent('POST', `/tickets/${ticketId}/transitions`, { to: 'in_progress' })
    }
  }
  const { body: ticket } = await agent('GET', `/tickets/${ticketId}`)
  assert.equal(ticket.state, 'resolved', `could not resolve ticket ${ticketId}`)
}

async function newPage(options = {}) {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'UTC', ...options })
  const page = await context.newPage()
  page.setDefaultTimeout(STEP_TIMEOUT)
  const errors = []
  page.on('pageerror', (err) => errors.push(err.message))
  return { context, page, errors }
}

/** Runs `body(page)`; on failure adds a screenshot and the server log to the error. */
async function withPage(name, options, body) {
  const { context, page, errors } = await newPage(options)
  try {
    await body(page, context)
    assert.deepEqual(errors, [], 'the page threw errors')
  } catch (err) {
    const shot = path.join(os.tmpdir(), `techdesk-e2e-portal-${name}.png`)
    await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined)
    err.message += `\n(page: ${page.url()}; screenshot: ${shot})\nserver log:\n${server.log.slice(-2000)}`
    throw err
  } finally {
    await context.close()
  }
}

async function portalSignIn(page, user) {
  await page.goto(`${baseUrl}/portal/login`)
  await page.locator(sel('portal-login-username')).fill(user.login)
  await page.locator(sel('portal-login-password')).fill(user.password)
  await page.locator(sel('portal-login-submit')).click()
  await page.waitForURL(/\/portal\/?$/)
  await page.locator(sel('portal-home')).waitFor()
}

async function waitState(page, state) {
  await page.locator(`${sel('portal-ticket-state')}[data-state="${state}"]`).waitFor()
}

/** Chooses a category path (e.g. 硬件 > 打印机) in the cascader. */
async function pickCategory(page, cascaderTest, names) {
  await page.locator(sel(cascaderTest)).click()
  for (const name of names) {
    const node = page.locator('.el-cascader-node:visible', { hasText: name })
    await node.first().click()
  }
  await page.keyboard.press('Escape').catch(() => undefined)
}

before(
  async () => {
    server = await Server.start({
      orgs: [
        { name: ORG_A, kind: 'external' },
        { name: ORG_B, kind: 'external' },
      ],
      users: [
        { ...REQUESTER, role: 'requester', org: ORG_A },
        { ...MANAGER, role: 'org_manager', org: ORG_A },
        { ...OUTSIDER, role: 'requester', org: ORG_B },
        { ...AGENT, role: 'agent_l1' },
        { ...LEAD, role: 'team_lead' },
        { ...ADMIN, role: 'admin' },
      ],
      prefix: 'techdesk-e2e-portal-',
    })
    baseUrl = server.baseUrl
    sessions.requester = await apiAs(REQUESTER)
    sessions.manager = await apiAs(MANAGER)
    sessions.outsider = await apiAs(OUTSIDER)
    sessions.agent = await apiAs(AGENT)
    sessions.lead = await apiAs(LEAD)
    sessions.admin = await apiAs(ADMIN)
    browser = await launchBrowser()
  },
  { timeout: 60_000 },
)

after(async () => {
  await browser?.close().catch(() => undefined)
  await server?.stop()
})

const loop = {}

test('the portal loads cold quickly (printed, not asserted)', { timeout: 60_000 }, async () => {
  let storageState
  await withPage('cold-login', {}, async (page, context) => {
    const start = Date.now()
    await page.goto(`${baseUrl}/portal/login`)
    await page.waitForFunction(() => {
      const button = document.querySelector('[data-test="portal-login-submit"]')
      const input = document.querySelector('[data-test="portal-login-username"]')
      return button && input && !button.disabled && button.offsetParent !== null
    })
    const loginMs = Date.now() - start
    console.log(`portal cold load: sign-in form usable after ${loginMs} ms`)

    await page.locator(sel('portal-login-username')).fill(REQUESTER.login)
    await page.locator(sel('portal-login-password')).fill(REQUESTER.password)
    const signIn = Date.now()
    await page.locator(sel('portal-login-submit')).click()
    await page.waitForURL(/\/portal\/?$/)
    await page
      .locator(`${sel('portal-ticket-row')}, ${sel('portal-ticket-list-empty')}`)
      .first()
      .waitFor()
    console.log(
      `portal cold load: home page listed after ${Date.now() - signIn} ms from signing in`,
    )
    assert.equal((await page.locator(sel('portal-user-name')).innerText()).trim(), REQUESTER.name)
    storageState = await context.storageState()
  })

  // A returning customer: a fresh browser (no cache) that still has the session cookie.
  await withPage('cold-home', { storageState }, async (page) => {
    const start = Date.now()
    await page.goto(`${baseUrl}/portal/`)
    await page
      .locator(`${sel('portal-ticket-row')}, ${sel('portal-ticket-list-empty')}`)
      .first()
      .waitFor()
    console.log(`portal cold load: home page (signed in) listed after ${Date.now() - start} ms`)
  })
})

test(
  'a requester submits, reopens, confirms and rates a request in the portal on a phone',
  { timeout: 180_000 },
  async () => {
    const requester = sessions.requester
    const myTickets = async () =>
      (await requester('GET', `/tickets?requester=${requester.user.id}&limit=100`)).body.items

    // The printer category (硬件 / 打印机) inherits the hardware form, with required fields.
    const { body: forms } = await requester('GET', '/portal/forms')
    const printerForm = forms.forms.find((f) => f.category_id === 22)
    assert.ok(printerForm, `no form for 硬件/打印机 in ${JSON.stringify(forms)}`)
    const required = printerForm.fields.filter((f) => f.required)
    assert.ok(required.length > 0, 'the printer form has no required field')

    // The server refuses a request without them, naming the field, and saves nothing.
    const refused = await requester(
      'POST',
      '/portal/requests',
      {
        subject: 'API 直接提交',
        description: '缺少必填信息',
        category_id: 22,
        urgency: 'medium',
        fields: {},
        attachments: [],
      },
      400,
    )
    assert.equal(refused.body.error.field, `fields.${required[0].key}`)
    assert.equal((await myTickets()).length, 0, 'a refused request was saved')

    const subject = `三楼打印机卡纸无法打印 portal-${Date.now().toString(36)}`
    await withPage('loop', { viewport: PHONE, isMobile: true, hasTouch: true }, async (page) => {
      await portalSignIn(page, REQUESTER)
      // The phone layout fits the screen: no sideways scrolling.
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      )
      assert.ok(overflow <= 1, `the home page is ${overflow} px wider than the phone`)

      await page.locator(sel('portal-nav-new')).click()
      await page.waitForURL(/\/portal\/new$/)
      await page.locator(sel('portal-new-subject')).fill(subject)
      await pickCategory(page, 'portal-new-category', ['硬件', '打印机'])
      for (const field of printerForm.fields) {
        await page.locator(sel(`portal-field-${field.key}`)).waitFor()
      }
      await page
        .locator(sel('portal-new-description'))
        .fill('三楼打印机（HP M404）卡纸，清理后仍提示卡纸。\n报错：13.A2.D2')
      await page.locator(sel('portal-new-urgency-high')).click()

      // An executable is refused on the attachment control; a photo of the error is taken.
      await page.locator(sel('portal-new-attachment-input')).setInputFiles({
        name: 'setup.exe',
        mimeType: 'application/x-msdownload',
        buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510, 0x90)]),
      })
      await page.locator(sel('portal-new-attachment-error'), { hasText: 'setup.exe' }).waitFor()
      await page.locator(sel('portal-new-attachment-input')).setInputFiles({
        name: '报错截图.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('13.A2.D2 卡纸\n'),
      })
      await page.locator(sel('portal-new-attachment'), { hasText: '报错截图.txt' }).waitFor()
      assert.equal(await page.locator(sel('portal-new-attachment')).count(), 1)

      // Without the required fields: shown on each, nothing sent.
      await page.locator(sel('portal-new-submit')).click()
      for (const field of required) {
        await page
          .locator(`${sel(`portal-field-item-${field.key}`)} .el-form-item__error`)
          .waitFor()
      }
      assert.match(page.url(), /\/portal\/new$/)
      assert.equal((await myTickets()).length, 0, 'the form sent a request without its fields')

      for (const field of printerForm.fields) {
        await page
          .locator(sel(`portal-field-${field.key}`))
          .fill(field.key === 'device_model' ? 'HP LaserJet M404dn' : `${field.label_en} 3F-07`)
      }
      // A double click submits once.
      await page.locator(sel('portal-new-submit')).dblclick()
      await page.waitForURL(/\/portal\/tickets\/\d+$/)
      loop.ticketId = Number(new URL(page.url()).pathname.split('/').pop())
      await page.locator(sel('portal-ticket-subject'), { hasText: subject }).waitFor()
      await waitState(page, 'new')
      await page
        .locator(sel('portal-form-value-device_model'), { hasText: 'HP LaserJet M404dn' })
        .waitFor()
      await page.locator(sel('portal-ticket-attachment'), { hasText: '报错截图.txt' }).waitFor()
      const mine = await myTickets()
      assert.equal(mine.length, 1, `expected one ticket, got ${mine.length}`)
      assert.equal(mine[0].urgency, 'high')
      loop.number = mine[0].number

      // The agent answers publicly and notes something internal; only the reply reaches the portal.
      const agent = sessions.agent
      await agent('POST', `/tickets/${loop.ticketId}/articles`, {
        kind: 'reply',
        body: '您好，工程师将于今天下午到场检查。',
      })
      await agent('POST', `/tickets/${loop.ticketId}/articles`, {
        kind: 'note',
        body: '内部：定影组件疑似老化',
      })
      // The requester answers with a photo before the agent is done.
      await page.reload()
      await page.locator(sel('portal-article'), { hasText: '工程师将于今天下午到场' }).waitFor()
      await page.locator(sel('portal-reply-body')).fill('好的，我下午都在三楼。')
      await page.locator(sel('portal-reply-attachment-input')).setInputFiles({
        name: '卡纸位置.png',
        mimeType: 'image/png',
        buffer: Buffer.from(
          'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
          'base64',
        ),
      })
      await page.locator(sel('portal-reply-attachment'), { hasText: '卡纸位置.png' }).waitFor()
      await page.locator(sel('portal-reply-submit')).click()
      const myReply = page.locator(sel('portal-article'), { hasText: '我下午都在三楼' })
      await myReply.locator(sel('portal-article-attachment'), { hasText: '卡纸位置.png' }).waitFor()

      await agentResolves(loop.ticketId, '已更换定影组件，打印恢复正常。')

      // Resolved: the resolution stands out; the requester is not satisfied and reopens.
      await page.reload()
      await waitState(page, 'resolved')
      await page.locator(sel('portal-resolution-text'), { hasText: '已更换定影组件' }).waitFor()
      await page.locator(sel('portal-article'), { hasText: '工程师将于今天下午到场' }).waitFor()
      assert.equal(
        await page.locator(sel('portal-article'), { hasText: '定影组件疑似老化' }).count(),
        0,
        'an internal note reached the portal',
      )
      await page.locator(sel('portal-reopen')).click()
      await page.locator(sel('portal-reopen-reason')).waitFor()
      await page.locator(sel('portal-reopen-confirm')).click()
      await page.locator('.el-form-item__error', { hasText: '请填写原因' }).waitFor()
      await page.locator(sel('portal-reopen-reason')).fill('仍然卡纸，第二页开始出现')
      await page.locator(sel('portal-reopen-confirm')).click()
      await waitState(page, 'reopened')

      // The agent resolves it again; this time the requester confirms.
      await agentResolves(loop.ticketId, '更换搓纸轮后连续打印 50 页正常。')
      await page.reload()
      await waitState(page, 'resolved')
      await page.locator(sel('portal-resolution-text'), { hasText: '搓纸轮' }).waitFor()
      await page.locator(sel('portal-confirm')).click()
      await waitState(page, 'closed')

      // The survey: two stars, "slow", a comment.
      await page.locator(`${sel('portal-survey')}[data-state="open"]`).waitFor()
      await page
        .locator(`${sel('portal-survey-rate')} .el-rate__item`)
        .nth(1)
        .click()
      await page.locator(sel('portal-survey-tag-slow')).click()
      await page.locator(sel('portal-survey-comment')).fill('等了两天才解决')
      await page.locator(sel('portal-survey-submit')).click()
      await page.locator(`${sel('portal-survey-answer')}[data-score="2"]`).waitFor()

      // Not satisfied overall: a complaint from the ticket page becomes a ticket of its own.
      await page.locator(sel('portal-complaint-link')).click()
      await page.waitForURL(/\/portal\/complaint/)
      await page.locator(sel('portal-complaint-subject')).fill('打印机问题处理太慢')
      await page
        .locator(sel('portal-complaint-description'))
        .fill('同一故障报修两次，前后用了两天。')
      await page.locator(sel('portal-complaint-product')).fill('HP LaserJet M404dn')
      await page.locator(sel('portal-complaint-submit')).click()
      await page.waitForURL(/\/portal\/tickets\/\d+$/)
      await page.locator(sel('portal-ticket-subject'), { hasText: '打印机问题处理太慢' }).waitFor()
      const complaintId = Number(new URL(page.url()).pathname.split('/').pop())
      assert.notEqual(complaintId, loop.ticketId)
      const { body: complaintTicket } = await requester('GET', `/tickets/${complaintId}`)
      assert.equal(complaintTicket.type, 'complaint')
    })

    // The survey as the server keeps it, and the team lead's callback task for the low score.
    const { body: survey } = await requester('GET', `/tickets/${loop.ticketId}/survey`)
    assert.equal(survey.state, 'answered')
    assert.equal(survey.response.score, 2)
    assert.deepEqual(survey.response.tags, ['slow'])
    const { body: callbacks } = await sessions.lead('GET', '/callbacks')
    const forTicket = callbacks.callbacks.filter((c) => c.ticket?.id === loop.ticketId)
    assert.ok(
      forTicket.some((c) => c.reason === 'low_score'),
      `no low_score callback for the ticket: ${JSON.stringify(callbacks)}`,
    )
    assert.ok(
      forTicket.some((c) => c.reason === 'reopen'),
      `no reopen callback for the ticket: ${JSON.stringify(forTicket)}`,
    )
  },
)

test(
  'the survey link works once without signing in; a late reopen makes a follow-up',
  { timeout: 90_000 },
  async () => {
    const requester = sessions.requester
    const { body: ticket } = await requester('POST', '/portal/requests', {
      subject: '申请开通 VPN 账号',
      description: '出差期间需要访问内网 ERP。',
      category_id: 41,
      urgency: 'low',
      fields: {},
      attachments: [],
    })
    await agentResolves(ticket.id, '已开通 VPN 账号，初始密码已短信发送。')
    await requester('POST', `/tickets/${ticket.id}/confirm`, {})
    const { body: survey } = await requester('GET', `/tickets/${ticket.id}/survey`)
    assert.equal(survey.state, 'open', JSON.stringify(survey))
    assert.ok(survey.token, 'the requester got no survey token')

    await withPage('survey-token', {}, async (page) => {
      await page.goto(`${baseUrl}/portal/survey/${encodeURIComponent(survey.token)}`)
      await page.locator(sel('portal-survey-ticket'), { hasText: ticket.number }).waitFor()
      assert.match(page.url(), /\/portal\/survey\//, 'the survey page asked for a sign-in')
      await page
        .locator(`${sel('portal-survey-rate')} .el-rate__item`)
        .nth(4)
        .click()
      await page.locator(sel('portal-survey-tag-timely')).click()
      await page.locator(sel('portal-survey-tag-professional')).click()
      await page.locator(sel('portal-survey-submit')).click()
      await page.locator(sel('portal-survey-thanks')).waitFor()

      // Opened again: already answered. A tampered link: not valid.
      await page.reload()
      await page.locator(sel('portal-survey-answered')).waitFor()
      await page.goto(`${baseUrl}/portal/survey/${encodeURIComponent(survey.token)}x`)
      await page.locator(sel('portal-survey-invalid')).waitFor()
    })

    const { body: answered } = await requester('GET', `/tickets/${ticket.id}/survey`)
    assert.equal(answered.state, 'answered')
    assert.equal(answered.response.score, 5)
    assert.deepEqual([...answered.response.tags].sort(), ['professional', 'timely'])

    // Past the reopen period (set to 0 days here), "reopen" makes a follow-up ticket; the portal
    // goes there and says so.
    const { body: settings } = await sessions.admin('GET', '/feedback/settings')
    await sessions.admin('PUT', '/feedback/settings', { ...settings, reopen_days: 0 })
    try {
      await withPage('follow-up', {}, async (page) => {
        await portalSignIn(page, REQUESTER)
        await page.goto(`${baseUrl}/portal/tickets/${ticket.id}`)
        await waitState(page, 'closed')
        await page.locator(sel('portal-reopen')).click()
        await page.locator(sel('portal-reopen-reason')).fill('VPN 又连不上了')
        await page.locator(sel('portal-reopen-confirm')).click()
        await page.locator(sel('portal-followup-notice'), { hasText: ticket.number }).waitFor()
        const followUpId = Number(new URL(page.url()).pathname.split('/').pop())
        assert.notEqual(followUpId, ticket.id)
        await page
          .locator(sel('portal-ticket-number'))
          .filter({ hasNotText: ticket.number })
          .waitFor()
        const { body: old } = await requester('GET', `/tickets/${ticket.id}`)
        assert.equal(old.state, 'closed', 'the old ticket was reopened after all')
      })
    } finally {
      await sessions.admin('PUT', '/feedback/settings', settings)
    }
  },
)

test(
  "an org manager also sees the organisation's tickets; a plain requester does not",
  { timeout: 60_000 },
  async () => {
    assert.ok(loop.ticketId, 'the request of the first test is missing')
    await withPage('org-manager', {}, async (page) => {
      await portalSignIn(page, MANAGER)
      await page.locator(sel('portal-tab-org')).click()
      const orgRow = page.locator(`${sel('portal-org-tickets')} ${sel('portal-ticket-row')}`, {
        hasText: loop.number,
      })
      await orgRow.waitFor()
      await orgRow.click()
      await page.waitForURL(new RegExp(`/portal/tickets/${loop.ticketId}$`))
      await waitState(page, 'closed')
    })
    await withPage('requester-tabs', {}, async (page) => {
      await portalSignIn(page, REQUESTER)
      await page.locator(sel('portal-ticket-row'), { hasText: loop.number }).waitFor()
      assert.equal(await page.locator(sel('portal-tab-org')).count(), 0)
    })
  },
)

test(
  'a requester of another organisation gets "not found" for the ticket',
  { timeout: 60_000 },
  async () => {
    assert.ok(loop.ticketId, 'the request of the first test is missing')
    await withPage('outsider', {}, async (page) => {
      await portalSignIn(page, OUTSIDER)
      await page.locator(sel('portal-home')).waitFor()

      await page.goto(`${baseUrl}/portal/tickets/${loop.ticketId}`)
      await page.locator(sel('portal-ticket-not-found')).waitFor()
      assert.equal(await page.locator(sel('portal-ticket-subject')).count(), 0)

      // Their own request they may cancel.
      const { body: own } = await sessions.outsider('POST', '/portal/requests', {
        subject: '会议室电视无法投屏',
        description: '二楼会议室电视无法投屏。',
        category_id: 43,
        urgency: 'medium',
        fields: {},
        attachments: [],
      })
      await page.goto(`${baseUrl}/portal/tickets/${own.id}`)
      await waitState(page, 'new')
      await page.locator(sel('portal-cancel')).click()
      await page.locator(sel('portal-cancel-reason')).fill('已自行解决')
      await page.locator(sel('portal-cancel-confirm')).click()
      await waitState(page, 'cancelled')
    })
    // Without a session, a portal address leads to the portal's own sign-in.
    await withPage('no-session', {}, async (page) => {
      await page.goto(`${baseUrl}/portal/tickets/${loop.ticketId}`)
      await page.waitForURL(/\/portal\/login\?redirect=/)
      await page.locator(sel('portal-login-submit')).waitFor()
    })
  },
)

test(
  'a customer registers with a work email of an organisation that allows it',
  { timeout: 60_000 },
  async () => {
    const { body: orgs } = await sessions.admin('GET', '/organizations?limit=100')
    const org = orgs.items.find((o) => o.name === ORG_A)
    assert.ok(org, `organisation ${ORG_A} not found`)
    await sessions.admin('PUT', `/organizations/${org.id}/registration-domains`, {
      domains: ['hdjm.example.com'],
    })
    await withPage('register', {}, async (page) => {
      await page.goto(`${baseUrl}/portal/login`)
      await page.locator(`${sel('portal-register-link')} a`).click()
      await page.waitForURL(/\/portal\/register$/)
      await page.locator(sel('portal-register-name')).fill('孙悦')
      await page.locator(sel('portal-register-email')).fill('sun.yue@gmail.example.org')
      await page.locator(sel('portal-register-password')).fill('Sun#2026pw-long')
      await page.locator(sel('portal-register-phone')).fill('13800138000')
      await page.locator(sel('portal-register-submit')).click()
      // Refused on the email field: not a domain of an organisation that allows registration.
      await page
        .locator('.el-form-item.is-error', { has: page.locator(sel('portal-register-email')) })
        .waitFor()
      assert.match(page.url(), /\/portal\/register$/)

      await page.locator(sel('portal-register-email')).fill('sun.yue@hdjm.example.com')
      await page.locator(sel('portal-register-submit')).click()
      await page.waitForURL(/\/portal\/?$/)
      await page.locator(sel('portal-user-name'), { hasText: '孙悦' }).waitFor()
      await page.locator(sel('portal-ticket-list-empty')).waitFor()
    })
  },
)
