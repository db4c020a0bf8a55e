import { expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** Waits until the wasm has hydrated the page's island (it sets body[data-hydrated]). */
export async function waitForHydration(page: Page) {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
}

/** A page without an island: fully loaded, it fetched no wasm and loads no script of the app. */
export async function expectNoWasm(page: Page) {
  await page.waitForLoadState('load');
  const wasm = await page.evaluate(() =>
    performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.endsWith('.wasm') || /\/pkg\/passerelle(\.[\w-]+)?\.js$/.test(n)),
  );
  expect(wasm, 'wasm or app script loaded by a page without an island').toEqual([]);
  await expect(page.locator('script[type="module"]')).toHaveCount(0);
}

/** Collects console errors and CSP violations for the whole test. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(String(err)));
  return problems;
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA rules) and expects no violation. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect(summary, 'axe-core violations').toEqual([]);
}

/** The page does not scroll sideways at the current viewport width. */
export async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, 'horizontal overflow in px').toBeLessThanOrEqual(0);
}

/** Signs a staff member in (demo accounts, printed by the server at start). */
export async function staffSignIn(page: Page, email: string, password: string) {
  await page.goto('/agent/connexion');
  await page.getByLabel('Adresse e-mail professionnelle').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await expect(page).toHaveURL(/\/agent$/);
}

export const DEMO = {
  admin: ['admin@demo.passerelle.fr', 'demo-admin-2026'] as const,
  officer: ['orientation@demo.passerelle.fr', 'demo-orientation-2026'] as const,
  agent: ['agent@demo.passerelle.fr', 'demo-agent-2026'] as const,
};

/**
 * Reads the last sign-in code sent to `recipient` the way the demo does it: an administrator opens
 * the development mailbox (/admin/messages) in another browser session.
 */
export async function readCode(browser: import('@playwright/test').Browser, recipient: string): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await staffSignIn(page, ...DEMO.admin);
  let code = '';
  for (let i = 0; i < 20 && !code; i++) {
    await page.goto('/admin/messages');
    const message = page.getByTestId('dev-message').filter({ hasText: recipient }).first();
    if (await message.count()) {
      code = ((await message.innerText()).match(/\b(\d{6})\b/) ?? [])[1] ?? '';
    }
    if (!code) await page.waitForTimeout(500);
  }
  await context.close();
  if (!code) throw new Error(`no code for ${recipient}`);
  return code;
}

// ----- Dates computed from today, so that the tests hold on whatever day they run ----------------
// Written here independently of the app's formatting (French names, "1er", Paris summer time).

const MONTHS_FR = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const WEEKDAYS_FR = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];

/** A calendar date (no time, no zone), as the server's UTC "today" gives it. */
export type Day = { y: number; m: number; d: number };

function fromUtc(t: Date): Day {
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}
function toUtc(day: Day): Date {
  return new Date(Date.UTC(day.y, day.m - 1, day.d));
}

/** `n` days from today (UTC, like the server). */
export function daysFromToday(n: number): Day {
  const t = new Date();
  return fromUtc(new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate() + n)));
}

/** The first Tuesday at least `n` days from today: a working day, always ahead. */
export function tuesdayAfter(n: number): Day {
  let t = toUtc(daysFromToday(n));
  while (t.getUTCDay() !== 2) t = new Date(t.getTime() + 86_400_000);
  return fromUtc(t);
}

/** `day` shifted by `n` days. */
export function addDays(day: Day, n: number): Day {
  return fromUtc(new Date(toUtc(day).getTime() + n * 86_400_000));
}

const pad = (n: number) => String(n).padStart(2, '0');
/** `2027-03-02`: what a date field takes. */
export const isoDay = (day: Day) => `${day.y}-${pad(day.m)}-${pad(day.d)}`;
/** `2 mars 2027`, `1er mars 2027`. */
export const frDate = (day: Day) => `${day.d === 1 ? '1er' : day.d} ${MONTHS_FR[day.m - 1]} ${day.y}`;
/** `mardi 2 mars 2027`. */
export const frDay = (day: Day) => `${WEEKDAYS_FR[toUtc(day).getUTCDay()]} ${frDate(day)}`;

/** Hours ahead of UTC in Paris on `day`: 2 from the last Sunday of March to the day before the
 * last Sunday of October, else 1. */
export function parisOffsetHours(day: Day): number {
  const lastSunday = (month: number) => {
    let t = new Date(Date.UTC(day.y, month, 0)); // last day of `month` (1-based)
    while (t.getUTCDay() !== 0) t = new Date(t.getTime() - 86_400_000);
    return t.getTime();
  };
  const t = toUtc(day).getTime();
  return t >= lastSunday(3) && t < lastSunday(10) ? 2 : 1;
}

/** `20270302T093000Z`: `hour`:`minute` in Paris on `day`, in UTC as iCalendar writes it. */
export function icsUtc(day: Day, hour: number, minute: number): string {
  const t = new Date(toUtc(day).getTime() + ((hour - parisOffsetHours(day)) * 60 + minute) * 60_000);
  return `${t.getUTCFullYear()}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}T${pad(t.getUTCHours())}${pad(t.getUTCMinutes())}00Z`;
}

/** Types a birth date (ISO, `1985-03-15`) in the sign-in form's three boxes, as a person would:
 * day, month, year. */
export async function fillBirthDate(page: Page, iso: string) {
  const [y, m, d] = iso.split('-');
  await page.locator('#naissance').fill(d);
  await page.locator('#naissance-mois').fill(m);
  await page.locator('#naissance-annee').fill(y);
}

/** Every control a finger has to hit on the page, with its size: buttons, fields, menus,
 * choices (the whole row of a radio or checkbox), and links that stand alone (inline links
 * inside a sentence are exempt, as WCAG 2.5.8 says). */
export async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector = [
      'button', 'select', 'summary', '.choice',
      'input:not([type="hidden"]):not([type="radio"]):not([type="checkbox"])',
      'a.button', '.nav a', '.lang-switch a', '.session-band a', '.footer-phone', '.provider-button',
    ].join(',');
    const small: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden' || el.closest('[hidden], details:not([open]) > :not(summary)')) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      // A date box is narrow on purpose (2 digits) but as tall as the rest.
      const minWidth = el.matches('.date-part input') ? 40 : 44;
      if (box.height < 44 - 0.5 || box.width < minWidth - 0.5) {
        small.push(`${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? '').trim().slice(0, 30)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
    }
    return small;
  });
}
