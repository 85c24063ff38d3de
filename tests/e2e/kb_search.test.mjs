// description: The knowledge base and search in the browser. An agent writes a public article about a
// printer fault, with a word no other text holds, and submits it for review; a team lead publishes
// it. The agent presses "/" anywhere, types the word into the header's search box and finds the
// article among the results with the word highlighted (<mark>). A requester starts a new ticket, and
// while the subject is typed the article is suggested; "this solved my problem" records the deflection
// and takes the requester back to the ticket list without filing anything — the agent sees the
// deflection counted on the article. An article whose body carries a <script> and an <img onerror>
// renders in the reader (and as a search snippet) without running either. From a ticket's page the
// agent starts an article prefilled from the ticket, which is linked to it; unlinked, the article is
// found through the panel's article search and linked again — in a real browser
// (Debian's chromium) against the real server binary on a fresh SQLite database.
//
// Run: cd tests/e2e && npm ci && node --test kb_search.test.mjs
// Env: TECHDESK_BIN (default ../../build/techdesk), TECHDESK_WEB_ROOT (default ../../web/dist),
//      CHROMIUM (default /usr/bin/chromium).

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import os from 'node:os'
import path from 'node:path'
import { Server, launchBrowser, sel, sleep } from './harness.mjs'

const AGENT = { login: 'agent1', password: 'Agent#2026pw', name: '王工' }
const LEAD = { login: 'lead1', password: 'Lead#2026pw', name: '张组长' }
const REQUESTER = { login: 'user1', password: 'User#2026pw', name: '李敏' }
const ORG = '财务部'

// A word no other text holds (letters only: the tokenizer keeps it whole).
const WORD = `zebratoner${Date.now().toString(36).replace(/\d/g, '')}`
const XSS_WORD = `mongoosepaper${Date.now().toString(36).replace(/\d/g, '')}`

// Generous for a loaded 2-core machine, while each test stays well under a minute.
const STEP_TIMEOUT = 10_000

let server
let baseUrl
let browser
const opened = []

before(
  async () => {
    server = await Server.start({
      orgs: [{ name: ORG, kind: 'internal' }],
      users: [
        { ...AGENT, role: 'agent_l1' },
        { ...LEAD, role: 'team_lead' },
        { ...REQUESTER, role: 'requester', org: ORG },
      ],
      prefix: 'techdesk-e2e-kb-',
    })
    baseUrl = server.baseUrl
    browser = await launchBrowser()
  },
  { timeout: 45_000 },
)

