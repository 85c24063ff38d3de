// description: A month's performance review (绩效考核) in the browser, from the manager's cycle to the
// engineer's appeal. The manager creates the cycle for last month in the web UI — the indicator table
// comes pre-filled with the department's defaults (工作完成情况 45, 专业技能 25, 服务态度 20, 解决质量 10),
// a weight changed so that they no longer sum to 100 is refused by the server with the field named,
// and put back — computes the scorecards, scores an engineer's skill level (a manual item) and
// publishes after a confirmation. The engineer opens 我的考核, reads every item with how its score was
// worked out and the total, sees until when he may appeal, and appeals his skill score with a reason.
// The manager answers the appeal with a new score; the engineer sees the answer, the score change and
// the higher total. A team lead reads the cycles without being offered to run them; the manager reads
// the quarter's warning lists. Once the appeal window has passed, the engineer may no longer appeal,
// and the page says why — in a real browser (Debian's chromium, 1280 px wide) against the real
// server binary on a fresh SQLite database.
//
// Run: cd tests/e2e && npm ci && node --test reviews.test.mjs
// Env: TECHDESK_BIN (default ../../build/techdesk), TECHDESK_WEB_ROOT (default ../../web/dist),
//      CHROMIUM (default /usr/bin/chromium).

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import os from 'node:os'
import path from 'node:path'
import { Server, apiAs, launchBrowser, sel } from './harness.mjs'

const ADMIN = { login: 'admin1', password: 'Admin#2026pw', name: '赵管理' }
const MANAGER = {
  login: 'manager1',
  password: 'Manager#2026pw',
  name: '孙经理',
}
const LEAD = { login: 'lead1', password: 'Lead#2026pw', name: '张组长' }
const ENGINEER = { login: 'agent1', password: 'Agent#2026pw', name: '王工' }
const ENGINEER2 = { login: 'agent2', password: 'Agent2#2026pw', name: '李工' }

// Generous for a loaded 2-core machine.
const STEP_TIMEOUT = 10_000
const VIEWPORT = { width: 1280, height: 900 }
// The defaults of the contract: key → weight, by group.
const DEFAULT_WEIGHTS = {
  volume: 15,
  resolution_rate: 15,
  sla_compliance: 15,
  skill_level: 10,
  certifications: 5,
  kb_articles: 10,
  csat: 10,
  complaints: 5,
  teamwork: 5,
  reopen_rate: 10,
}
const SKILL_SCORE = 80
const SKILL_APPEALED = 95
const APPEAL_REASON = '本月独立完成了核心交换机的割接方案，并通过了 HCIP 认证，技术水平评分偏低。'
const APPEAL_ANSWER = '核实属实：割接方案由你独立完成，技术水平调整为 95 分。'

let server
let baseUrl
let browser
let manager // the manager's API session (apiAs)
// Shared by the tests, which run in order: what the first one made.
const made = {}

