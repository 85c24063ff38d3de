// description: An L1 agent logs a phone call as a ticket in the web UI, finds it in the ticket list,
// replies, adds an internal note, takes it into work and resolves it with a resolution note — in a
// real browser (Debian's chromium) against the real server binary on a fresh SQLite database.
//
// Run: cd tests/e2e && npm ci && node --test
// Env: TECHDESK_BIN (default ../../build/techdesk), TECHDESK_WEB_ROOT (default ../../web/dist),
//      E2E_SCREENSHOT=1 to write docs/screenshot.png (ticket list, 1440x900),
//      CHROMIUM (default /usr/bin/chromium).

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Server, launchBrowser, pickUser, sel, sleep } from './harness.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const SCREENSHOT = path.join(here, '../../docs/screenshot.png')
const TAKE_SCREENSHOT = process.env.E2E_SCREENSHOT === '1'

const AGENT = { login: 'agent1', password: 'Agent#2026pw', name: '王工' }
const REQUESTER = { login: 'user1', password: 'User#2026pw', name: '李敏' }
const ORG = '测试公司'

// Generous for a loaded 2-core machine, while the whole file stays well under a minute.
const STEP_TIMEOUT = 10_000

let server
let baseUrl
let browser

before(
  async () => {
    server = await Server.start({
      orgs: [{ name: ORG, kind: 'external' }],
      users: [
        { ...AGENT, role: 'agent_l1' },
        { ...REQUESTER, role: 'requester', org: ORG },
      ],
    })
    baseUrl = server.baseUrl
    browser = await launchBrowser()
  },
  { timeout: 45_000 },
)

after(async () => {
  await browser?.close().catch(() => undefined)
  await server?.stop()
})

/** Chooses a category path (e.g. 硬件 > 打印机) in the cascader if the server has those categories. */
async function pickCategory(page, cascaderTest, names) {
  await page.locator(sel(cascaderTest)).click()
  for (const name of names) {
    const node = page.locator('.el-cascader-node:visible', { hasText: name })
    try {
      await node.first().waitFor({ timeout: 3000 })
    } catch {
      await page.keyboard.press('Escape')
      return false
    }
    await node.first().click()
  }
  return true
}

async function stateOf(page) {
  return page.locator(sel('ticket-state')).getAttribute('data-state')
}

async function waitState(page, state) {
  await page.locator(`${sel('ticket-state')}[data-state="${state}"]`).waitFor()
}

/** Makes a few more tickets through the API so the README screenshot shows a realistic list. */
async function seedListForScreenshot(page, requesterId) {
  const me = await (await page.request.get(`${baseUrl}/api/v1/auth/me`)).json()
  const headers = { 'X-CSRF-Token': me.csrf_token ?? '' }
  const api = async (method, url, data) => {
    const answer = await page.request.fetch(`${baseUrl}/api/v1${url}`, { method, headers, data })
    assert.ok(answer.ok(), `${method} ${url} failed: ${answer.status()} ${await answer.text()}`)
    return answer.json()
  }
  // subject, impact, urgency, type, channel, assign to me?, transitions afterwards
  const samples = [
    ['咨询：笔记本电脑保修期如何查询', 'low', 'low', 'consultation', 'chat', false, []],
    ['新员工入职需要开通邮箱和 OA 账号', 'low', 'medium', 'service_request', 'email', true, []],
    [
      'ERP 报表导出 Excel 乱码',
      'medium',
      'medium',
      'incident',
      'web',
      true,
      ['in_progress', 'pending_customer'],
    ],
    ['会议室投影仪无信号', 'medium', 'high', 'incident', 'phone', true, ['in_progress']],
    [
      '财务部 VPN 无法连接，提示证书过期',
      'high',
      'high',
      'incident',
      'phone',
      true,
      ['in_progress'],
    ],
  ]
  for (const [subject, impact, urgency, type, channel, assign, moves] of samples) {
    const data = { subject, description: subject, impact, urgency, type, channel }
    if (requesterId) data.requester_id = requesterId
    if (assign) data.assignee_id = me.user.id
    const ticket = await api('POST', '/tickets', data)
    for (const to of moves) await api('POST', `/tickets/${ticket.id}/transitions`, { to })
  }
}

