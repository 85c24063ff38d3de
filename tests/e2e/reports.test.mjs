// description: The department's month at a glance, and every figure traceable to its tickets, in the
// browser. The service manager (周建华, demo data: about 200 tickets over the last 60 days) opens the
// department board (部门看板): the KPI cards show the figures the API computes for the period; a bar of
// the top categories says how many tickets of that category came in, and a click on it lands on the
// drill-down list showing exactly that many tickets, each linking to its ticket. Then the manager
// opens the department's weekly report (周报) for the last finished ISO week — generated on first
// opening — writes next week's plan, saves it (it survives a reload and the API has it), and opens
// the printable page: the report alone, without the application's menu, with a 打印 button that
// prints and is itself not printed — in a real browser (Debian's chromium, 1280 px wide) against the
// real server binary on a fresh SQLite database filled by `techdesk demo-data`.
//
// Run: cd tests/e2e && npm ci && node --test reports.test.mjs
// Env: TECHDESK_BIN (default ../../build/techdesk), TECHDESK_WEB_ROOT (default ../../web/dist),
//      CHROMIUM (default /usr/bin/chromium).

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import os from 'node:os'
import path from 'node:path'
import { BIN, Server, apiAs, launchBrowser, sel } from './harness.mjs'

const MANAGER = { login: 'manager.zhou', password: 'Demo#2026', name: '周建华' }

// Generous for a loaded 2-core machine.
const STEP_TIMEOUT = 15_000
const DEMO_TIMEOUT = 240_000
const PAGE_SIZE = 50
const DAY_MS = 86_400_000
const ZONE_MS = 8 * 3_600_000 // Asia/Shanghai, UTC+8 all year

let server
let baseUrl
let browser
let manager // the manager's API session (apiAs)

/** A request as the manager through the API (checks; the browser does the rest). */
async function api(url) {
  return (await manager('GET', url)).body
}

const addDays = (day, n) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10)
const localToday = () => new Date(Date.now() + ZONE_MS).toISOString().slice(0, 10)

/** The ISO week of a day: "2026-W48". */
function isoWeekOf(day) {
  const date = new Date(`${day}T00:00:00Z`)
  const weekday = date.getUTCDay() || 7
  const thursday = new Date(date.getTime() + (4 - weekday) * DAY_MS)
  const year = thursday.getUTCFullYear()
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1
  return `${year}-W${String(week).padStart(2, '0')}`
}

before(
  async () => {
    server = await Server.start({
      prefix: 'techdesk-e2e-reports-',
      // The demo department: staff, customers and ~200 tickets played through the real services.
      prepare: async (db) => {
        await promisify(execFile)(BIN, ['demo-data', '--db', db, '--quiet'], {
          timeout: DEMO_TIMEOUT,
        })
      },
    })
    baseUrl = server.baseUrl
    manager = await apiAs(baseUrl, MANAGER)
    browser = await launchBrowser()
  },
  { timeout: DEMO_TIMEOUT + 60_000 },
)

after(async () => {
  await browser?.close().catch(() => undefined)
  await server?.stop()
})

/** A browser context and page for one user, logged in, with page errors collected. */
async function openAs(user) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
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
    const shot = path.join(os.tmpdir(), `techdesk-e2e-reports-${name}.png`)
    await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined)
    notes.push(`${name}: ${page.url()} (screenshot: ${shot})`)
  }
  err.message += `\n${notes.join('\n')}\nserver log:\n${server.log.slice(-2000)}`
  return err
}

const text = async (locator) => (await locator.innerText()).trim()

