// description: The email channel in the browser. Before the server starts, mails from the parser's
// corpus (tests/mail/corpus) go through `techdesk mail ingest` and become tickets. An administrator
// opens the ticket a hostile HTML mail made (event handlers on <p>, <img>, <a>, <body>, <div>): the
// description shows the mail's header (sender, recipient, subject) and its HTML with the text kept
// and no <script> or on* attribute anywhere in the page, no dialog and no page error; the plain-text
// view shows the description; "Show original" shows the raw header text. The <script> mail renders
// its text without the script; the same page with hostile HTML slipped into the API's answer (as if
// the server's sanitiser had failed) is cleaned by the browser too, and an attachment the server did
// not keep (over the size limit) is named without a link. A mail with a cid: inline image shows the
// image from its own attachment and links the other attachment; a plain-text mail links both of its
// attachments; a Foxmail message's original shows its Message-ID. Then, on the email channel's page,
// the administrator adds a mailbox through the dialog (IMAP on 127.0.0.1 port 1, nothing listens,
// no encryption; unknown senders join an organisation), sees it listed with the password never shown
// (not in the page, not in the API's answer, an empty field marked "saved" when edited), tests the
// connection and fetches it now: both fail with the mail server's error — in a real browser (Debian's
// chromium) against the real server binary on a fresh SQLite database. Requesters made from mail
// have no password and cannot sign in, so no requester part.
//
// Run: cd tests/e2e && npm ci && node --test email.test.mjs
// Env: TECHDESK_BIN (default ../../build/techdesk), TECHDESK_WEB_ROOT (default ../../web/dist),
//      CHROMIUM (default /usr/bin/chromium).

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Server, launchBrowser, sel, sleep, techdesk } from './harness.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const CORPUS = path.join(here, '../mail/corpus')

const ADMIN = { login: 'admin1', password: 'Admin#2026pw', name: '赵管理' }
const ORG = '华东分公司'

// Subjects of the corpus mails, as the tickets they make are called.
const MAILS = {
  handlers: { file: '090-hostile-event-handlers.eml', subject: 'handlers' },
  script: { file: '089-hostile-script.eml', subject: 'script' },
  inline: { file: '070-related-inline-cid-images.eml', subject: 'screenshot' },
  attachments: { file: '071-mixed-attachments.eml', subject: 'upload fails' },
  foxmail: { file: '084-foxmail-gb2312-html.eml', subject: '回复: VPN 连不上' },
}
const SENDER = 'zhangwei@corp.example.cn'

// The IMAP password typed into the dialog: it must never come back.
const IMAP_PASSWORD = 'y-e2e-Pw7c4f'

// Generous for a loaded 2-core machine, while each test stays well under a minute.
const STEP_TIMEOUT = 10_000

let server
let baseUrl
let browser
let ingestOutput = ''
const opened = []

