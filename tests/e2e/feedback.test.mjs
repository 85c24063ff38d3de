// description: Closing the loop on the agents' side, in the browser. A first-line agent takes a
// customer's complaint on the phone and logs it in the web UI; it lands in the complaint officer's
// queue, who walks it through the department's fixed procedure — 登记, 判定, 处理决定, 执行, 反馈客户,
// 结案 — each step shown with who did it and when, and each in the complaint ticket's history. The
// complaint opened a callback (投诉回访) for the team lead, who finds it on the callbacks page, records
// that the customer was reached, and sees it move to the done ones; the lead may convert a ticket to a
// complaint from its page but only reads the procedure. The administrator changes the auto-close days
// in the feedback settings and the change survives a reload; a team lead reads the settings without
// being offered to save — in a real browser (Debian's chromium) against the real server binary on a
// fresh SQLite database.
//
// Run: cd tests/e2e && npm ci && node --test feedback.test.mjs
// Env: TECHDESK_BIN (default ../../build/techdesk), TECHDESK_WEB_ROOT (default ../../web/dist),
//      CHROMIUM (default /usr/bin/chromium).

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import os from 'node:os'
import path from 'node:path'
import { Server, apiAs, launchBrowser, pickUser, sel } from './harness.mjs'

const ADMIN = { login: 'admin1', password: 'Admin#2026pw', name: '赵管理' }
const LEAD = { login: 'lead1', password: 'Lead#2026pw', name: '张组长' }
const OFFICER = { login: 'officer1', password: 'Officer#2026pw', name: '陈专员' }
const AGENT = { login: 'agent1', password: 'Agent#2026pw', name: '王工' }
const ENGINEER = { login: 'field1', password: 'Field#2026pw', name: '刘工' }
const REQUESTER = { login: 'user1', password: 'User#2026pw', name: '李敏' }
const ORG = '华东制造'

// Generous for a loaded 2-core machine.
const STEP_TIMEOUT = 10_000
// "2026-03-02 14:05": how the UI writes a time.
const TIME = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/

let server
let baseUrl
let browser
let admin // the administrator's API session (apiAs)
const ids = {}
// Shared by the tests, which run in order: what the first one made.
const made = {}

/** A request as the administrator through the API (setup and checks; the browser does the rest). */
async function api(method, url, body) {
  return (await admin(method, url, body)).body
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
      orgs: [{ name: ORG, kind: 'external' }],
      users: [
        { ...ADMIN, role: 'admin' },
        { ...LEAD, role: 'team_lead' },
        { ...OFFICER, role: 'complaint_officer' },
        { ...AGENT, role: 'agent_l1' },
        { ...ENGINEER, role: 'field_engineer' },
        { ...REQUESTER, role: 'requester', org: ORG },
      ],
      prefix: 'techdesk-e2e-feedback-',
    })
    baseUrl = server.baseUrl
    admin = await apiAs(baseUrl, ADMIN)
    for (const u of [LEAD, OFFICER, AGENT, ENGINEER, REQUESTER])
      ids[u.login] = await userId(u.login)

    // The ticket the customer will complain about: an on-site repair by 刘工 that went badly.
    const related = await api('POST', '/tickets', {
      subject: '生产线工控机蓝屏，上门维修后仍反复重启',
      description: '三号产线工控机蓝屏，现场工程师更换内存后仍反复重启。',
      channel: 'phone',
      type: 'incident',
      requester_id: ids[REQUESTER.login],
      assignee_id: ids[ENGINEER.login],
    })
    made.related = related
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
    const shot = path.join(os.tmpdir(), `techdesk-e2e-feedback-${name}.png`)
    await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined)
    notes.push(`${name}: ${page.url()} (screenshot: ${shot})`)
  }
  err.message += `\n${notes.join('\n')}\nserver log:\n${server.log.slice(-2000)}`
  return err
}

/** Picks a ticket by its number in a TicketSelect (a remote, searchable select). */
async function pickTicket(page, selectTest, optionTest, number) {
  const input = page.locator(`${sel(selectTest)} input`)
  await input.click()
  await input.fill(number)
  await page.locator(`${sel(optionTest)}[data-number="${number}"]:visible`).click()
}