test(
  'an agent logs a phone ticket, replies and resolves it in the browser',
  { timeout: 60_000 },
  async () => {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      // The browser asks for English: the UI must still open in Chinese, its default.
      locale: 'en-US',
      timezoneId: 'UTC',
    })
    const page = await context.newPage()
    page.setDefaultTimeout(STEP_TIMEOUT)
    const pageErrors = []
    page.on('pageerror', (err) => pageErrors.push(err.message))

    try {
      // Login page, in Chinese by default; a wrong password is refused with a message.
      await page.goto(`${baseUrl}/tickets`)
      await page.waitForURL(/\/login/)
      assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN')
      assert.equal((await page.locator(sel('login-submit')).innerText()).trim(), '登录')
      await page.locator(sel('login-username')).fill(AGENT.login)
      await page.locator(sel('login-password')).fill('wrong-password')
      await page.locator(sel('login-submit')).click()
      await page.locator(sel('login-error'), { hasText: '用户名或密码错误' }).waitFor()

      await page.locator(sel('login-password')).fill(AGENT.password)
      await page.locator(sel('login-submit')).click()
      await page.waitForURL(/\/tickets$/)
      assert.equal((await page.locator(sel('header-user-name')).innerText()).trim(), AGENT.name)
      assert.equal((await page.locator(sel('header-user-role')).innerText()).trim(), '一线工程师')
      assert.equal((await page.locator(sel('nav-tickets')).innerText()).trim(), '工单列表')

      // Intake: the agent logs a phone call for the requester and assigns it to themself.
      const subject = `三楼打印机卡纸无法打印 e2e-${Date.now().toString(36)}`
      await page.locator(sel('new-ticket-button')).click()
      await page.waitForURL(/\/tickets\/new$/)
      await pickUser(page, 'new-ticket-requester', 'new-ticket-requester-option', REQUESTER)
      await page.locator(sel('new-ticket-channel-phone')).click()
      await page.locator(sel('new-ticket-subject')).fill(subject)
      await page
        .locator(sel('new-ticket-description'))
        .fill('用户来电：三楼打印机（HP M404）卡纸，清理后仍提示卡纸。\n报错：13.A2.D2')
      await pickCategory(page, 'new-ticket-category', ['硬件', '打印机'])
      await page.locator(sel('new-ticket-impact-medium')).click()
      await page.locator(sel('new-ticket-urgency-high')).click()
      await page.locator(sel('new-ticket-assign-me')).click()
      await page.locator(sel('new-ticket-submit')).click()
      await page.waitForURL(/\/tickets\/\d+$/)
      const detailUrl = page.url()
      await page.locator(sel('ticket-subject'), { hasText: subject }).waitFor()

      // The ticket shows up in the list; open it from there.
      await page.locator(sel('nav-tickets')).click()
      await page.waitForURL(/\/tickets$/)
      const row = page.locator(sel('ticket-row'), { hasText: subject })
      await row.waitFor()
      await row.click()
      await page.waitForURL(detailUrl)
      await page.locator(sel('ticket-subject'), { hasText: subject }).waitFor()
      assert.equal((await page.locator(sel('ticket-requester')).innerText()).trim(), REQUESTER.name)
      assert.match(await page.locator(sel('ticket-priority')).innerText(), /P2/)

      // Assigned at creation; if the server kept it new, assign it through the edit panel.
      await page.locator(sel('transition-actions')).waitFor()
      if ((await stateOf(page)) === 'new') {
        await page.locator(sel('edit-assign-me')).click()
        await page.locator(sel('edit-save')).click()
      }
      await waitState(page, 'assigned')
      assert.equal((await page.locator(sel('ticket-assignee')).innerText()).trim(), AGENT.name)

      // A public reply: plain text, line breaks kept, markup shown as text.
      const reply = '您好，已远程确认故障。\n请稍候，工程师 30 分钟内到场 <b>勿关机</b>'
      await page.locator(sel('reply-body')).fill(reply)
      await page.locator(sel('reply-submit')).click()
      const replyArticle = page.locator(`${sel('timeline-article')}[data-kind="reply"]`, {
        hasText: '已远程确认故障',
      })
      await replyArticle.waitFor()
      assert.equal(await replyArticle.locator(`${sel('article-body')} b`).count(), 0)
      assert.match(await replyArticle.locator(sel('article-body')).innerText(), /<b>勿关机<\/b>/)

      // An internal note, visibly marked.
      await page.locator(sel('reply-kind-note')).click()
      await page.locator(sel('reply-body')).fill('定影组件疑似老化，备件库有库存。')
      await page.locator(sel('reply-submit')).click()
      const note = page.locator(`${sel('timeline-article')}[data-kind="note"]`, {
        hasText: '定影组件',
      })
      await note.waitFor()
      assert.equal((await note.locator(sel('internal-note-tag')).innerText()).trim(), '内部备注')

      // Take it into work, then resolve it; the resolution note is required.
      await page.locator(sel('transition-in_progress')).click()
      await waitState(page, 'in_progress')
      await page.locator(sel('transition-resolved')).click()
      await page.locator(sel('reason-input')).waitFor()
      await page.locator(sel('reason-confirm')).click()
      await page.locator('.el-form-item__error', { hasText: '请填写原因' }).waitFor()
      await page.locator(sel('reason-input')).fill('更换定影组件后打印正常，已与用户确认。')
      await page.locator(sel('reason-confirm')).click()
      await waitState(page, 'resolved')
      assert.equal((await page.locator(sel('ticket-state')).innerText()).trim(), '已解决')

      // Back in the list, the ticket is resolved.
      if (TAKE_SCREENSHOT) {
        const ticketId = Number(new URL(detailUrl).pathname.split('/').pop())
        const ticket = await (
          await page.request.get(`${baseUrl}/api/v1/tickets/${ticketId}`)
        ).json()
        await seedListForScreenshot(page, ticket.requester_id)
      }
      await page.locator(sel('nav-tickets')).click()
      await page.waitForURL(/\/tickets$/)
      const resolvedRow = page.locator('.el-table__row', { hasText: subject })
      await resolvedRow.locator('[data-state="resolved"]', { hasText: '已解决' }).waitFor()
      assert.match(
        await resolvedRow.locator('td').last().innerText(),
        /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/,
      )
      if (TAKE_SCREENSHOT) {
        await page.mouse.move(0, 0)
        await page.locator('.el-table__row').nth(5).waitFor()
        // Toasts from the steps above are not part of the picture.
        await page.evaluate(() =>
          document.querySelectorAll('.el-message').forEach((m) => m.remove()),
        )
        await sleep(400) // let the loading mask fade out
        await page.screenshot({ path: SCREENSHOT })
      }

      // Switching to English changes visible labels, and the choice survives a reload.
      await page.locator(sel('lang-switch')).click()
      await page.locator(sel('lang-en')).click()
      await page.locator(sel('nav-tickets'), { hasText: 'Tickets' }).waitFor()
      await page.locator('.el-table__header', { hasText: 'Subject' }).waitFor()
      assert.equal(await page.locator('html').getAttribute('lang'), 'en')
      await page.reload()
      await page.locator(sel('nav-tickets'), { hasText: 'Tickets' }).waitFor()
      assert.equal((await page.locator(sel('header-user-role')).innerText()).trim(), 'L1 agent')

      assert.deepEqual(pageErrors, [], 'the page threw errors')
    } catch (err) {
      const shot = path.join(os.tmpdir(), 'techdesk-e2e-failure.png')
      await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined)
      err.message += `\n(page: ${page.url()}; screenshot: ${shot})\nserver log:\n${server.log.slice(-2000)}`
      throw err
    } finally {
      await context.close()
    }
  },
)