/** "YYYY-MM" of the month `back` months before the current one, in the desk's zone (UTC+8). */
function monthBefore(back) {
  const local = new Date(Date.now() + 8 * 3_600_000)
  const d = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - back, 1))
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`
}

/** A number shown by the UI ("86.5"). */
async function numberIn(locator) {
  const text = (await locator.innerText()).trim()
  const value = Number(text)
  assert.ok(Number.isFinite(value), `not a number: "${text}"`)
  return value
}

/** Lists may come as {cycles: [...]}, {items: [...]} or a bare array. */
function listOf(body, key) {
  if (Array.isArray(body)) return body
  return body?.[key] ?? body?.items ?? []
}

before(
  async () => {
    server = await Server.start({
      users: [
        { ...ADMIN, role: 'admin' },
        { ...MANAGER, role: 'manager' },
        { ...LEAD, role: 'team_lead' },
        { ...ENGINEER, role: 'agent_l1' },
        { ...ENGINEER2, role: 'agent_l2' },
      ],
      args: ['--test-clock'],
      prefix: 'techdesk-e2e-reviews-',
    })
    baseUrl = server.baseUrl
    manager = await apiAs(baseUrl, MANAGER)
    made.engineerId = (await apiAs(baseUrl, ENGINEER)).user.id
    // Last month, unless the server already has a cycle for it (demo data): then the month before.
    const cycles = listOf((await manager('GET', '/reviews/cycles')).body, 'cycles')
    made.month = cycles.some((c) => c.month === monthBefore(1)) ? monthBefore(2) : monthBefore(1)
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
    viewport: VIEWPORT,
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
    const shot = path.join(os.tmpdir(), `techdesk-e2e-reviews-${name}.png`)
    await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined)
    notes.push(`${name}: ${page.url()} (screenshot: ${shot})`)
  }
  err.message += `\n${notes.join('\n')}\nserver log:\n${server.log.slice(-2000)}`
  return err
}

/** Opens an entry of the 绩效考核 menu group. */
async function menu(page, entry) {
  const item = page.locator(sel(entry))
  if (!(await item.isVisible())) {
    await page.locator(`${sel('nav-reviews')} .el-sub-menu__title`).click()
  }
  await item.click()
}

/** The text input of an Element Plus picker or number input carrying `data-test`. */
function inputOf(page, name) {
  return page.locator(`${sel(name)} input, input${sel(name)}`).first()
}

/** Types a month into an Element Plus month picker. */
async function pickMonth(page, name, month) {
  const input = inputOf(page, name)
  if ((await input.inputValue()) === month) return
  await input.click()
  await input.fill(month)
  await input.press('Enter')
  await page.keyboard.press('Escape')
  assert.equal(await input.inputValue(), month)
}

/** Sets an Element Plus number input (the value is taken on blur). */
async function setNumber(page, name, value) {
  const input = inputOf(page, name)
  await input.fill(String(value))
  await input.press('Tab')
}

/**
 * Moves the server's clock as the administrator, through the API. Each move logs in afresh: a
 * session lives 12 hours of server time, so one opened before a jump may be over after it.
 */
async function advanceClock(ms) {
  const admin = await apiAs(baseUrl, ADMIN)
  return (await admin('POST', '/test/clock', { advance_ms: ms })).body.now
}

/** The engineer's scorecard of the cycle, over the API. */
async function cardOf(as, month) {
  return (await as('GET', `/reviews/mine?month=${month}`)).body
}

test(
  'the manager creates the cycle with the default indicators, computes, scores and publishes',
  { timeout: 150_000 },
  async () => {
    const m = await openAs(MANAGER)
    const pages = { manager: m.page }
    try {
      const p = m.page
      await menu(p, 'nav-review-cycles')
      await p.waitForURL(/\/reviews$/)
      await p.locator(sel('review-cycle-new')).click()
      const dialog = p.locator(`${sel('review-cycle-dialog')}:visible`)
      await dialog.waitFor()

      // The indicator table holds the defaults: ten indicators, weights summing to 100.
      await pickMonth(p, 'review-cycle-month', made.month)
      for (const [index, [key, weight]] of Object.entries(DEFAULT_WEIGHTS).entries()) {
        assert.equal(await inputOf(p, `review-ind-key-${index}`).inputValue(), key)
        assert.equal(Number(await inputOf(p, `review-ind-weight-${index}`).inputValue()), weight)
      }
      const sum = p.locator(sel('review-weight-sum'))
      assert.equal(await sum.getAttribute('data-sum'), '100')
      assert.match(await sum.innerText(), /权重合计 100/)

      // Volume down to 10: the sum follows as it is typed, and the server refuses it, naming the field.
      await setNumber(p, 'review-ind-weight-0', 10)
      await p.locator(`${sel('review-weight-sum')}[data-sum="95"]`).waitFor()
      assert.match(await sum.innerText(), /95/)
      await p.locator(sel('review-cycle-save')).click()
      const failure = p.locator(sel('review-form-error'))
      await failure.waitFor()
      assert.equal(await failure.getAttribute('data-field'), 'indicators')
      assert.match(await failure.innerText(), /考核指标/)
      const refused = listOf((await manager('GET', '/reviews/cycles')).body, 'cycles')
      assert.ok(!refused.some((c) => c.month === made.month), 'a refused cycle was saved')

      // Put back, it is created as a draft.
      await setNumber(p, 'review-ind-weight-0', 15)
      await p.locator(`${sel('review-weight-sum')}[data-sum="100"]`).waitFor()
      await p.locator(sel('review-cycle-save')).click()
      await dialog.waitFor({ state: 'hidden' })
      await p.locator(`${sel(`review-cycle-state-${made.month}`)}[data-state="draft"]`).waitFor()
      const cycle = listOf((await manager('GET', '/reviews/cycles')).body, 'cycles').find(
        (c) => c.month === made.month,
      )
      assert.ok(cycle, 'the cycle is not listed by the API')
      made.cycleId = cycle.id
      assert.equal(cycle.indicators.length, 10)
      assert.equal(
        cycle.indicators.reduce((s, i) => s + i.weight, 0),
        100,
      )

      // Compute, then open the ranking: both engineers are there, with a chart of the totals.
      await p.locator(sel(`review-cycle-compute-${made.month}`)).click()
      await p.locator('.el-message--success', { hasText: `已计算 ${made.month}` }).waitFor()
      await p.locator(sel(`review-cycle-open-${made.month}`)).click()
      await p.waitForURL(new RegExp(`/reviews/cycles/${made.cycleId}$`))
      const ranking = p.locator(sel('review-ranking'))
      await ranking.locator(sel('review-ranking-engineer'), { hasText: ENGINEER.name }).waitFor()
      await ranking.locator(sel('review-ranking-engineer'), { hasText: ENGINEER2.name }).waitFor()
      await p.locator(`${sel('review-chart')} svg`).waitFor()

      // The engineer's scorecard: the manager scores his skill level (a manual item).
      await ranking.locator(sel('review-ranking-engineer'), { hasText: ENGINEER.name }).click()
      await p.waitForURL(/\/reviews\/scorecards\/\d+$/)
      made.cardId = Number(new URL(p.url()).pathname.split('/').pop())
      await p.locator(sel('review-engineer'), { hasText: ENGINEER.name }).waitFor()
      for (const group of ['work_completion', 'skill', 'attitude', 'quality']) {
        await p.locator(sel(`review-group-${group}`)).waitFor()
      }
      assert.match(
        await p.locator(sel('review-group-work_completion')).innerText(),
        /工作完成情况（45%）/,
      )
      assert.match(await p.locator(sel('review-group-skill')).innerText(), /专业技能（25%）/)
      assert.match(await p.locator(sel('review-group-attitude')).innerText(), /服务态度（20%）/)
      assert.match(await p.locator(sel('review-group-quality')).innerText(), /解决质量（10%）/)
      // Computed items are not scored by hand; manual ones are, while the cycle is a draft.
      assert.equal(await p.locator(sel('review-item-edit-volume')).count(), 0)
      await p.locator(sel('review-item-edit-skill_level')).click()
      const itemDialog = p.locator(`${sel('review-item-dialog')}:visible`)
      await itemDialog.waitFor()
      await setNumber(p, 'review-item-score-input', SKILL_SCORE)
      await p.locator(sel('review-item-note-input')).fill('能独立处理二线网络故障')
      await p.locator(sel('review-item-save')).click()
      await itemDialog.waitFor({ state: 'hidden' })
      await p
        .locator(sel('review-item-score-skill_level'), {
          hasText: String(SKILL_SCORE),
        })
        .waitFor()
      await p.locator(sel('review-item-weighted-skill_level'), { hasText: '8' }).waitFor()
      await p
        .locator(sel('review-item-note-skill_level'), {
          hasText: '能独立处理二线网络故障',
        })
        .waitFor()
      const card = (await manager('GET', `/reviews/scorecards/${made.cardId}`)).body
      assert.equal(card.items.find((i) => i.key === 'skill_level').score, SKILL_SCORE)
      assert.equal(
        await numberIn(p.locator(sel('review-total'))),
        Math.round(card.total * 100) / 100,
      )

      // Publishing is refused while manual items are unscored: the cycle stays a draft.
      await p.locator(sel('review-card-back')).click()
      await p.waitForURL(new RegExp(`/reviews/cycles/${made.cycleId}$`))
      await menu(p, 'nav-review-cycles')
      await p.waitForURL(/\/reviews$/)
      const publish = async () => {
        await p.locator(sel(`review-cycle-publish-${made.month}`)).click()
        const box = p.locator('.el-message-box')
        await box.waitFor()
        assert.match(await box.innerText(), /申诉/)
        await p.locator('.el-message-box__btns .el-button--primary').click()
        await box.waitFor({ state: 'hidden' })
      }
      await publish()
      await p.locator('.el-message--error').waitFor()
      assert.equal(
        await p.locator(sel(`review-cycle-state-${made.month}`)).getAttribute('data-state'),
        'draft',
      )
      // The other manual items of every scorecard, scored over the API; then published, after a
      // confirmation.
      const { scorecards } = (await manager('GET', `/reviews/cycles/${made.cycleId}/scorecards`))
        .body
      for (const row of scorecards) {
        const full = (await manager('GET', `/reviews/scorecards/${row.id}`)).body
        for (const item of full.items.filter((i) => i.source === 'manual' && i.score === null)) {
          await manager('PUT', `/reviews/scorecards/${row.id}/items/${item.key}`, {
            score: 85,
            note: '',
          })
        }
      }
      await publish()
      await p
        .locator(`${sel(`review-cycle-state-${made.month}`)}[data-state="published"]`)
        .waitFor()
      assert.notEqual(
        (await p.locator(sel(`review-cycle-until-${made.month}`)).innerText()).trim(),
        '—',
      )
      // Published: no more computing or publishing.
      assert.equal(await p.locator(sel(`review-cycle-compute-${made.month}`)).count(), 0)
      assert.deepEqual(m.errors, [])
    } catch (err) {
      throw await explain(err, pages)
    } finally {
      await m.context.close()
    }
  },
)

test(
  'the engineer reads his scorecard with how each score was computed and appeals an item',
  { timeout: 120_000 },
  async () => {
    const e = await openAs(ENGINEER)
    const pages = { engineer: e.page }
    try {
      const p = e.page
      // An engineer reads his own scorecard only: no cycles, no warning list.
      await menu(p, 'nav-review-mine')
      await p.waitForURL(/\/reviews\/mine/)
      assert.equal(await p.locator(sel('nav-review-cycles')).count(), 0)
      assert.equal(await p.locator(sel('nav-review-warnings')).count(), 0)
      await pickMonth(p, 'review-mine-month', made.month)
      await p.waitForURL(new RegExp(`month=${made.month}`))
      await p.locator(`${sel('review-scorecard')}[data-id="${made.cardId}"]`).waitFor()

      const engineer = await apiAs(baseUrl, ENGINEER)
      const card = await cardOf(engineer, made.month)
      assert.equal(card.id, made.cardId)
      // Every item says how its score was worked out; the total is the server's.
      for (const key of Object.keys(DEFAULT_WEIGHTS)) {
        const explained = p.locator(sel(`review-item-explain-${key}`))
        const text = (await explained.innerText()).trim()
        assert.ok(text.length > 0 && text !== '—', `no explanation for ${key}`)
      }
      assert.match(
        await p.locator(sel('review-item-explain-volume')).innerText(),
        /[\u4e00-\u9fff]/,
      )
      made.totalBefore = await numberIn(p.locator(sel('review-total')))
      assert.equal(made.totalBefore, Math.round(card.total * 100) / 100)
      assert.match(await p.locator(sel('review-rank')).innerText(), /第 \d+ 名 \/ 共 \d+ 人/)
      assert.match(
        await p.locator(sel('review-appeal-until')).innerText(),
        /申诉截止 \d{4}-\d{2}-\d{2}/,
      )
      await p
        .locator(sel('review-item-score-skill_level'), {
          hasText: String(SKILL_SCORE),
        })
        .waitFor()
      // Published: the self-assessment is read, no longer written.
      assert.equal(await p.locator(sel('review-self-text')).count(), 0)

      // The appeal needs a reason.
      await p.locator(sel('review-item-appeal-skill_level')).click()
      const dialog = p.locator(`${sel('review-appeal-dialog')}:visible`)
      await dialog.waitFor()
      await p.locator(sel('review-appeal-submit')).click()
      await p.locator(sel('review-appeal-error'), { hasText: '请填写申诉理由' }).waitFor()
      await p.locator(sel('review-appeal-reason-input')).fill(APPEAL_REASON)
      await p.locator(sel('review-appeal-submit')).click()
      await dialog.waitFor({ state: 'hidden' })
      const appeals = p.locator(sel('review-appeals'))
      await appeals.locator(sel('review-appeal-reason'), { hasText: APPEAL_REASON }).waitFor()
      await appeals
        .locator(`${sel('review-appeal-state')}[data-state="open"]`, {
          hasText: '待答复',
        })
        .waitFor()
      // One open appeal per item: the button now says why it is off.
      const again = p.locator(sel('review-item-appeal-skill_level'))
      assert.ok(await again.isDisabled())
      assert.match((await again.getAttribute('data-blocked')) ?? '', /待答复/)
      assert.deepEqual(e.errors, [])
    } catch (err) {
      throw await explain(err, pages)
    } finally {
      await e.context.close()
    }
  },
)

test(
  'the manager answers the appeal with a new score; the engineer sees the answer and the new total',
  { timeout: 120_000 },
  async () => {
    const m = await openAs(MANAGER)
    const e = await openAs(ENGINEER)
    const pages = { manager: m.page, engineer: e.page }
    try {
      const p = m.page
      await p.goto(`${baseUrl}/reviews/scorecards/${made.cardId}`)
      const appeals = p.locator(sel('review-appeals'))
      await appeals.locator(sel('review-appeal-reason'), { hasText: APPEAL_REASON }).waitFor()
      await appeals.locator('[data-test^="review-appeal-answer-"]').click()
      const dialog = p.locator(`${sel('review-answer-dialog')}:visible`)
      await dialog.waitFor()
      await p.locator(sel('review-answer-text')).fill(APPEAL_ANSWER)
      await setNumber(p, 'review-answer-score', SKILL_APPEALED)
      await p.locator(sel('review-answer-submit')).click()
      await dialog.waitFor({ state: 'hidden' })
      await appeals.locator(`${sel('review-appeal-state')}[data-state="answered"]`).waitFor()
      await p
        .locator(sel('review-item-score-skill_level'), {
          hasText: String(SKILL_APPEALED),
        })
        .waitFor()

      // The engineer: the answer, the score change and the total, 1.5 points higher (weight 10 %).
      const q = e.page
      await q.goto(`${baseUrl}/reviews/mine?month=${made.month}`)
      const mine = q.locator(sel('review-appeals'))
      await mine.locator(sel('review-appeal-answer'), { hasText: APPEAL_ANSWER }).waitFor()
      await mine
        .locator(`${sel('review-appeal-state')}[data-state="answered"]`, {
          hasText: '已答复',
        })
        .waitFor()
      assert.equal(
        (await mine.locator(sel('review-appeal-change')).innerText()).trim(),
        `${SKILL_SCORE} → ${SKILL_APPEALED}`,
      )
      await q
        .locator(sel('review-item-score-skill_level'), {
          hasText: String(SKILL_APPEALED),
        })
        .waitFor()
      const totalAfter = await numberIn(q.locator(sel('review-total')))
      assert.equal(Math.round((totalAfter - made.totalBefore) * 10) / 10, 1.5)
      const card = await cardOf(await apiAs(baseUrl, ENGINEER), made.month)
      assert.equal(totalAfter, Math.round(card.total * 100) / 100)

      // In English, the same scorecard: group heads, the window and the explanations.
      await q.locator(sel('lang-switch')).click()
      await q.locator(`${sel('lang-en')}:visible`).click()
      await q
        .locator(sel('review-group-work_completion'), {
          hasText: 'Work completion (45 %)',
        })
        .waitFor()
      assert.match(await q.locator(sel('review-appeal-until')).innerText(), /Appeals until/)
      assert.match(await q.locator(sel('review-item-explain-volume')).innerText(), /[A-Za-z]/)
      assert.deepEqual(m.errors, [])
      assert.deepEqual(e.errors, [])
    } catch (err) {
      throw await explain(err, pages)
    } finally {
      await m.context.close()
      await e.context.close()
    }
  },
)

test(
  'a team lead reads the cycles without running them; the manager reads the warning lists',
  { timeout: 90_000 },
  async () => {
    const l = await openAs(LEAD)
    const m = await openAs(MANAGER)
    const pages = { lead: l.page, manager: m.page }
    try {
      const p = l.page
      await menu(p, 'nav-review-cycles')
      await p.waitForURL(/\/reviews$/)
      await p
        .locator(`${sel(`review-cycle-state-${made.month}`)}[data-state="published"]`)
        .waitFor()
      assert.equal(await p.locator(sel('review-cycle-new')).count(), 0)
      assert.equal(await p.locator(sel(`review-cycle-publish-${made.month}`)).count(), 0)
      assert.equal(await p.locator(sel('nav-review-warnings')).count(), 0)
      // The warning list is the managers': a team lead typing its address lands elsewhere.
      await p.goto(`${baseUrl}/reviews/warnings`)
      await p.waitForURL((url) => !url.pathname.startsWith('/reviews/warnings'))

      const q = m.page
      await menu(q, 'nav-review-warnings')
      await q.waitForURL(/\/reviews\/warnings\?quarter=\d{4}-Q[1-4]/)
      await q.locator(sel('review-warnings')).waitFor()
      await q.locator(sel('review-bottom')).waitFor()
      const quarter = new URL(q.url()).searchParams.get('quarter')
      assert.match(await q.locator(sel('review-bottom')).innerText(), new RegExp(quarter))
      assert.deepEqual(l.errors, [])
      assert.deepEqual(m.errors, [])
    } catch (err) {
      throw await explain(err, pages)
    } finally {
      await l.context.close()
      await m.context.close()
    }
  },
)

test(
  'after the appeal window the engineer is told until when he could appeal, and may no longer',
  { timeout: 90_000 },
  async () => {
    // The window is 5 calendar days from publication; 6 days later it is over.
    await advanceClock(6 * 24 * 3_600_000)
    const e = await openAs(ENGINEER)
    const pages = { engineer: e.page }
    try {
      const p = e.page
      await p.goto(`${baseUrl}/reviews/mine?month=${made.month}`)
      await p.locator(`${sel('review-scorecard')}[data-id="${made.cardId}"]`).waitFor()
      const closed = p.locator(sel('review-appeal-closed'))
      await closed.waitFor()
      assert.match(await closed.innerText(), /申诉期已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 结束/)
      assert.equal(await p.locator(sel('review-appeal-until')).count(), 0)
      // Every appeal button is off, and says why.
      const button = p.locator(sel('review-item-appeal-teamwork'))
      assert.ok(await button.isDisabled())
      assert.match((await button.getAttribute('data-blocked')) ?? '', /申诉期已于/)
      // The server agrees: too late, naming the field.
      const engineer = await apiAs(baseUrl, ENGINEER)
      const late = await engineer(
        'POST',
        `/reviews/scorecards/${made.cardId}/appeals`,
        { item: 'teamwork', reason: '补充申诉' },
        409,
      )
      assert.equal(late.body.error.field, 'appeal_until')
      assert.deepEqual(e.errors, [])
    } catch (err) {
      throw await explain(err, pages)
    } finally {
      await e.context.close()
    }
  },
)