after(async () => {
  for (const context of opened) await context.close().catch(() => undefined)
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
  opened.push(context)
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

/** The API as the page's signed-in user (cookie session, CSRF token on writes). */
async function apiAs(page) {
  const me = await (await page.request.get(`${baseUrl}/api/v1/auth/me`)).json()
  const headers = { 'X-CSRF-Token': me.csrf_token ?? '' }
  return async (method, url, data) => {
    const answer = await page.request.fetch(`${baseUrl}/api/v1${url}`, { method, headers, data })
    const text = await answer.text()
    assert.ok(answer.ok(), `${method} ${url} failed: ${answer.status()} ${text}`)
    return text ? JSON.parse(text) : null
  }
}

/** On failure: a screenshot per page, the page's URL and the server's last lines. */
async function explain(err, pages) {
  const notes = []
  for (const [name, page] of Object.entries(pages)) {
    const shot = path.join(os.tmpdir(), `techdesk-e2e-kb-${name}.png`)
    await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined)
    notes.push(`${name}: ${page.url()} (screenshot: ${shot})`)
  }
  err.message += `\n${notes.join('\n')}\nserver log:\n${server.log.slice(-2000)}`
  return err
}

async function kbState(page) {
  return page.locator(sel('kb-state')).getAttribute('data-state')
}

test(
  'an agent writes an article, a team lead publishes it, search finds it, and it answers a requester before a ticket is filed',
  { timeout: 90_000 },
  async () => {
    const agent = await openAs(AGENT)
    const lead = await openAs(LEAD)
    const customer = await openAs(REQUESTER)
    const pages = { agent: agent.page, lead: lead.page, customer: customer.page }
    try {
      // The agent writes a public article in the editor and saves it: the editor stays open on
      // the saved article and previews the server's rendering.
      const a = agent.page
      await a.locator(sel('nav-kb')).click()
      await a.waitForURL(/\/kb$/)
      await a.locator(sel('kb-create')).click()
      await a.waitForURL(/\/kb\/new$/)
      const title = `打印机卡纸后提示 ${WORD} 错误的处理方法`
      await a.locator(sel('kb-editor-title')).fill(title)
      await a
        .locator(sel('kb-editor-body'))
        .fill(
          `## 现象\n\n打印机卡纸，清理后面板仍提示 **${WORD}** 错误。\n\n## 处理\n\n1. 关机，取出硒鼓\n2. 清理进纸辊后重新开机\n`,
        )
      await a.locator(sel('kb-editor-visibility-public')).click()
      const tags = a.locator(`${sel('kb-editor-tags')} input`)
      await tags.fill('打印机')
      await tags.press('Enter')
      await a.locator(sel('kb-editor-save')).click()
      await a.waitForURL(/\/kb\/\d+\/edit$/)
      const articleId = Number(new URL(a.url()).pathname.split('/')[2])
      await a.locator(`${sel('kb-editor-preview')} strong`, { hasText: WORD }).waitFor()

      // It is a draft; the agent submits it for review.
      await a.locator(sel('kb-editor-view')).click()
      await a.waitForURL(new RegExp(`/kb/${articleId}$`))
      await a.locator(sel('kb-title'), { hasText: title }).waitFor()
      assert.equal(await kbState(a), 'draft')
      assert.equal(await a.locator(sel('kb-publish')).count(), 0) // agents do not publish
      await a.locator(sel('kb-submit')).click()
      await a.locator(`${sel('kb-state')}[data-state="review"]`).waitFor()

      // The team lead publishes it.
      const l = lead.page
      await l.goto(`${baseUrl}/kb/${articleId}`)
      await l.locator(`${sel('kb-state')}[data-state="review"]`).waitFor()
      await l.locator(sel('kb-publish')).click()
      await l.locator(`${sel('kb-state')}[data-state="published"]`).waitFor()
      await l.locator('.el-message', { hasText: '文章已发布' }).waitFor()

      // Back on the ticket list, the agent presses "/" and types: the header's search box takes it.
      await a.goto(`${baseUrl}/tickets`)
      await a.locator(sel('ticket-table')).waitFor()
      await a.keyboard.press('/')
      const focused = await a.evaluate(
        () => !!document.activeElement?.closest('[data-test="global-search"]'),
      )
      assert.ok(focused, '"/" did not focus the search box')
      await a.keyboard.type(WORD)
      await a.keyboard.press('Enter')
      await a.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('q') === WORD)
      const hit = a.locator(`${sel('search-result')}[data-type="article"][data-id="${articleId}"]`)
      await hit.waitFor()
      assert.match(await hit.locator(sel('search-result-title')).innerText(), new RegExp(WORD))
      const mark = hit.locator(`${sel('search-result-snippet')} mark`)
      await mark.first().waitFor()
      assert.equal((await mark.first().innerText()).toLowerCase(), WORD)
      await hit.locator('.kb-state-tag[data-state="published"]').waitFor()

      // Ctrl+K reaches the box even from another field.
      await a.locator(sel('search-page-q')).click()
      await a.keyboard.press('Control+k')
      assert.ok(
        await a.evaluate(() => !!document.activeElement?.closest('[data-test="global-search"]')),
        'Ctrl+K did not focus the search box',
      )
      await a.keyboard.press('Escape')

      // The result opens the article.
      await hit.locator(sel('search-result-title')).click()
      await a.waitForURL(new RegExp(`/kb/${articleId}$`))
      await a.locator(sel('kb-title'), { hasText: title }).waitFor()

      // A requester starts a new ticket: while the subject is typed the article is suggested.
      const c = customer.page
      await c.locator(sel('nav-new-ticket')).click()
      await c.waitForURL(/\/tickets\/new$/)
      await c.locator(sel('new-ticket-subject')).pressSequentially(`打印机 ${WORD}`, {
        delay: 20,
      })
      const suggestion = c.locator(`${sel('kb-suggestion')}[data-article-id="${articleId}"]`)
      await suggestion.waitFor()
      assert.match(await suggestion.locator(sel('kb-suggestion-title')).innerText(), /打印机卡纸/)
      assert.equal(
        await suggestion.locator(sel('kb-suggestion-title')).getAttribute('target'),
        '_blank',
      )

      // It answers the question: no ticket is filed and the requester is back on the list.
      await suggestion.locator(sel('kb-suggestion-solved')).click()
      await c.waitForURL(/\/tickets$/)
      await c.locator('.el-message', { hasText: '无需提交工单' }).waitFor()
      await c.locator(sel('ticket-table')).waitFor()
      const filed = await (await apiAs(c))('GET', `/tickets?q=${WORD}`)
      assert.deepEqual(filed.items, [], 'a ticket was filed after all')

      // The requester reads the published article and finds it helpful.
      await c.goto(`${baseUrl}/kb/${articleId}`)
      await c.locator(sel('kb-title'), { hasText: title }).waitFor()
      assert.equal(await c.locator(sel('kb-actions')).count(), 0)
      await c.locator(sel('kb-helpful-yes')).click()
      await c.locator(`${sel('kb-helpful-yes')}[data-count="1"]`).waitFor()

      // The agent sees the deflection and the vote counted on the article.
      await a.reload()
      await a.locator(sel('kb-deflections'), { hasText: '1' }).waitFor()
      await a.locator(`${sel('kb-helpful-yes')}[data-count="1"]`).waitFor()

      for (const p of [agent, lead, customer]) assert.deepEqual(p.errors, [])
    } catch (err) {
      throw await explain(err, pages)
    }
  },
)

