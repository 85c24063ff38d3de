// description: Dispatch in the browser. The first line (一线服务台) assigns the least-loaded agent on
// duty and escalates to the second line (二线系统组), which matches skills. The team lead takes an
// agent off duty in the team admin page; a customer reports a VPN problem in the browser; without a
// reload it lands in the first-line agent's list, assigned to them, and the ticket's history says why
// (the one agent on duty with the least load). The agent escalates it to L2 through the dialog — the
// reason and what was tried are required — and the L2 agent's list shows it live, assigned by skill
// (VPN), with the hand-over note. Two L2 agents then open the same ticket: one inserts a macro (filled
// in for the ticket) and types, the other sees the collision hint live; the reply is sent and appears
// on the other's page and the customer's without a reload. An administrator sees a broken rule's last
// error, is shown the server's refusals in the rule editor and the macro dialog, and saves a rule
// that takes its place in the run order; an agent is refused a merge into a closed ticket and then
// merges a duplicate into an open one — in a real browser (Debian's chromium) against the real
// server binary on a fresh SQLite database.
//
// Run: cd tests/e2e && npm ci && node --test
// Env: TECHDESK_BIN (default ../../build/techdesk), TECHDESK_WEB_ROOT (default ../../web/dist),
//      CHROMIUM (default /usr/bin/chromium).

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import os from 'node:os'
import path from 'node:path'
import { Server, launchBrowser, sel } from './harness.mjs'

const ADMIN = { login: 'admin1', password: 'Admin#2026pw', name: '赵管理' }
const LEAD = { login: 'lead1', password: 'Lead#2026pw', name: '张组长' }
const AGENT = { login: 'agent1', password: 'Agent#2026pw', name: '王工' }
const AGENT_AWAY = { login: 'agent2', password: 'Agent#2026pw', name: '刘工' }
const L2_VPN = { login: 'agent3', password: 'Agent#2026pw', name: '赵工' }
const L2_OTHER = { login: 'agent4', password: 'Agent#2026pw', name: '孙工' }
// Named by a rule, then deactivated: the rule breaks and keeps its last error.
const GONE = { login: 'agent9', password: 'Agent#2026pw', name: '周离职' }
const REQUESTER = { login: 'user1', password: 'User#2026pw', name: '李敏' }
const ORG = '财务部'
const L1_TEAM = '一线服务台'
const L2_TEAM = '二线系统组'
const MACRO = '首次响应'

// Generous for a loaded 2-core machine, while each test stays well under a minute.
const STEP_TIMEOUT = 10_000
// Live updates arrive within a second or two; allow for a slow machine.
const LIVE_TIMEOUT = 15_000

let server
let baseUrl
let browser
let adminToken
const ids = {}