/** Chooses an option of a plain Element Plus select by the option's data-test. */
async function choose(page, selectTest, optionTest) {
  await page.locator(sel(selectTest)).click()
  await page.locator(`${sel(optionTest)}:visible`).click()
}

const STEPS = [
  ['register', '登记', 'registered'],
  ['judge', '判定', 'judged'],
  ['decide', '处理决定', 'decided'],
  ['act', '执行', 'acted'],
  ['feedback', '反馈客户', 'feedback_given'],
  ['close', '结案', 'closed'],
]

test(
  'a phone complaint logged by an agent goes to the officer, who walks it through the six steps',
  { timeout: 120_000 },
  async () => {
    const agent = await openAs(AGENT)
    const officer = await openAs(OFFICER)
    const pages = { agent: agent.page, officer: officer.page }
    try {
      // The agent does not read the complaint queue, but logs the customer's call there.
      const a = agent.page
      await a.locator(sel('nav-complaints')).click()
      await a.waitForURL(/\/complaints$/)
      await a.locator(sel('complaint-queue-hidden')).waitFor()
      await a.locator(sel('complaint-log')).click()
      await a.locator(`${sel('complaint-log-dialog')}:visible`).waitFor()
      // The form insists on the complainant, the subject and what the complaint is.
      await a.locator(sel('complaint-log-submit')).click()
      await a.locator('.el-form-item__error', { hasText: '请选择投诉人' }).waitFor()
      await pickUser(a, 'complaint-log-requester', 'complaint-log-requester-option', REQUESTER)
      const subject = `投诉：工控机维修后仍反复重启 e2e-${Date.now().toString(36)}`
      await a.locator(sel('complaint-log-subject')).fill(subject)
      await a
        .locator(sel('complaint-log-description'))
        .fill('客户来电：工程师上门两次仍未修好，产线停工两天，要求尽快解决并说明原因。')
      await pickTicket(
        a,
        'complaint-log-related',
        'complaint-log-related-option',
        made.related.number,
      )
      await a.locator(sel('complaint-log-product')).fill('研华 IPC-610 工控机')
      await a.locator(sel('complaint-log-fault')).fill('蓝屏后反复重启')
      await choose(a, 'complaint-log-warranty', 'complaint-log-warranty-in_warranty')
      await a.locator(sel('complaint-log-submit')).click()
      await a.locator('.el-message', { hasText: '投诉已登记' }).waitFor()
      // The agent lands on the complaint's ticket: a ticket of type complaint, assigned to the officer.
      await a.waitForURL(/\/tickets\/\d+$/)
      await a.locator(sel('ticket-subject'), { hasText: subject }).waitFor()
      assert.equal((await a.locator(sel('ticket-type')).innerText()).trim(), '投诉')
      const ticketId = Number(new URL(a.url()).pathname.split('/').pop())
      const number = (await a.locator(sel('ticket-number')).innerText()).trim()
      made.complaintTicket = { id: ticketId, number, subject }
      assert.equal((await a.locator(sel('ticket-assignee')).innerText()).trim(), OFFICER.name)
      // A complaint ticket is not converted again.
      assert.equal(await a.locator(sel('action-convert-complaint')).count(), 0)

      // The officer's queue has it, new, from the phone.
      const o = officer.page
      await o.locator(sel('nav-complaints')).click()
      await o.waitForURL(/\/complaints$/)
      const row = o.locator('.el-table__row', {
        has: o.locator(`${sel('complaint-row')}[data-number="${number}"]`),
      })
      await row.waitFor()
      await row.locator('[data-stage="new"]', { hasText: '待登记' }).waitFor()
      assert.match(await row.innerText(), /电话/)
      assert.match(await row.innerText(), new RegExp(REQUESTER.name))
      // Filtering by another stage hides it; by its own shows it.
      await choose(o, 'complaint-stage-filter', 'complaint-stage-option-judged')
      await row.waitFor({ state: 'detached' })
      await choose(o, 'complaint-stage-filter', 'complaint-stage-option-new')
      await row.waitFor()

      await row.locator(sel('complaint-subject')).click()
      await o.waitForURL(/\/complaints\/\d+$/)
      made.complaintId = Number(new URL(o.url()).pathname.split('/').pop())
      await o.locator(sel('complaint-subject'), { hasText: subject }).waitFor()
      assert.equal(
        (await o.locator(sel('complaint-related')).innerText()).trim(),
        `${made.related.number} ${made.related.subject}`,
      )
      assert.equal(await o.locator(sel('complaint-source')).getAttribute('data-source'), 'phone')
      assert.equal(
        await o.locator(sel('complaint-step-register')).getAttribute('data-status'),
        'process',
      )

      // 登记: what the agent wrote down is prefilled; the engineer of the related ticket is involved
      // already, and the officer adds the agent who took the first call.
      await o.locator(`${sel('step-form')}[data-step="register"]`).waitFor()
      assert.equal(await o.locator(sel('step-product')).inputValue(), '研华 IPC-610 工控机')
      await o.locator(`${sel('step-engineer-tag')}[data-id="${ids[ENGINEER.login]}"]`).waitFor()
      await pickUser(o, 'step-engineer', 'step-engineer-option', AGENT)
      await o.locator(`${sel('step-engineer-tag')}[data-id="${ids[AGENT.login]}"]`).waitFor()
      await o.locator(sel('step-fault')).fill('蓝屏（0x0000007E）后反复重启，更换内存无效')

      const texts = {
        judge: '维修未找到根因，两次上门未修复，客户诉求合理。',
        decide: '更换主板并延长整机保修一年，由二线工程师负责。',
        act: '已于次日上门更换主板，连续运行 48 小时无重启。',
        feedback:
          '李女士您好：经核实，您反映的问题属实。我们已更换主板并延长保修一年，给您带来不便深表歉意。',
        close: '客户确认问题解决，接受处理方案，投诉结案。',
      }
      for (const [step, label, stage] of STEPS) {
        const form = o.locator(`${sel('step-form')}[data-step="${step}"]`)
        await form.waitFor()
        assert.equal(
          (await o.locator(sel('step-form-title')).innerText()).trim(),
          `当前步骤：${label}`,
        )
        if (step === 'judge') {
          await choose(o, 'step-verdict', 'step-verdict-justified')
          await o.locator(sel('step-judgement')).fill(texts.judge)
        } else if (step === 'decide') {
          await o.locator(sel('step-decision')).fill(texts.decide)
        } else if (step === 'act') {
          await o.locator(sel('step-action')).fill(texts.act)
        } else if (step === 'feedback') {
          // The form does not send an empty answer to the customer.
          await o.locator(sel('step-submit')).click()
          await o.locator('.el-form-item__error', { hasText: '请填写此项' }).waitFor()
          await o.locator(sel('step-feedback')).fill(texts.feedback)
        } else if (step === 'close') {
          await o.locator(sel('step-summary')).fill(texts.close)
        }
        await o.locator(sel('step-submit')).click()
        await o.locator(`${sel('complaint-stage')}[data-stage="${stage}"]`).waitFor()
        // The step bar shows the step done, by whom and when.
        const bar = o.locator(sel(`complaint-step-${step}`))
        assert.equal(await bar.getAttribute('data-status'), 'finish')
        const who = (await bar.locator(sel('complaint-step-who')).innerText()).trim()
        assert.ok(who.startsWith(OFFICER.name), `step ${step} shows ${who}`)
        assert.match(who, TIME)
      }
      await o.locator(sel('complaint-finished'), { hasText: '投诉已结案' }).waitFor()
      assert.equal(await o.locator(sel('step-form')).count(), 0)
      assert.match(await o.locator(sel('complaint-engineers')).innerText(), /刘工.*王工|王工.*刘工/)

      // Every recorded step: who and when, in order.
      const records = o.locator(sel('complaint-step-record'))
      assert.equal(await records.count(), 6)
      for (let i = 0; i < STEPS.length; i++) {
        const r = records.nth(i)
        assert.equal(await r.getAttribute('data-step'), STEPS[i][0])
        assert.equal(
          (await r.locator(sel('complaint-step-record-actor')).innerText()).trim(),
          OFFICER.name,
        )
        assert.match(await r.locator(sel('complaint-step-record-at')).innerText(), TIME)
      }
      assert.match(await records.nth(4).innerText(), /经核实，您反映的问题属实/)

      // The complaint ticket's history has each step; the ticket itself is closed.
      const events = await api('GET', `/tickets/${ticketId}/events`)
      const steps = events.items.filter((e) => e.field === 'complaint_step')
      assert.deepEqual(
        steps.map((e) => e.after),
        STEPS.map((s) => s[2]),
      )
      for (const e of steps) assert.equal(e.actor_id, ids[OFFICER.login])
      const closed = await api('GET', `/tickets/${ticketId}`)
      assert.equal(closed.state, 'closed')

      // On the complaint's ticket page: a way back to the procedure and the survey sent at closing.
      await o.locator(sel('complaint-ticket')).click()
      await o.waitForURL(new RegExp(`/tickets/${ticketId}$`))
      await o.locator(sel('ticket-survey')).waitFor()
      assert.equal(await o.locator(sel('ticket-survey-state')).getAttribute('data-state'), 'open')
      await o.locator(sel('action-open-complaint')).click()
      await o.waitForURL(new RegExp(`/complaints/${made.complaintId}$`))

      assert.deepEqual(agent.errors, [], 'the agent page threw errors')
      assert.deepEqual(officer.errors, [], 'the officer page threw errors')
    } catch (err) {
      throw await explain(err, pages)
    } finally {
      await agent.context.close()
      await officer.context.close()
    }
  },
)