test(
  'a script or an event handler in an article body does not run in the reader or in search results',
  { timeout: 60_000 },
  async () => {
    const agent = await openAs(AGENT)
    const pages = { agent: agent.page }
    try {
      const a = agent.page
      const api = await apiAs(a)
      const article = await api('POST', '/kb/articles', {
        title: `XSS 检查 ${XSS_WORD}`,
        body: [
          `正文 ${XSS_WORD} 开始。`,
          '',
          '<script>window.__x=1</script>',
          '',
          '<img src=x onerror="window.__y=1">',
          '',
          '[点我](javascript:window.__z=1)',
          '',
          `<a href="#" onclick="window.__w=1">${XSS_WORD} 链接</a>`,
        ].join('\n'),
      })

      await a.goto(`${baseUrl}/kb/${article.id}`)
      const body = a.locator(sel('kb-body'))
      await body.waitFor()
      await body.locator('text=正文').first().waitFor()
      // Give a broken image time to fire its error event.
      await sleep(800)
      const seen = await a.evaluate(() => ({
        x: window.__x,
        y: window.__y,
        z: window.__z,
        w: window.__w,
      }))
      assert.deepEqual(seen, { x: undefined, y: undefined, z: undefined, w: undefined })
      assert.equal(await body.locator('script').count(), 0)
      for (const img of await body.locator('img').all()) {
        assert.equal(await img.getAttribute('onerror'), null)
      }
      for (const link of await body.locator('a').all()) {
        assert.equal(await link.getAttribute('onclick'), null)
        assert.doesNotMatch((await link.getAttribute('href')) ?? '', /^\s*javascript:/i)
        await link.click().catch(() => undefined)
      }
      assert.deepEqual(await a.evaluate(() => [window.__x, window.__y, window.__z, window.__w]), [
        undefined,
        undefined,
        undefined,
        undefined,
      ])

      // The same body as a search snippet: text and <mark>, nothing else.
      await a.goto(`${baseUrl}/search?q=${XSS_WORD}&type=article`)
      const hit = a.locator(`${sel('search-result')}[data-id="${article.id}"]`)
      await hit.waitFor()
      const snippet = hit.locator(sel('search-result-snippet'))
      if ((await snippet.count()) > 0) {
        const tags = await snippet.evaluate((el) =>
          [...el.querySelectorAll('*')].map((x) => x.tagName.toLowerCase()),
        )
        assert.ok(
          tags.every((tag) => tag === 'mark'),
          `snippet holds ${tags.join(', ')}`,
        )
      }
      await sleep(300)
      assert.deepEqual(await a.evaluate(() => [window.__x, window.__y, window.__z, window.__w]), [
        undefined,
        undefined,
        undefined,
        undefined,
      ])
      assert.deepEqual(agent.errors, [])
    } catch (err) {
      throw await explain(err, pages)
    }
  },
)