/** A request as the administrator through the API (setup only; the browser does the rest). */
async function api(method, url, body) {
  const answer = await fetch(`${baseUrl}/api/v1${url}`, {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${adminToken}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await answer.text()
  assert.ok(answer.ok, `${method} ${url} failed: ${answer.status} ${text}`)
  return text ? JSON.parse(text) : null
}

async function userId(login) {
  const page = await api('GET', `/users?q=${encodeURIComponent(login)}&limit=10`)
  const user = page.items.find((u) => u.login === login)
  assert.ok(user, `user ${login} not found`)
  return user.id
}

before(
  async () => {
    server = await Server.start({
      orgs: [{ name: ORG, kind: 'internal' }],
      users: [
        { ...ADMIN, role: 'admin' },
        { ...LEAD, role: 'team_lead' },
        { ...AGENT, role: 'agent_l1' },
        { ...AGENT_AWAY, role: 'agent_l1' },
        { ...L2_VPN, role: 'agent_l2' },
        { ...L2_OTHER, role: 'agent_l2' },
        { ...GONE, role: 'agent_l1' },
        { ...REQUESTER, role: 'requester', org: ORG },
      ],
      prefix: 'techdesk-e2e-dispatch-',
    })
    baseUrl = server.baseUrl
    const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login: ADMIN.login, password: ADMIN.password }),
    })
    const loginText = await login.text()
    assert.equal(login.status, 200, `admin login failed: ${loginText}`)
    adminToken = JSON.parse(loginText).token

    for (const u of [LEAD, AGENT, AGENT_AWAY, L2_VPN, L2_OTHER, GONE, REQUESTER])
      ids[u.login] = await userId(u.login)

    // The department's set-up, before anyone signs in (sessions carry their teams): the first line
    // assigns the least loaded and escalates to the second line, which matches skills.
    const l2 = await api('POST', '/teams', {
      name: L2_TEAM,
      member_ids: [ids[L2_VPN.login], ids[L2_OTHER.login]],
    })
    const l1 = await api('POST', '/teams', {
      name: L1_TEAM,
      member_ids: [ids[LEAD.login], ids[AGENT.login], ids[AGENT_AWAY.login], ids[GONE.login]],
    })
    ids.l1 = l1.id
    ids.l2 = l2.id
    await api('PATCH', `/teams/${l1.id}/dispatch`, {
      strategy: 'least_loaded',
      escalation_team_id: l2.id,
    })
    await api('PATCH', `/teams/${l2.id}/dispatch`, { strategy: 'skill_match' })
    // The lead does not take tickets; 刘工 is taken off duty in the browser.
    await api('PATCH', `/agents/${ids[LEAD.login]}`, { on_duty: false })
    // VPN tickets need VPN 2; only 赵工 has it.
    const categories = await api('GET', '/categories')
    const vpn = categories.items.find((c) => c.path === '网络/VPN')
    assert.ok(vpn, 'category 网络/VPN missing')
    await api('PUT', `/categories/${vpn.id}/skills`, { skills: [{ tag: 'VPN', level: 2 }] })
    await api('PATCH', `/agents/${ids[L2_VPN.login]}`, { skills: [{ tag: 'VPN', level: 3 }] })

    // 首问负责: what customers report on the web goes to the first line.
    await api('POST', '/rules', {
      name: '网页报障进入一线服务台',
      position: 10,
      trigger: 'create',
      conditions: { channels: ['web'] },
      actions: [{ kind: 'set_team', team_id: l1.id }],
    })
    // A rule that names an agent who has since left: it breaks on the next matching ticket.
    await api('POST', '/rules', {
      name: '打印机报修派给周离职',
      position: 20,
      trigger: 'create',
      conditions: { words: ['打印机'] },
      actions: [{ kind: 'set_assignee', user_id: ids[GONE.login] }],
    })
    await api('PATCH', `/users/${ids[GONE.login]}`, { active: false })
    await api('POST', '/tickets', {
      subject: '三楼打印机卡纸',
      description: '打印机卡纸，清理后仍提示卡纸。',
      channel: 'phone',
      requester_id: ids[REQUESTER.login],
    })

    await api('POST', '/macros', {
      name: MACRO,
      body: '{{requester.name}}您好，我是{{agent.name}}，已收到您的工单 {{ticket.number}}，正在处理。',
    })
    browser = await launchBrowser()
  },
  { timeout: 45_000 },
)

after(async () => {
  await browser?.close().catch(() => undefined)
  await server?.stop()
})

/** A browser context and page for one user, logged in, with page errors collected. */
async function openAs(user) {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'UTC',
  })
  const page = await context.newPage()
  page.setDefaultTimeout(STEP_TIMEOUT)
  const errors = []
  page.on('pageerror', (err) => errors.push(err.message))
  await page.goto(`${baseUrl}/login`)
  await page.locator(sel('login-username')).fill(user.login)
  await page.locator(sel('login-password')).fill(user.password)
  await page.locator(sel('login-submit')).click()
  await page.waitForURL(/\/tickets$/)
  return { context, page, errors }
}

/** On failure: a screenshot per page, the page's URL and the server's last lines. */
async function explain(err, pages) {
  const notes = []
  for (const [name, page] of Object.entries(pages)) {
    const shot = path.join(os.tmpdir(), `techdesk-e2e-dispatch-${name}.png`)
    await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined)
    notes.push(`${name}: ${page.url()} (screenshot: ${shot})`)
  }
  err.message += `\n${notes.join('\n')}\nserver log:\n${server.log.slice(-2000)}`
  return err
}

async function countOf(page) {
  return Number(await page.locator(sel('notification-count')).getAttribute('data-count'))
}

/** The list row (a table row) of the ticket with this subject. */
function rowOf(page, subject) {
  return page.locator('.el-table__row', {
    has: page.locator(sel('ticket-row'), { hasText: subject }),
  })
}

/** Chooses a category path (e.g. 网络 > VPN) in a cascader. */
async function pickCategory(page, cascaderTest, names) {
  await page.locator(sel(cascaderTest)).click()
  for (const name of names) {
    await page.locator('.el-cascader-node:visible', { hasText: name }).first().click()
  }
}

