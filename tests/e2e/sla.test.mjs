// description: SLA in the browser. On a weekday at 10:00 (Asia/Shanghai, set through the test clock)
// an L1 agent logs a ticket for an internal requester: the list shows its SLA on track and the
// detail says the 内部员工 policy applies. Two hours later (server time, moved through the API) the
// first response is overdue: without a reload the agent's list turns the badge red, the team lead's
// notification bell counts the breach, and the lead opens the ticket from the notification while the
// agent's unsent reply survives the lead's note. An administrator edits the internal policy's P3
// first-response target, recomputes open tickets, finds 2026-10-01 among the PRC holidays and is
// shown the server's error next to an overlapping working interval — in a real browser (Debian's
// chromium) against the real server binary (`serve --test-clock`) on a fresh SQLite database.
//
// Run: cd tests/e2e && npm ci && node --test
// Env: TECHDESK_BIN (default ../../build/techdesk), TECHDESK_WEB_ROOT (default ../../web/dist),
//      CHROMIUM (default /usr/bin/chromium).

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import os from 'node:os'
import path from 'node:path'
import { Server, launchBrowser, pickUser, sel } from './harness.mjs'

const ADMIN = { login: 'admin1', password: 'Admin#2026pw', name: '赵管理' }
const AGENT = { login: 'agent1', password: 'Agent#2026pw', name: '王工' }
const LEAD = { login: 'lead1', password: 'Lead#2026pw', name: '张组长' }
const REQUESTER = { login: 'user1', password: 'User#2026pw', name: '李敏' }
const ORG = '财务部'

// Tuesday 1 December 2026, 10:00 in Shanghai: a working day, an hour before the internal policy's
// one-hour first response comes due.
const START = '2026-12-01T10:00:00+08:00'
const TWO_HOURS = 2 * 3600 * 1000

// Generous for a loaded 2-core machine, while each test stays well under a minute.
const STEP_TIMEOUT = 10_000
// Live updates arrive within a second or two; allow for the scheduler's pass and a slow machine.
const LIVE_TIMEOUT = 15_000

let server
let baseUrl
let browser

/**
 * Moves the server's clock as the administrator, through the API. Each move logs in afresh: a
 * session lives 12 hours of server time, so one opened before a jump may be over after it.
 */
async function moveClock(body) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: ADMIN.login, password: ADMIN.password }),
  })
  const loginText = await login.text()
  assert.equal(login.status, 200, `admin login failed: ${loginText}`)
  const { token } = JSON.parse(loginText)
  const answer = await fetch(`${baseUrl}/api/v1/test/clock`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  })
  const text = await answer.text()
  assert.equal(answer.status, 200, `moving the clock failed: ${text}`)
  return JSON.parse(text).now
}