test(
  "the complaint's callback is on the team lead's list; the lead records that the customer was reached",
  { timeout: 90_000 },
  async () => {
    assert.ok(made.complaintTicket, 'the complaint test did not run')
    const lead = await openAs(LEAD)
    const pages = { lead: lead.page }
    try {
      const l = lead.page
      const { number } = made.complaintTicket
      await l.locator(sel('nav-callbacks')).click()
      await l.waitForURL(/\/callbacks/)
      const rowIn = (tab) =>
        l.locator(`${sel('callback-table')}[data-tab="${tab}"] .el-table__row`, {
          has: l.locator(`${sel('callback-row')}[data-ticket="${number}"]`),
        })

      // Mine (the lead is its assignee): a complaint callback to the complainant, due in 24 hours.
      const mine = rowIn('mine')
      await mine.waitFor()
      await mine.locator('[data-reason="complaint"]', { hasText: '投诉回访' }).waitFor()
      assert.equal(
        (await mine.locator(sel('callback-customer')).innerText()).trim(),
        REQUESTER.name,
      )
      assert.equal((await mine.locator(sel('callback-assignee')).innerText()).trim(), LEAD.name)
      assert.equal(await mine.locator(sel('callback-due')).getAttribute('data-overdue'), '0')
      assert.match(await mine.locator(sel('callback-due')).innerText(), TIME)
      const callbackId = Number(await mine.locator(sel('callback-row')).getAttribute('data-id'))

      // In everyone's open ones too.
      await l.locator(sel('callback-tab-open')).click()
      await rowIn('open').waitFor()

      // The outcome: reached is a choice the dialog insists on; notes and the follow-up go with it.
      await rowIn('open').locator(sel('callback-record')).click()
      await l.locator(`${sel('callback-outcome-dialog')}:visible`).waitFor()
      await l.locator(sel('callback-outcome-save')).click()
      await l.locator('.el-form-item__error', { hasText: '请选择回访结果' }).waitFor()
      await l.locator(sel('callback-outcome-reached')).click()
      await l
        .locator(sel('callback-outcome-notes'))
        .fill('已致电李女士，对处理结果满意，产线运行正常。')
      await l.locator(sel('callback-outcome-follow-up')).fill('一个月后再回访一次。')
      await l.locator(sel('callback-outcome-save')).click()
      await l.locator('.el-message', { hasText: '回访已完成' }).waitFor()
      await rowIn('open').waitFor({ state: 'detached' })

      // It moved to the done ones, with the outcome and who recorded it.
      await l.locator(sel('callback-tab-done')).click()
      const done = rowIn('done')
      await done.waitFor()
      await done
        .locator(`${sel('callback-outcome-text')}[data-outcome="reached"]`, {
          hasText: '已联系上',
        })
        .waitFor()
      assert.match(await done.innerText(), /对处理结果满意/)
      assert.match(await done.innerText(), /后续措施：一个月后再回访一次。/)
      assert.match(await done.innerText(), new RegExp(LEAD.name))
      await l.locator(sel('callback-tab-mine')).click()
      await l.locator(`${sel('callback-table')}[data-tab="mine"]`).waitFor()
      assert.equal(await rowIn('mine').count(), 0)

      const saved = await api('GET', `/callbacks/${callbackId}`)
      assert.equal(saved.state, 'done')
      assert.equal(saved.outcome, 'reached')
      assert.equal(saved.done_by.id, ids[LEAD.login])

      // The lead converts the original ticket to a complaint from its page and reads the
      // procedure, which only complaint officers and managers work.
      await l.goto(`${baseUrl}/tickets/${made.related.id}`)
      await l.locator(sel('ticket-subject'), { hasText: made.related.subject }).waitFor()
      await l.locator(sel('action-convert-complaint')).click()
      await l.locator('.el-message-box__btns .el-button--primary').click()
      await l.waitForURL(/\/complaints\/\d+$/)
      await l.locator(sel('complaint-subject'), { hasText: made.related.subject }).waitFor()
      assert.equal(
        await l.locator(sel('complaint-source')).getAttribute('data-source'),
        'converted',
      )
      await l.locator(sel('complaint-read-only')).waitFor()
      assert.equal(await l.locator(sel('step-form')).count(), 0)

      assert.deepEqual(lead.errors, [], 'the lead page threw errors')
    } catch (err) {
      throw await explain(err, pages)
    } finally {
      await lead.context.close()
    }
  },
)