/** Picks a ticket by its number in a TicketSelect (a remote, searchable select). */
async function pickTicket(page, selectTest, optionTest, number) {
  const input = page.locator(`${sel(selectTest)} input`)
  await input.click()
  await input.fill(number)
  await page.locator(`${sel(optionTest)}[data-number="${number}"]:visible`).click()
}

test(
  'a customer request is auto-assigned in L1, escalated to L2 with reason and summary, and watchers see each step live',
  { timeout: 90_000 },
  async () => {
    const lead = await openAs(LEAD)
    const agent = await openAs(AGENT)
    const l2 = await openAs(L2_VPN)
    const customer = await openAs(REQUESTER)
    const pages = { lead: lead.page, agent: agent.page, l2: l2.page, customer: customer.page }
    try {
      // The lead sees the first line's strategy and escalation chain and takes 刘工 off duty.
      const leadPage = lead.page
      await leadPage.locator(sel('nav-teams')).click()
      await leadPage.waitForURL(/\/dispatch\/teams/)
      await leadPage.locator(`${sel('team-item')}[data-team-id="${ids.l1}"]`).click()
      await leadPage
        .locator(sel('escalation-chain'), { hasText: `${L1_TEAM} → ${L2_TEAM}` })
        .waitFor()
      assert.match(await leadPage.locator(sel('team-strategy')).innerText(), /负载最低优先/)
      const memberRow = (login) =>
        leadPage.locator('.el-table__row', {
          has: leadPage.locator(`${sel('member-row')}[data-login="${login}"]`),
        })
      const away = memberRow(AGENT_AWAY.login).locator(sel('member-duty'))
      assert.equal(await away.getAttribute('data-on'), '1')
      await away.click()
      await memberRow(AGENT_AWAY.login)
        .locator(`${sel('member-duty')}[data-on="0"]`)
        .waitFor()
      assert.equal(
        await memberRow(AGENT.login).locator(sel('member-duty')).getAttribute('data-on'),
        '1',
      )

      // The agent's unread notifications before the request comes in.
      await agent.page.locator(sel('notification-count')).waitFor()
      const agentUnread = await countOf(agent.page)

      // The customer reports a VPN problem in the browser: no team, no assignee of their choosing.
      const subject = `VPN 无法连接，提示证书过期 e2e-${Date.now().toString(36)}`
      const c = customer.page
      await c.locator(sel('new-ticket-button')).click()
      await c.waitForURL(/\/tickets\/new$/)
      assert.equal(await c.locator(sel('new-ticket-team')).count(), 0)
      await c.locator(sel('new-ticket-subject')).fill(subject)
      await c
        .locator(sel('new-ticket-description'))
        .fill('在家连公司 VPN 提示证书过期，已重启电脑。')
      await pickCategory(c, 'new-ticket-category', ['网络', 'VPN'])
      await c.locator(sel('new-ticket-submit')).click()
      await c.waitForURL(/\/tickets\/\d+$/)
      const ticketId = Number(new URL(c.url()).pathname.split('/').pop())
      await c.locator(sel('ticket-subject'), { hasText: subject }).waitFor()

      // It lands in the first line's list, assigned to the one agent on duty, without a reload;
      // the agent's bell says so.
      const agentRow = rowOf(agent.page, subject)
      await agentRow.waitFor({ timeout: LIVE_TIMEOUT })
      assert.match(await agentRow.innerText(), new RegExp(`${AGENT.name}[\\s\\S]*${L1_TEAM}`))
      assert.equal(await agentRow.locator(sel('row-tier')).count(), 0) // L1 goes unmarked
      await agent.page.waitForFunction(
        ([selector, before]) =>
          Number(document.querySelector(selector)?.getAttribute('data-count')) > before,
        [sel('notification-count'), agentUnread],
        { timeout: LIVE_TIMEOUT },
      )

      // Why him: the history says it, in the UI's words.
      const a = agent.page
      await agentRow.locator(sel('ticket-row')).click()
      await a.waitForURL(new RegExp(`/tickets/${ticketId}$`))
      await a.locator(`${sel('ticket-assignee')}`, { hasText: AGENT.name }).waitFor()
      const why = a.locator(`${sel('timeline-event')}[data-field="dispatch"]`)
      await why.waitFor()
      assert.match(
        await why.innerText(),
        /自动分派：负载最低：王工（负载 0，未结 0 张），在岗 1 人/,
      )
      assert.match(await a.locator(sel('dispatch-why')).innerText(), /王工.*在岗 1 人/)
      await a
        .locator(`${sel('timeline-event')}[data-field="rule"]`, {
          hasText: '网页报障进入一线服务台',
        })
        .waitFor()

      // The first line's lead watches the ticket too.
      await leadPage.goto(`${baseUrl}/tickets/${ticketId}`)
      await leadPage.locator(sel('ticket-subject'), { hasText: subject }).waitFor()

      // The second line does not see it yet.
      const l2List = l2.page
      await l2List.locator(sel('ticket-table')).waitFor()
      assert.equal(await rowOf(l2List, subject).count(), 0)

      // The agent escalates: the dialog names the target and insists on a reason and a summary.
      await a.locator(sel('action-escalate')).click()
      const dialog = a.locator(`${sel('handover-dialog')}:visible`)
      await dialog.waitFor()
      await dialog
        .locator(sel('escalation-target'), { hasText: `「${L1_TEAM}」升级到「${L2_TEAM}」` })
        .waitFor()
      await dialog
        .locator(sel('handover-reason'))
        .fill('证书需在 VPN 网关上重新签发，一线没有权限。')
      await dialog.locator(sel('handover-confirm')).click()
      await dialog.locator('.el-form-item__error', { hasText: '请填写已尝试的处理' }).waitFor()
      const tried = '已让用户重启电脑并重装 VPN 客户端，仍提示证书过期。'
      await dialog.locator(sel('handover-summary')).fill(tried)
      await dialog.locator(sel('handover-confirm')).click()
      // The ticket has left the first line: the agent is told and taken back to the list.
      await a.locator('.el-message', { hasText: '已交给其他团队' }).waitFor()
      await a.waitForURL(/\/tickets$/)
      // The lead's open page says the ticket has gone on to a team they cannot see.
      await leadPage
        .locator(`${sel('ticket-updated-notice')}[data-kind="gone"]`)
        .waitFor({ timeout: LIVE_TIMEOUT })

      // The second line's list shows it without a reload: at L2, assigned by skill to 赵工.
      const l2Row = rowOf(l2List, subject)
      await l2Row.waitFor({ timeout: LIVE_TIMEOUT })
      await l2Row.locator(`${sel('row-tier')}[data-tier="L2"]`).waitFor()
      assert.match(await l2Row.innerText(), new RegExp(`${L2_VPN.name}[\\s\\S]*${L2_TEAM}`))

      // The L2 agent reads the hand-over: the escalation, the reason and what was tried.
      await l2Row.locator(sel('ticket-row')).click()
      await l2List.waitForURL(new RegExp(`/tickets/${ticketId}$`))
      await l2List.locator(`${sel('ticket-tier')}[data-tier="L2"]`).waitFor()
      await l2List
        .locator(`${sel('timeline-event')}[data-field="escalation"]`, {
          hasText: `${L1_TEAM} → ${L2_TEAM}`,
        })
        .waitFor()
      const note = l2List.locator(`${sel('timeline-article')}[data-kind="note"]`, {
        hasText: '已尝试',
      })
      await note.waitFor()
      assert.match(await note.innerText(), /证书需在 VPN 网关上重新签发/)
      assert.match(await note.innerText(), /重装 VPN 客户端/)
      assert.match(
        await l2List.locator(sel('dispatch-why')).innerText(),
        /技能匹配：赵工 具备 .*VPN/,
      )

      // The customer's open page followed along without a reload.
      await c.locator(sel('ticket-team'), { hasText: L2_TEAM }).waitFor({ timeout: LIVE_TIMEOUT })

      for (const [name, p] of Object.entries({ lead, agent, l2, customer }))
        assert.deepEqual(p.errors, [], `the ${name} page threw errors`)
    } catch (err) {
      throw await explain(err, pages)
    } finally {
      for (const p of [lead, agent, l2, customer]) await p.context.close()
    }
  },
)

