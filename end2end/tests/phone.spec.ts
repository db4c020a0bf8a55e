import { test, expect, Page } from '@playwright/test';
import { expectAccessible, expectNoHorizontalScroll, smallTargets, waitForHydration } from './helpers';
import { answersQuery, referenceCase } from './reference';

// What a person reads fits a phone and reads right in Arabic (issue 26): the header, the touch
// targets, the home page's promise, the month-by-month cards and the chart's direction, at 320
// and 360 px, in French, English and Arabic.

const WIDTHS = [320, 360];
const LANGS = ['fr', 'en', 'ar'] as const;

/** The header and the session band together, in CSS pixels. */
async function topBands(page: Page): Promise<number> {
  const band = await page.locator('.session-band').boundingBox();
  return band!.y + band!.height;
}

for (const width of WIDTHS) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: 740 } });

    for (const lang of LANGS) {
      test(`header within 120 px, touch targets ≥ 44 px, no sideways scroll (${lang})`, async ({ page }) => {
        const result = `/simulateur?${answersQuery(referenceCase('G034').answers)}&`;
        for (const path of ['/', '/connexion', '/simulateur', '/unites', result]) {
          await page.goto(`${path}${path.endsWith('&') ? '' : '?'}lang=${lang}`);
          expect(await topBands(page), `${path} ${lang}: header and session band`).toBeLessThanOrEqual(120);
          expect(await smallTargets(page), `${path} ${lang}: targets under 44 × 44 px`).toEqual([]);
          await expectNoHorizontalScroll(page);
        }
        // The menu, folded on a phone, opens without JavaScript and lists the three pages.
        await page.goto(`/?lang=${lang}`);
        await page.locator('.nav-phone summary').click();
        await expect(page.locator('.nav-phone .nav a')).toHaveCount(3);
        await expect(page.locator('.nav-phone .nav a').first()).toBeVisible();
        expect(await smallTargets(page)).toEqual([]);
        await expectAccessible(page);
      });
    }

    test('the month-by-month table is one card per month, with the difference the job makes', async ({ page }) => {
      const { answers } = referenceCase('G034');
      await page.goto(`/simulateur?${answersQuery(answers)}`);
      const rows = page.locator('table.projection tbody tr');
      await expect(rows).toHaveCount(6);
      for (const row of await rows.all()) {
        const box = (await row.boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(width);
        // Each figure on its own line, named.
        await expect(row.locator('td[data-col="difference"]')).toHaveAttribute('data-label', "Différence avec l'emploi");
      }
      await expectNoHorizontalScroll(page);
      await expectAccessible(page);
      await page.screenshot({ path: `test-results/screenshots/simulator-cards-${width}.png`, fullPage: true });
    });
  });
}

test.describe('what is true today', () => {
  test('the home page promises nothing that ended in 2021, and says what it was', async ({ page }) => {
    for (const lang of LANGS) {
      await page.goto(`/?lang=${lang}`);
      const card = page.getByTestId('home-simulator');
      await expect(card).toHaveCount(2);
      if (lang === 'fr') {
        await expect(card.first()).toHaveText(/^Vous avez trouvé un emploi \? Le simulateur vous montre/);
        await expect(card.nth(1)).toContainText('entre janvier et juin 2021');
        await expect(card.nth(1)).toContainText('Cette aide est terminée.');
        // Whole euros, no useless cents.
        await expect(card.nth(1)).toContainText('150\u00a0€');
      }
      await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', /.{50,}/);
    }
    await page.goto('/simulateur?lang=fr');
    await expect(page.getByTestId('past-scheme')).toContainText('Cette aide est terminée.');
    await expect(page.locator('.lead')).not.toContainText('pendant 3 mois');
  });
});

test.describe('the chart reads the way the page reads', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  for (const lang of LANGS) {
    test(`time and series run in the page's direction (${lang})`, async ({ page }) => {
      const { answers } = referenceCase('G034');
      await page.goto(`/simulateur?lang=${lang}&${answersQuery(answers)}`);
      await waitForHydration(page);
      const x = async (selector: string) => (await page.locator(selector).first().boundingBox())!.x;
      const firstMonth = await x('.chart rect[data-month="0"]');
      const lastMonth = await x('.chart rect[data-month="5"]');
      const firstSeries = await x('.chart rect[data-month="0"][data-series~="legend-without"]');
      const secondSeries = await x('.chart rect[data-month="0"][data-series~="legend-job"]');
      const legends = page.locator('.chart figcaption .legend');
      const firstLegend = (await legends.nth(0).boundingBox())!.x;
      const secondLegend = (await legends.nth(1).boundingBox())!.x;
      if (lang === 'ar') {
        expect(firstMonth, 'first month on the right').toBeGreaterThan(lastMonth);
        expect(firstSeries, 'the bars in the legend order, right to left').toBeGreaterThan(secondSeries);
        expect(firstLegend).toBeGreaterThan(secondLegend);
      } else {
        expect(firstMonth).toBeLessThan(lastMonth);
        expect(firstSeries).toBeLessThan(secondSeries);
        expect(firstLegend).toBeLessThan(secondLegend);
      }
    });
  }
});