test(
  "the manager's board shows the period's KPIs, and a chart's bar opens exactly the tickets behind it",
  { timeout: 120_000 },
  async () => {
    const { context, page, errors } = await openAs(MANAGER)
    try {
      await page.locator(sel('nav-manager-board')).click()
      await page.waitForURL(/\/reports\/department\?/)
      // The period the board shows (first and last day, as in the address) and what the API says of it.
      const shown = new URL(page.url()).searchParams
      const first = shown.get('from')
      const last = shown.get('to')
      assert.match(first, /^\d{4}-\d{2}-\d{2}$/)
      assert.equal(last, localToday())
      const from = first
      const to = addDays(last, 1)
      const board = await api(`/reports/dashboard/manager?from=${from}&to=${to}`)
      assert.ok(board.kpis.new > 0, 'the demo data has tickets in the last 30 days')

      // KPI cards: numbers, the very ones the API computed.
      const card = (key) => page.locator(`${sel(`kpi-card-${key}`)} ${sel('kpi-value')}`)
      await card('new').waitFor()
      assert.equal(await text(card('new')), String(board.kpis.new))
      assert.equal(await text(card('resolved')), String(board.kpis.resolved))
      assert.equal(await text(card('closed')), String(board.kpis.closed))
      assert.equal(await text(card('backlog')), String(board.kpis.backlog_end))
      assert.match(await text(card('slaResolution')), /^(\d+(\.\d)?%|—)$/)
      for (const value of await page.locator(sel('kpi-value')).allInnerTexts()) {
        assert.ok(value.trim() !== '', 'every KPI card shows a figure')
      }

      // The top categories: one bar per category (SVG elements), the biggest first; tickets without
      // a category have a bar too, which has no category to list by.
      const index = board.top_categories.findIndex((c) => c.category_id !== null && c.count > 0)
      assert.ok(index >= 0, 'the demo tickets have categories')
      const top = board.top_categories[index]
      const chart = page.locator(sel('chart-categories'))
      const bars = chart.locator('svg path[fill="#409eff"]')
      await bars.first().waitFor()
      assert.equal(await bars.count(), board.top_categories.length)
      await page.waitForTimeout(500) // the bars grow in for 300 ms
      const bar = bars.nth(index)
      await bar.scrollIntoViewIfNeeded()
      const box = await bar.boundingBox()
      const x = box.x + box.width / 2
      const y = box.y + box.height / 2
      // Hovering shows what the bar says: the category and its count.
      await page.mouse.move(x, y)
      const tip = chart.locator(sel('chart-tip-value'))
      await tip.waitFor()
      const said = Number(await text(tip))
      assert.equal(said, top.count)

      // A click on the bar lists the tickets behind it: new tickets of that category in the period.
      await page.mouse.click(x, y)
      await page.waitForURL(/\/reports\/tickets\?/)
      const drill = new URL(page.url()).searchParams
      assert.equal(drill.get('measure'), 'new')
      assert.equal(drill.get('category'), String(top.category_id))
      assert.equal(drill.get('from'), from)
      assert.equal(drill.get('to'), to)
      await page.locator(`${sel('drill-measure')}[data-measure="new"]`).waitFor()
      await page.locator(sel('drill-filter-category')).waitFor()
      const total = page.locator(sel('drill-total'))
      await page.waitForFunction(
        (s) => /^\d+$/.test(document.querySelector(s)?.textContent?.trim() ?? ''),
        sel('drill-total'),
      )
      assert.equal(Number(await text(total)), said, 'the list counts what the chart said')

      // Each row is a ticket and links to it; the rows are the API's tickets for that figure.
      const links = page.locator(sel('drill-ticket-link'))
      await links.first().waitFor()
      assert.equal(await links.count(), Math.min(said, PAGE_SIZE))
      const hrefs = await links.evaluateAll((els) => els.map((a) => a.getAttribute('href')))
      for (const href of hrefs) assert.match(href, /^\/tickets\/\d+$/)
      const listed = await api(
        `/reports/tickets?measure=new&from=${from}&to=${to}&category=${top.category_id}&limit=${PAGE_SIZE}`,
      )
      assert.equal(listed.total, said)
      assert.deepEqual(
        hrefs,
        listed.tickets.map((t) => `/tickets/${t.id}`),
      )

      // The first row opens its ticket.
      const number = await text(links.first())
      await links.first().click()
      await page.waitForURL(new RegExp(`/tickets/${listed.tickets[0].id}$`))
      assert.equal(await text(page.locator(sel('ticket-number'))), number)

      assert.deepEqual(errors, [])
    } catch (err) {
      throw await explain(err, { manager: page })
    } finally {
      await context.close()
    }
  },
)