test(
  'two agents on one ticket: a collision hint while one replies with a macro, the reply appears for the other live',
  { timeout: 60_000 },
  async () => {
    // A ticket at the second line, assigned by skill to 赵工 (made through the API: not the point).
    const categories = await api('GET', '/categories')
    const vpn = categories.items.find((x) => x.path === '网络/VPN')
    const subject = `VPN 频繁断线 e2e-${Date.now().toString(36)}`
    const ticket = await api('POST', '/tickets', {
      subject,
      description: '每隔十分钟断一次。',
      channel: 'phone',
      requester_id: ids[REQUESTER.login],
      team_id: ids.l2,
      category_id: vpn.id,
    })
    assert.equal(ticket.assignee?.name, L2_VPN.name)

    const writer = await openAs(L2_VPN)
    const watcher = await openAs(L2_OTHER)
    const customer = await openAs(REQUESTER)
    const pages = { writer: writer.page, watcher: watcher.page, customer: customer.page }
    try {
      for (const p of [writer.page, watcher.page, customer.page]) {
        await p.goto(`${baseUrl}/tickets/${ticket.id}`)
        await p.locator(sel('ticket-subject'), { hasText: subject }).waitFor()
      }
      const w = writer.page
      const o = watcher.page
      assert.equal(await o.locator(sel('collision-hint')).count(), 0)

      // The macro, filled in for this ticket, goes into the reply box.
      await w.locator(sel('macro-picker')).click()
      await w.locator(`${sel('macro-option')}:visible`, { hasText: MACRO }).click()
      const body = w.locator(sel('reply-body'))
      await w.waitForFunction(
        (selector) => document.querySelector(selector)?.value.includes('您好'),
        `${sel('reply-body')}`,
      )
      const filled = await body.inputValue()
      assert.equal(
        filled,
        `${REQUESTER.name}您好，我是${L2_VPN.name}，已收到您的工单 ${ticket.number}，正在处理。`,
      )

      // Typing tells the other agent, live.
      await body.click()
      await w.keyboard.press('End')
      await w.keyboard.type('请稍候重新连接一次。')
      const hint = o.locator(sel('collision-hint'))
      await hint.waitFor({ timeout: LIVE_TIMEOUT })
      assert.match(await hint.innerText(), new RegExp(`${L2_VPN.name} 正在回复此工单`))
      // The customer is not told who on the staff is typing.
      assert.equal(await customer.page.locator(sel('collision-hint')).count(), 0)

      // The reply is sent: it appears on the other agent's and the customer's open pages, and the
      // hint goes away.
      await w.locator(sel('reply-submit')).click()
      await w
        .locator(`${sel('timeline-article')}[data-kind="reply"]`, { hasText: '请稍候重新连接' })
        .waitFor()
      for (const p of [o, customer.page]) {
        const article = p.locator(`${sel('timeline-article')}[data-kind="reply"]`, {
          hasText: '请稍候重新连接一次',
        })
        await article.waitFor({ timeout: LIVE_TIMEOUT })
        assert.match(await article.innerText(), new RegExp(ticket.number))
      }
      await hint.waitFor({ state: 'detached', timeout: LIVE_TIMEOUT })

      for (const [name, p] of Object.entries({ writer, watcher, customer }))
        assert.deepEqual(p.errors, [], `the ${name} page threw errors`)
    } catch (err) {
      throw await explain(err, pages)
    } finally {
      for (const p of [writer, watcher, customer]) await p.context.close()
    }
  },
)