test(
  'the administrator changes the auto-close days and the change persists; a lead only reads',
  { timeout: 60_000 },
  async () => {
    const admin = await openAs(ADMIN)
    const lead = await openAs(LEAD)
    const pages = { admin: admin.page, lead: lead.page }
    try {
      const p = admin.page
      await p.locator(sel('nav-feedback-settings')).click()
      await p.waitForURL(/\/admin\/feedback/)
      const days = p.locator(`${sel('settings-auto-close')} input`)
      await p.waitForFunction(
        (selector) => document.querySelector(selector)?.value === '3',
        `${sel('settings-auto-close')} input`,
      )
      await days.fill('5')
      await p.locator(sel('settings-save')).click()
      await p.locator('.el-message', { hasText: '设置已保存' }).waitFor()
      assert.equal((await api('GET', '/feedback/settings')).auto_close_working_days, 5)

      await p.reload()
      await p.waitForFunction(
        (selector) => document.querySelector(selector)?.value === '5',
        `${sel('settings-auto-close')} input`,
      )

      const l = lead.page
      await l.locator(sel('nav-feedback-settings')).click()
      await l.waitForURL(/\/admin\/feedback/)
      await l.locator(sel('settings-read-only')).waitFor()
      await l.waitForFunction(
        (selector) => document.querySelector(selector)?.value === '5',
        `${sel('settings-auto-close')} input`,
      )
      assert.equal(await l.locator(sel('settings-save')).count(), 0)

      assert.deepEqual(admin.errors, [], 'the admin page threw errors')
      assert.deepEqual(lead.errors, [], 'the lead page threw errors')
    } catch (err) {
      throw await explain(err, pages)
    } finally {
      await admin.context.close()
      await lead.context.close()
    }
  },
)