test(
  "the department's weekly report for the last finished week: plan written, saved, printed",
  { timeout: 120_000 },
  async () => {
    const { context, page, errors } = await openAs(MANAGER)
    const pages = { manager: page }
    try {
      const week = isoWeekOf(addDays(localToday(), -7))
      await page.locator(sel('nav-weekly-reports')).click()
      await page.waitForURL(/\/reports\/weekly(\?|$)/)
      // A manager starts with the department and the last finished week.
      await page.locator(sel('weekly-scope'), { hasText: '部门' }).waitFor()
      await page.locator(sel('weekly-week'), { hasText: week }).waitFor()
      await page.locator(sel('weekly-open')).click()
      await page.waitForURL(new RegExp(`/reports/weekly/department/${week}$`))
      await page.locator(sel('weekly-title'), { hasText: week }).waitFor()
      assert.equal(
        await page.locator(sel('weekly-state')).getAttribute('data-state'),
        'draft',
        'a fresh report is a draft',
      )
      // The week in figures, from the snapshot.
      await page.locator(sel('kpi-cards')).waitFor()

      // Next week's plan: written, saved, kept.
      const plan = `1. 完成核心交换机固件升级（周三晚）\n2. 财务部打印机集中更换 e2e-${Date.now().toString(36)}`
      await page.locator(`textarea${sel('weekly-plan')}`).fill(plan)
      await page.locator(sel('weekly-plan-save')).click()
      await page.locator('.el-message', { hasText: '计划已保存' }).waitFor()
      const saved = await api(`/reports/weekly/department/${week}`)
      assert.equal(saved.plan, plan)
      assert.equal(saved.state, 'draft')
      await page.reload()
      await page.locator(sel('weekly-title'), { hasText: week }).waitFor()
      assert.equal(await page.locator(`textarea${sel('weekly-plan')}`).inputValue(), plan)

      // The export buttons download the report with the page's own session: a workbook and a CSV that
      // Excel opens as UTF-8, both holding the plan.
      for (const format of ['xlsx', 'csv']) {
        const href = await page.locator(sel(`weekly-export-${format}`)).getAttribute('href')
        assert.match(href, new RegExp(`/reports/weekly\\.${format}\\?id=${saved.id}$`))
        const file = await page.evaluate(async (url) => {
          const r = await fetch(url, { credentials: 'same-origin' })
          const bytes = new Uint8Array(await r.arrayBuffer())
          return {
            status: r.status,
            type: r.headers.get('content-type'),
            disposition: r.headers.get('content-disposition'),
            head: Array.from(bytes.slice(0, 4)),
            text: new TextDecoder().decode(bytes),
          }
        }, href)
        assert.equal(file.status, 200, `${format} export`)
        assert.match(file.disposition, /^attachment; filename=/)
        if (format === 'xlsx') {
          assert.match(file.type, /spreadsheetml/)
          assert.deepEqual(file.head, [0x50, 0x4b, 0x03, 0x04], 'a zip archive')
        } else {
          assert.match(file.type, /^text\/csv/)
          assert.deepEqual(file.head.slice(0, 3), [0xef, 0xbb, 0xbf], 'UTF-8 BOM')
          for (const line of plan.split('\n')) assert.ok(file.text.includes(line), `the plan's line ${line}`)
        }
      }

      // The printable page opens beside it: the report alone, the plan included.
      const [print] = await Promise.all([
        context.waitForEvent('page'),
        page.locator(sel('weekly-print-link')).click(),
      ])
      pages.print = print
      print.setDefaultTimeout(STEP_TIMEOUT)
      print.on('pageerror', (err) => errors.push(err.message))
      await print.waitForURL(new RegExp(`/reports/weekly/${saved.id}/print$`))
      await print.locator(sel('weekly-print-title'), { hasText: week }).waitFor()
      assert.equal(await text(print.locator(sel('weekly-print-plan'))), plan)
      await print.locator(sel('kpi-cards')).waitFor()
      assert.equal(await print.locator(sel('brand')).count(), 0, 'no application header')
      assert.equal(await print.locator(sel('nav-tickets')).count(), 0, 'no application menu')

      // 打印 calls the browser's print; the button itself is not printed.
      await print.evaluate(() => {
        window.__printed = 0
        window.print = () => {
          window.__printed += 1
        }
      })
      const button = print.locator(sel('weekly-print'))
      assert.equal(await text(button), '打印')
      await button.click()
      assert.equal(await print.evaluate(() => window.__printed), 1)
      await print.emulateMedia({ media: 'print' })
      assert.equal(await button.isVisible(), false)
      assert.equal(await print.locator(sel('weekly-print-plan')).isVisible(), true)

      assert.deepEqual(errors, [])
    } catch (err) {
      throw await explain(err, pages)
    } finally {
      await context.close()
    }
  },
)