test(
  'from a ticket an agent starts an article prefilled from it, unlinks it and links it again by searching',
  { timeout: 60_000 },
  async () => {
    const agent = await openAs(AGENT)
    const pages = { agent: agent.page }
    try {
      const a = agent.page
      const api = await apiAs(a)
      const subject = `会议室投影仪无信号 ${WORD}`
      const ticket = await api('POST', '/tickets', {
        subject,
        description: '投影仪接 HDMI 后无信号，换线无效。',
        channel: 'phone',
      })

      await a.goto(`${baseUrl}/tickets/${ticket.id}`)
      const panel = a.locator(sel('ticket-kb-panel'))
      await panel.waitFor()
      await panel.locator(sel('ticket-kb-create')).click()
      await a.waitForURL(new RegExp(`/kb/new\\?from_ticket=${ticket.id}$`))
      await a.locator(sel('kb-editor-from-ticket'), { hasText: ticket.number }).waitFor()
      const titleInput = a.locator(sel('kb-editor-title'))
      await a.waitForFunction(
        (selector) => (document.querySelector(selector)?.value ?? '') !== '',
        sel('kb-editor-title'),
      )
      assert.match(await titleInput.inputValue(), /投影仪/)
      assert.match(await a.locator(sel('kb-editor-body')).inputValue(), /HDMI/)
      await a.locator(sel('kb-editor-save')).click()
      await a.waitForURL(/\/kb\/\d+\/edit$/)
      const articleId = Number(new URL(a.url()).pathname.split('/')[2])
      await a.locator(sel('kb-editor-view')).click()
      await a.locator(sel('kb-source-ticket'), { hasText: ticket.number }).waitFor()

      // Back on the ticket: the article written from it is linked to it.
      await a.goto(`${baseUrl}/tickets/${ticket.id}`)
      await panel.waitFor()
      const row = panel.locator(`${sel('ticket-kb-article')}[data-article-id="${articleId}"]`)
      await row.waitFor()

      // Unlinked, it is found again by searching the knowledge base from the panel and linked back.
      await row.locator(sel('ticket-kb-unlink')).click()
      await a.locator('.el-message-box__btns .el-button--primary').click()
      await row.waitFor({ state: 'detached' })
      const input = panel.locator(`${sel('ticket-kb-select')} input`)
      await input.click()
      await input.fill('投影仪')
      await a.locator(`${sel('ticket-kb-option')}[data-article-id="${articleId}"]:visible`).click()
      await panel.locator(sel('ticket-kb-link')).click()
      await row.waitFor()
      assert.deepEqual(agent.errors, [])
    } catch (err) {
      throw await explain(err, pages)
    }
  },
)

/** A small valid PNG (one red pixel). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC',
  'base64',
)

test(
  'an agent attaches a screenshot to an article: it is inserted into the text and downloads from the reader; an executable is refused',
  { timeout: 60_000 },
  async () => {
    const agent = await openAs(AGENT)
    const pages = { agent: agent.page }
    try {
      const a = agent.page
      const api = await apiAs(a)
      const article = await api('POST', '/kb/articles', {
        title: `带截图的文章 ${WORD}`,
        body: '打印机面板截图如下。\n',
      })
      await a.goto(`${baseUrl}/kb/${article.id}/edit`)
      await a.locator(sel('kb-editor-title')).waitFor()
      const file = a.locator(`${sel('kb-editor-upload')} input[type=file]`)
      await file.setInputFiles({ name: 'panel.png', mimeType: 'image/png', buffer: PNG })
      await a.locator(sel('kb-editor-attachment'), { hasText: 'panel.png' }).waitFor()
      assert.match(
        await a.locator(sel('kb-editor-body')).inputValue(),
        /!\[panel\.png\]\(\/api\/v1\/kb\/attachments\/\d+\)/,
      )

      // Executables are refused, with the file named.
      await file.setInputFiles({
        name: 'setup.exe',
        mimeType: 'application/x-msdownload',
        buffer: Buffer.from('MZ\x90\x00'),
      })
      await a.locator('.el-message', { hasText: 'setup.exe' }).waitFor()
      assert.equal(await a.locator(sel('kb-editor-attachment')).count(), 1)

      await a.locator(sel('kb-editor-save')).click()
      await a.locator('.el-message', { hasText: '已保存为第 2 版' }).waitFor()
      await a.locator(sel('kb-editor-view')).click()
      const link = a.locator(sel('kb-attachment'), { hasText: 'panel.png' })
      await link.waitFor()
      const download = await a.request.get(`${baseUrl}${await link.getAttribute('href')}`)
      assert.equal(download.status(), 200)
      assert.match(download.headers()['content-type'] ?? '', /^image\/png/)
      const img = a.locator(`${sel('kb-body')} img`)
      await img.waitFor()
      assert.match((await img.getAttribute('src')) ?? '', /^\/api\/v1\/kb\/attachments\/\d+$/)
      assert.ok(
        await img.evaluate((el) => el.complete && el.naturalWidth > 0),
        'the inserted image does not load',
      )
      assert.deepEqual(agent.errors, [])
    } catch (err) {
      throw await explain(err, pages)
    }
  },
)