before(
  async () => {
    server = await Server.start({
      orgs: [{ name: ORG, kind: 'internal' }],
      users: [
        { ...ADMIN, role: 'admin' },
        { ...AGENT, role: 'agent_l1' },
        { ...LEAD, role: 'team_lead' },
        { ...REQUESTER, role: 'requester', org: ORG },
      ],
      args: ['--test-clock'],
      prefix: 'techdesk-e2e-sla-',
    })
    baseUrl = server.baseUrl
    // Before anyone logs in in the browser: sessions count server time.
    await moveClock({ to: START })
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

/** Types a time into a working-hours field (a filterable select) and takes it. */
async function setTime(page, field, value) {
  await field.click()
  await page.keyboard.type(value)
  await page.keyboard.press('Enter')
}

async function countOf(page) {
  return Number(await page.locator(sel('notification-count')).getAttribute('data-count'))
}

/** On failure: a screenshot per page, the page's URL and the server's last lines. */
async function explain(err, pages) {
  const notes = []
  for (const [name, page] of Object.entries(pages)) {
    const shot = path.join(os.tmpdir(), `techdesk-e2e-sla-${name}.png`)
    await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined)
    notes.push(`${name}: ${page.url()} (screenshot: ${shot})`)
  }
  err.message += `\n${notes.join('\n')}\nserver log:\n${server.log.slice(-2000)}`
  return err
}

test(
  'a breached first response turns the badge red live and reaches the team lead',
  { timeout: 60_000 },
  async () => {
    const agent = await openAs(AGENT)
    const lead = await openAs(LEAD)
    const pages = { agent: agent.page, lead: lead.page }
    try {
      const page = agent.page

      // Intake for an internal requester: the 内部员工 policy holds it, and says why.
      const subject = `财务系统登录报错 e2e-${Date.now().toString(36)}`
      await page.locator(sel('new-ticket-button')).click()
      await page.waitForURL(/\/tickets\/new$/)
      await pickUser(page, 'new-ticket-requester', 'new-ticket-requester-option', REQUESTER)
      await page.locator(sel('new-ticket-subject')).fill(subject)
      await page.locator(sel('new-ticket-description')).fill('登录财务系统时提示"证书无效"。')
      await page.locator(sel('new-ticket-submit')).click()
      await page.waitForURL(/\/tickets\/\d+$/)
      const ticketId = Number(new URL(page.url()).pathname.split('/').pop())
      await page.locator(sel('ticket-subject'), { hasText: subject }).waitFor()
      await page.locator(sel('sla-why'), { hasText: '内部员工' }).waitFor()
      assert.match(await page.locator(sel('sla-policy')).innerText(), /内部员工/)
      await page.locator(`${sel('sla-panel')} ${sel('sla-badge')}[data-state="ok"]`).waitFor()

      // In the list the SLA is on track, with the time left; sorting by time left is in the address.
      await page.locator(sel('nav-tickets')).click()
      await page.waitForURL(/\/tickets$/)
      const row = page.locator('.el-table__row', { hasText: subject })
      const badge = row.locator(sel('sla-badge'))
      const badgeIn = (state) => row.locator(`${sel('sla-badge')}[data-state="${state}"]`)
      await badgeIn('ok').waitFor()
      assert.match(await badge.innerText(), /剩余/)
      await page.locator('th.col-sla .sort-caret.ascending').click()
      await page.waitForURL(/[?&]sort=sla_due\b/)
      await badgeIn('ok').waitFor()

      // The team lead has nothing yet.
      await lead.page.locator(sel('notification-count')).waitFor()
      assert.equal(await countOf(lead.page), 0)

      // Two hours later the first response (due 11:00) is overdue. Nobody reloads anything.
      await moveClock({ advance_ms: TWO_HOURS })

      await badgeIn('breached').waitFor({ timeout: LIVE_TIMEOUT })
      assert.match(await badge.innerText(), /超时/)

      await lead.page.waitForFunction(
        (selector) => Number(document.querySelector(selector)?.getAttribute('data-count')) >= 1,
        sel('notification-count'),
        { timeout: LIVE_TIMEOUT },
      )
      const unreadBefore = await countOf(lead.page)

      // The agent starts a reply on the ticket meanwhile.
      await row.locator(sel('ticket-row')).click()
      await page.waitForURL(new RegExp(`/tickets/${ticketId}$`))
      const draft = '正在远程排查证书问题，请稍候。'
      await page.locator(sel('reply-body')).fill(draft)

      // The lead opens the breach from the bell and lands on the ticket.
      await lead.page.locator(sel('notification-bell')).click()
      const item = lead.page.locator(
        `${sel('notification-item')}[data-ticket-id="${ticketId}"][data-kind="sla.breached"]`,
      )
      await item.waitFor()
      assert.match(await item.innerText(), /首次响应已超时/)
      await item.click()
      await lead.page.waitForURL(new RegExp(`/tickets/${ticketId}$`))
      await lead.page.locator(sel('ticket-subject'), { hasText: subject }).waitFor()
      await lead.page
        .locator(`${sel('timeline-event')}[data-field="sla_first_response"]`, {
          hasText: '首次响应已超时',
        })
        .waitFor()
      await lead.page
        .locator(`${sel('timeline-event')}[data-field="sla_escalation"]`, { hasText: '二线' })
        .waitFor()
      await lead.page.waitForFunction(
        ([selector, before]) =>
          Number(document.querySelector(selector)?.getAttribute('data-count')) === before - 1,
        [sel('notification-count'), unreadBefore],
      )

      // The lead adds an internal note: the agent's page says so and keeps the unsent reply.
      await lead.page.locator(sel('reply-kind-note')).click()
      await lead.page.locator(sel('reply-body')).fill('已督办，请优先处理。')
      await lead.page.locator(sel('reply-submit')).click()
      const notice = page.locator(sel('ticket-updated-notice'))
      await notice.waitFor({ timeout: LIVE_TIMEOUT })
      assert.match(await notice.innerText(), /他人更新.*回复已保留/)
      await page
        .locator(`${sel('timeline-article')}[data-kind="note"]`, { hasText: '已督办' })
        .waitFor()
      assert.equal(await page.locator(sel('reply-body')).inputValue(), draft)

      assert.deepEqual(agent.errors, [], 'the agent page threw errors')
      assert.deepEqual(lead.errors, [], 'the lead page threw errors')
    } catch (err) {
      throw await explain(err, pages)
    } finally {
      await agent.context.close()
      await lead.context.close()
    }
  },
)

test(
  'an administrator edits a policy target, recomputes, and is told about an overlapping interval',
  { timeout: 60_000 },
  async () => {
    const admin = await openAs(ADMIN)
    const page = admin.page
    try {
      // The internal policy's P3 first response: 60 → 45 minutes.
      await page.locator(sel('nav-sla-policies')).click()
      await page.waitForURL(/\/sla\/policies$/)
      const row = page.locator('.el-table__row', { hasText: '内部员工' })
      const p3 = row.locator(sel('policy-target-P3-first_response'))
      await p3.waitFor()
      assert.equal(await p3.getAttribute('data-minutes'), '60')
      await row.locator(sel('policy-edit')).click()
      const dialog = page.locator(`${sel('policy-dialog')}:visible`)
      await dialog.waitFor()
      const target = dialog.locator(`${sel('target-P3-first_response')} input`)
      await target.fill('45')
      await target.press('Tab')
      await dialog.locator(sel('policy-save')).click()
      await dialog.waitFor({ state: 'hidden' })
      await row.locator(`${sel('policy-target-P3-first_response')}[data-minutes="45"]`).waitFor()
      assert.equal((await p3.innerText()).trim(), '45 分钟')

      // Open tickets follow after a recomputation, a background job with a progress bar.
      await page.locator(sel('sla-recompute')).click()
      await page.locator(`${sel('recompute-job')}[data-state="done"]`).waitFor()

      // The PRC calendar knows National Day 2026; an overlapping interval is refused and shown
      // where it is.
      await page.locator(sel('nav-calendars')).click()
      await page.waitForURL(/\/sla\/calendars$/)
      await page.locator(sel('calendar-row'), { hasText: '中国大陆' }).click()
      await page.waitForURL(/\/sla\/calendars\/\d+$/)
      const holiday = page.locator(`${sel('holiday-row')}[data-date="2026-10-01"]`)
      await holiday.waitFor()
      assert.equal(
        await holiday.locator('xpath=ancestor::tr').locator(sel('day-name')).inputValue(),
        '国庆节',
      )
      const monday = page.locator(`${sel('interval')}[data-day="monday"]`)
      assert.equal(await monday.count(), 2)
      await page.locator(sel('interval-add-monday')).click()
      const added = monday.nth(2)
      await setTime(page, added.locator(sel('interval-start')), '10:00')
      await setTime(page, added.locator(sel('interval-end')), '11:00')
      await page.locator(sel('calendar-save')).click()
      const error = added.locator(sel('field-error'))
      await error.waitFor()
      assert.match(await error.innerText(), /overlaps/)
      assert.equal(
        await page.locator(sel('form-error')).getAttribute('data-field'),
        'week.monday[2]',
      )

      assert.deepEqual(admin.errors, [], 'the page threw errors')
    } catch (err) {
      throw await explain(err, { admin: page })
    } finally {
      await admin.context.close()
    }
  },
)