test(
  'rule editor, macro dialog and merge dialog show the server refusals and then save',
  { timeout: 90_000 },
  async () => {
    const admin = await openAs(ADMIN)
    const agent = await openAs(AGENT)
    const pages = { admin: admin.page, agent: agent.page }
    try {
      const p = admin.page

      // The broken rule is reported with its last error.
      await p.locator(sel('nav-rules')).click()
      await p.waitForURL(/\/dispatch\/rules$/)
      const broken = p.locator(sel('rule-broken'), { hasText: '打印机报修派给周离职' })
      await broken.waitFor()
      assert.match(await broken.innerText(), /no active agent/)
      await p
        .locator('.el-table__row.row-broken', { hasText: '打印机报修派给周离职' })
        .locator(sel('rule-last-error'))
        .waitFor()

      // A rule whose action names no team is refused at that action's field.
      await p.locator(sel('rule-create')).click()
      const dialog = p.locator(`${sel('rule-dialog')}:visible`)
      await dialog.waitFor()
      await dialog.locator(sel('rule-name')).fill('投诉转二线')
      await dialog.locator(sel('rule-type-complaint')).click()
      await dialog.locator(`${sel('rule-position-input')} input`).fill('5')
      await dialog.locator(`${sel('rule-position-input')} input`).press('Tab')
      await dialog.locator(sel('rule-save')).click()
      const action = dialog.locator(sel('rule-action')).first()
      const fieldError = action.locator('.el-form-item__error')
      await fieldError.waitFor()
      assert.match(await fieldError.innerText(), /actions\[0\]\.team_id/)

      // With a team it is saved, and listed first among the creation rules (position 5 < 10).
      await action.locator(sel('rule-action-team')).click()
      await p.locator(`${sel('rule-action-team-option')}:visible`, { hasText: L2_TEAM }).click()
      await dialog.locator(sel('rule-save')).click()
      await dialog.waitFor({ state: 'hidden' })
      const names = p.locator(sel('rule-row'))
      await names.filter({ hasText: '投诉转二线' }).waitFor()
      assert.deepEqual((await names.allInnerTexts()).map((x) => x.trim()).slice(0, 3), [
        '投诉转二线',
        '网页报障进入一线服务台',
        '打印机报修派给周离职',
      ])

      // A macro with a placeholder the server does not know is refused at the text.
      await p.locator(sel('nav-macros')).click()
      await p.waitForURL(/\/dispatch\/macros$/)
      await p.locator(sel('macro-create')).click()
      const macroDialog = p.locator(`${sel('macro-dialog')}:visible`)
      await macroDialog.waitFor()
      await macroDialog.locator(sel('macro-name')).fill('请求人回访')
      await macroDialog
        .locator(sel('macro-body'))
        .fill('{{requester.nickname}}您好，请问问题解决了吗？')
      await macroDialog.locator(sel('macro-save')).click()
      const macroError = macroDialog.locator('.el-form-item__error, [data-test="form-error"]')
      await macroError.first().waitFor()
      assert.match(await macroError.first().innerText(), /requester\.nickname/)
      await macroDialog
        .locator(sel('macro-body'))
        .fill('{{requester.name}}您好，请问问题解决了吗？')
      await macroDialog.locator(sel('macro-save')).click()
      await macroDialog.waitFor({ state: 'hidden' })
      await p.locator(sel('macro-row'), { hasText: '请求人回访' }).waitFor()

      // Merging a duplicate: a closed ticket cannot take it, an open one can.
      const make = (subject) =>
        api('POST', '/tickets', {
          subject,
          description: subject,
          channel: 'phone',
          requester_id: ids[REQUESTER.login],
          team_id: ids.l1,
        })
      const tag = Date.now().toString(36)
      const duplicate = await make(`邮箱无法收信（重复）e2e-${tag}`)
      const survivor = await make(`邮箱无法收信 e2e-${tag}`)
      const closed = await make(`邮箱容量已满 e2e-${tag}`)
      await api('POST', `/tickets/${closed.id}/transitions`, {
        to: 'cancelled',
        reason: '用户已自行清理',
      })
      await api('POST', `/tickets/${duplicate.id}/articles`, {
        kind: 'reply',
        body: '收件箱一直停在昨天下午。',
      })

      const a = agent.page
      await a.goto(`${baseUrl}/tickets/${duplicate.id}`)
      await a.locator(sel('ticket-subject'), { hasText: duplicate.subject }).waitFor()
      await a.locator(sel('action-merge')).click()
      const merge = a.locator(`${sel('merge-dialog')}:visible`)
      await merge.waitFor()
      await pickTicket(a, 'merge-target', 'merge-option', closed.number)
      await merge.locator(sel('merge-preview'), { hasText: closed.number }).waitFor()
      await merge.locator(sel('merge-confirm')).click()
      await a.locator('.el-message-box__btns .el-button--primary').click()
      const mergeError = merge.locator('.el-form-item__error')
      await mergeError.waitFor()
      assert.match(await mergeError.innerText(), /cancelled.*merge into an open ticket/)
      // Nothing happened: the duplicate is still open.
      assert.notEqual(await a.locator(sel('ticket-state')).getAttribute('data-state'), 'closed')

      await pickTicket(a, 'merge-target', 'merge-option', survivor.number)
      await merge.locator(sel('merge-confirm')).click()
      await a.locator('.el-message-box__btns .el-button--primary').click()
      await a.waitForURL(new RegExp(`/tickets/${survivor.id}$`))
      await a.locator(sel('ticket-subject'), { hasText: survivor.subject }).waitFor()
      await a
        .locator(`${sel('timeline-event')}[data-field="merged_from"]`, {
          hasText: duplicate.number,
        })
        .waitFor()
      await a
        .locator(`${sel('timeline-article')}[data-kind="reply"]`, {
          hasText: '收件箱一直停在昨天下午',
        })
        .waitFor()
      const merged = await api('GET', `/tickets/${duplicate.id}`)
      assert.equal(merged.state, 'closed')

      assert.deepEqual(admin.errors, [], 'the admin page threw errors')
      assert.deepEqual(agent.errors, [], 'the agent page threw errors')
    } catch (err) {
      throw await explain(err, pages)
    } finally {
      await admin.context.close()
      await agent.context.close()
    }
  },
)