before(
  async () => {
    server = await Server.start({
      orgs: [{ name: ORG, kind: 'external' }],
      users: [{ ...ADMIN, role: 'admin' }],
      prefix: 'techdesk-e2e-email-',
      prepare: async (db) => {
        const files = Object.values(MAILS).map((m) => path.join(CORPUS, m.file))
        const { stdout } = await techdesk('mail', 'ingest', '--db', db, '--quiet', ...files)
        ingestOutput = stdout
      },
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

/** A browser context and page for one user, logged in, with page errors and dialogs collected. */
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
  const dialogs = []
  page.on('pageerror', (err) => errors.push(err.message))
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`)
    void dialog.dismiss().catch(() => undefined)
  })
  await page.goto(`${baseUrl}/login`)
  await page.locator(sel('login-username')).fill(user.login)
  await page.locator(sel('login-password')).fill(user.password)
  await page.locator(sel('login-submit')).click()
  await page.waitForURL(/\/tickets$/)
  return { context, page, errors, dialogs }
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
    const shot = path.join(os.tmpdir(), `techdesk-e2e-email-${name}.png`)
    await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined)
    notes.push(`${name}: ${page.url()} (screenshot: ${shot})`)
  }
  err.message += `\n${notes.join('\n')}\ningest: ${ingestOutput}\nserver log:\n${server.log.slice(-2000)}`
  return err
}

/** Attributes named on… anywhere in the page's body, and the <script> elements in it. */
function hostileLeftovers(page, root = 'body') {
  return page.evaluate((selector) => {
    const scope = document.querySelector(selector)
    if (!scope) return { missing: true }
    const handlers = []
    for (const el of [scope, ...scope.querySelectorAll('*')]) {
      for (const attr of el.attributes) {
        if (/^on/i.test(attr.name)) handlers.push(`<${el.tagName.toLowerCase()} ${attr.name}>`)
      }
    }
    return { handlers, scripts: scope.querySelectorAll('script').length }
  }, root)
}

/** The text box of an Element Plus input: data-test lands on the <input> (ElInput) or its wrapper. */
function field(root, name) {
  return root.locator(`input${sel(name)}, ${sel(name)} input`).first()
}

/** Opens a ticket's page and waits for its description to show as the mail that opened it. */
async function openMailTicket(page, id) {
  await page.goto(`${baseUrl}/tickets/${id}`)
  const description = page.locator(`${sel('ticket-description')}[data-email="1"]`)
  await description.waitFor()
  return description
}

test(
  'an administrator reads tickets made from mail: header, sanitised HTML, attachments and the original',
  { timeout: 60_000 },
  async () => {
    assert.match(ingestOutput, /created 5\b/, `ingest: ${ingestOutput}`)
    const admin = await openAs(ADMIN)
    const pages = { admin: admin.page }
    try {
      const a = admin.page
      const api = await apiAs(a)
      const tickets = (await api('GET', '/tickets?limit=100')).items
      const idOf = (mail) => {
        const found = tickets.find((t) => t.subject === mail.subject)
        assert.ok(found, `no ticket "${mail.subject}" among ${tickets.map((t) => t.subject)}`)
        assert.equal(found.channel, 'email')
        return found.id
      }

      // The hostile mail with event handlers: its header and its text, nothing that runs.
      const handlersId = idOf(MAILS.handlers)
      let description = await openMailTicket(a, handlersId)
      const email = description.locator(sel('article-email'))
      assert.equal(await email.getAttribute('data-direction'), 'in')
      const from = (await email.locator(sel('email-from')).innerText()).trim()
      assert.ok(from.includes(SENDER) && from.includes('张伟'), `from: ${from}`)
      assert.equal(
        (await email.locator(sel('email-to')).innerText()).trim(),
        'support@techdesk.example',
      )
      assert.equal((await email.locator(sel('email-subject')).innerText()).trim(), 'handlers')
      const html = email.locator(sel('email-html'))
      await html.waitFor()
      const shown = await html.innerText()
      for (const text of ['VPN 连不上', 'VPN 帮助', '点这里查看']) assert.ok(shown.includes(text))
      const link = html.locator('a', { hasText: 'VPN 帮助' })
      assert.equal(await link.getAttribute('href'), 'https://kb.corp.example.cn/vpn')
      assert.equal(await link.getAttribute('target'), '_blank')
      assert.match((await link.getAttribute('rel')) ?? '', /noopener/)
      // The cid: image has no attachment behind it: its description stays, no broken image.
      assert.equal(await html.locator('img').count(), 0)
      assert.ok(shown.includes('[图]'), shown)
      await html.hover()
      await html.locator('div', { hasText: '点这里查看' }).last().click()
      await sleep(300)
      assert.deepEqual(await hostileLeftovers(a), { handlers: [], scripts: 0 })

      // The plain-text view is the ticket's description; back to HTML.
      await email.locator(sel('email-view-text')).click()
      const body = email.locator(sel('article-body'))
      await body.waitFor()
      assert.ok((await body.innerText()).includes('VPN 连不上'))
      assert.equal(await email.locator(sel('email-html')).count(), 0)
      await email.locator(sel('email-view-html')).click()
      await html.waitFor()

      // The original message: the raw header as text, downloadable.
      await email.locator(sel('email-show-original')).click()
      const raw = a.locator(`${sel('raw-email-dialog')}:visible`)
      await raw.waitFor()
      const rawText = raw.locator(sel('raw-email-text'))
      await a.waitForFunction(
        (selector) => (document.querySelector(selector)?.textContent ?? '').includes('Subject:'),
        `${sel('raw-email-dialog')} ${sel('raw-email-text')}`,
      )
      const rawShown = await rawText.innerText()
      for (const header of ['From: ', 'Subject: handlers', 'Content-Type: text/html']) {
        assert.ok(rawShown.includes(header), `raw lacks ${header}: ${rawShown.slice(0, 400)}`)
      }
      assert.equal(
        await raw.locator(sel('raw-email-download')).getAttribute('href'),
        `/api/v1/tickets/${handlersId}/raw`,
      )
      await a.keyboard.press('Escape')
      await raw.waitFor({ state: 'hidden' })

      // The <script> mail: text kept, scripts gone.
      const scriptId = idOf(MAILS.script)
      description = await openMailTicket(a, scriptId)
      const scriptHtml = description.locator(sel('email-html'))
      await scriptHtml.waitFor()
      const scriptShown = await scriptHtml.innerText()
      assert.ok(scriptShown.includes('打印机卡纸了') && scriptShown.includes('请尽快处理'))
      assert.ok(!scriptShown.includes('alert(') && !scriptShown.includes('document.cookie'))
      assert.deepEqual(await hostileLeftovers(a), { handlers: [], scripts: 0 })

      // Had the server's sanitiser let something through, the browser's own still removes it; an
      // attachment the server did not keep is named, with no link.
      const emailsPath = `**/api/v1/tickets/${scriptId}/emails`
      await a.route(emailsPath, async (route) => {
        const answer = await route.fetch()
        const data = await answer.json()
        const first = data.items.find((m) => m.article_id === null && m.direction === 'in')
        first.html +=
          '<script>window.__x=1</script><img src="x" onerror="window.__y=1" alt="坏图">' +
          '<a href="javascript:window.__z=1" onclick="window.__w=1">点我</a>' +
          '<svg onload="window.__v=1"><circle r="1"/></svg><p onmouseover="window.__u=1">注入正文</p>'
        first.attachments.push({
          id: 987654,
          filename: '日志全量.zip',
          content_type: 'application/zip',
          size: 27262976,
          inline: false,
          available: false,
        })
        await route.fulfill({ response: answer, json: data })
      })
      description = await openMailTicket(a, scriptId)
      const injected = description.locator(sel('email-html'))
      await injected.locator('p', { hasText: '注入正文' }).waitFor()
      await injected.locator('p', { hasText: '注入正文' }).hover()
      const bad = injected.locator('a', { hasText: '点我' })
      assert.doesNotMatch((await bad.getAttribute('href')) ?? '', /^\s*javascript:/i)
      await bad.click().catch(() => undefined)
      await sleep(300)
      assert.deepEqual(await hostileLeftovers(a), { handlers: [], scripts: 0 })
      assert.deepEqual(
        await a.evaluate(() => [
          window.__x,
          window.__y,
          window.__z,
          window.__w,
          window.__v,
          window.__u,
        ]),
        [undefined, undefined, undefined, undefined, undefined, undefined],
      )
      const dropped = description.locator(`${sel('email-attachment-item')}[data-available="0"]`, {
        hasText: '日志全量.zip',
      })
      await dropped.waitFor()
      assert.equal(await dropped.locator('a').count(), 0)
      assert.equal(
        (await dropped.locator(sel('email-attachment-not-kept')).innerText()).trim(),
        '超过大小限制，未保存',
      )
      assert.match(await dropped.innerText(), /26(\.0)? MB/)
      await a.unroute(emailsPath)

      // The mail with cid: images: they show from its own attachments; the other one is a link.
      const inlineId = idOf(MAILS.inline)
      description = await openMailTicket(a, inlineId)
      const inlineHtml = description.locator(sel('email-html'))
      await inlineHtml.waitFor()
      assert.ok((await inlineHtml.innerText()).includes('报错截图如下'))
      const images = inlineHtml.locator('img')
      assert.equal(await images.count(), 2)
      for (const img of await images.all()) {
        assert.match(
          (await img.getAttribute('src')) ?? '',
          /^\/api\/v1\/attachments\/\d+\?inline=1$/,
        )
      }
      await a.waitForFunction(
        (selector) =>
          [...document.querySelectorAll(selector)].every(
            (img) => img.complete && img.naturalWidth > 0,
          ),
        `${sel('ticket-description')} ${sel('email-html')} img`,
      )
      const gif = description.locator(sel('email-attachment'), { hasText: 'attachment.gif' })
      await gif.waitFor()
      const gifHref = await gif.getAttribute('href')
      assert.match(gifHref ?? '', /^\/api\/v1\/attachments\/\d+$/)
      const gifAnswer = await a.request.get(`${baseUrl}${gifHref}`)
      assert.equal(gifAnswer.status(), 200)
      assert.equal((await gifAnswer.body()).length, 36)
      assert.equal(
        await description.locator(`${sel('email-attachment-item')}[data-available="1"]`).count(),
        3,
      )

      // A plain-text mail: the text, and both attachments as links.
      description = await openMailTicket(a, idOf(MAILS.attachments))
      assert.equal(await description.locator(sel('email-view')).count(), 0)
      assert.ok((await description.locator(sel('article-body')).innerText()).includes('上传失败'))
      for (const name of ['invoice.pdf', '报销单.xlsx']) {
        const att = description.locator(sel('email-attachment'), { hasText: name })
        await att.waitFor()
        assert.match((await att.getAttribute('href')) ?? '', /^\/api\/v1\/attachments\/\d+$/)
        assert.equal(await att.getAttribute('download'), name)
      }

      // A Foxmail message: its original carries the Message-ID.
      description = await openMailTicket(a, idOf(MAILS.foxmail))
      assert.ok((await description.locator(sel('email-from')).innerText()).includes('陈静'))
      await description.locator(sel('email-show-original')).click()
      await raw.waitFor()
      await a.waitForFunction(
        (selector) => (document.querySelector(selector)?.textContent ?? '').includes('Message-ID:'),
        `${sel('raw-email-dialog')} ${sel('raw-email-text')}`,
      )
      assert.ok(
        (await rawText.innerText()).includes('Message-ID: <202503011003045671234@corp.example.cn>'),
      )
      await a.keyboard.press('Escape')
      await raw.waitFor({ state: 'hidden' })

      assert.deepEqual(admin.dialogs, [])
      assert.deepEqual(admin.errors, [])
    } catch (err) {
      throw await explain(err, pages)
    }
  },
)

test(
  'an administrator adds a mailbox, never sees its password, and tests and fetches it against a closed port',
  { timeout: 60_000 },
  async () => {
    const admin = await openAs(ADMIN)
    const pages = { admin: admin.page }
    try {
      const a = admin.page
      const api = await apiAs(a)
      const name = `测试收件箱 ${Date.now().toString(36)}`

      await a.goto(`${baseUrl}/admin/email`)
      await a.locator(sel('mailbox-table')).waitFor()
      await a.locator(sel('mailbox-create')).click()
      const dialog = a.locator(`${sel('mailbox-dialog')}:visible`)
      await dialog.waitFor()
      await field(dialog, 'mailbox-name').fill(name)
      await field(dialog, 'mailbox-address').fill('help@e2e.example.cn')
      // Disabled: the server's poller leaves it alone, so only this test fetches it.
      await dialog.locator(sel('mailbox-enabled')).click()
      await dialog.locator(sel('mailbox-default-org')).click()
      await a.locator(`${sel('mailbox-default-org-option')}:visible`, { hasText: ORG }).click()

      await field(dialog, 'imap-host').fill('127.0.0.1')
      await dialog.locator(sel('imap-security')).click()
      await a.locator(`${sel('imap-security-none')}:visible`).click()
      const port = field(dialog, 'imap-port')
      await port.fill('1')
      await port.press('Tab')
      await field(dialog, 'imap-username').fill('x')
      await field(dialog, 'imap-password').fill(IMAP_PASSWORD)
      // This mailbox only receives.
      await dialog.locator(sel('mailbox-smtp-on')).click()
      await dialog.locator(sel('smtp-host')).waitFor({ state: 'detached' })
      await dialog.locator(sel('mailbox-save')).click()
      await dialog.waitFor({ state: 'hidden' })

      // Listed, with its server and organisation; the password is nowhere.
      const row = a.locator('.el-table__row', {
        has: a.locator(sel('mailbox-row'), { hasText: name }),
      })
      await row.waitFor()
      assert.equal(
        (await row.locator(sel('mailbox-imap-host')).innerText()).replace(/\s+/g, ''),
        '127.0.0.1:1',
      )
      assert.ok((await row.locator(sel('mailbox-org')).innerText()).includes(ORG))
      assert.ok(!(await a.locator('body').innerText()).includes(IMAP_PASSWORD))
      const listed = (await api('GET', '/channels/email')).items
      const mailbox = listed.find((m) => m.name === name)
      assert.ok(mailbox, 'the mailbox is not in the API')
      assert.ok(!JSON.stringify(listed).includes(IMAP_PASSWORD))
      assert.equal(mailbox.imap.password_set, true)
      assert.equal(mailbox.imap.security, 'none')
      assert.equal(mailbox.imap.username, 'x')
      assert.equal(mailbox.enabled, false)
      assert.equal(mailbox.smtp, null)
      const orgs = (await api('GET', '/organizations')).items
      assert.equal(mailbox.default_organization_id, orgs.find((o) => o.name === ORG)?.id)

      // Edited, the password field is empty and says a password is saved.
      await row.locator(sel('mailbox-edit')).click()
      await dialog.waitFor()
      const password = field(dialog, 'imap-password')
      await password.waitFor()
      assert.equal(await password.getAttribute('data-saved'), '1')
      assert.equal(await password.inputValue(), '')
      assert.equal(await password.getAttribute('placeholder'), '已保存（不修改请留空）')
      assert.ok(!(await dialog.innerText()).includes(IMAP_PASSWORD))
      await dialog.locator(sel('mailbox-cancel')).click()
      await dialog.waitFor({ state: 'hidden' })

      // Test connection: nothing listens on port 1, and the dialog says so.
      await row.locator(sel('mailbox-test')).click()
      const test = a.locator(`${sel('mailbox-test-dialog')}:visible`)
      await test.waitFor()
      const imap = test.locator(`${sel('mailbox-test-imap')}[data-ok="0"]`)
      await imap.waitFor({ timeout: 20_000 })
      const imapText = await imap.innerText()
      assert.ok(imapText.includes('连接失败'), imapText)
      assert.ok(imapText.includes('127.0.0.1'), imapText)
      assert.equal(await test.locator(sel('mailbox-test-smtp')).getAttribute('data-ok'), '')
      await test.locator(sel('mailbox-test-close')).click()
      await test.waitFor({ state: 'hidden' })

      // Fetch now: fails the same way; the message and the row's last error say why.
      await row.locator(sel('mailbox-fetch')).click()
      const message = a.locator('.el-message--error', { hasText: '收取失败' })
      await message.waitFor({ timeout: 20_000 })
      assert.ok((await message.innerText()).includes('127.0.0.1'), await message.innerText())
      await row.locator(sel('mailbox-last-error'), { hasText: '127.0.0.1' }).waitFor()

      assert.deepEqual(admin.dialogs, [])
      assert.deepEqual(admin.errors, [])
    } catch (err) {
      throw await explain(err, pages)
    }
  },
)
