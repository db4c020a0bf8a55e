import { test, expect } from '@playwright/test';
import { expectAccessible, expectNoHorizontalScroll, expectNoWasm, waitForHydration, watchConsole } from './helpers';

test.describe('foundation', () => {
  test('the home page is in French, readable at 320 px, accessible', async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Faire une simulation' })).toHaveAttribute('href', '/simulateur');
    await expect(page.getByRole('link', { name: 'Voir mon parcours' })).toHaveAttribute('href', '/mon-parcours');
    await expect(page.getByText('02 76 51 63 40').first()).toBeVisible();
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
  });

  test('hydration: the unit list follows what is typed, through the server function', async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto('/unites');
    await waitForHydration(page);
    await expect(page.getByTestId('unit-count')).toHaveText('4 unités');
    await expectAccessible(page);
    // Typing, without submitting: only the hydrated app reacts to this.
    await page.getByLabel('Rechercher une unité').pressSequentially('rouen');
    await expect(page.getByTestId('unit-count')).toHaveText('1 unité');
    await expect(page.getByRole('heading', { name: 'Rouen' })).toBeVisible();
    await expect(page).toHaveURL(/\/unites\?q=rouen$/);
    // The CSP let the wasm run and nothing was blocked.
    expect(problems, 'console errors (CSP violations included)').toEqual([]);
  });

  test('islands: a page with nothing to compute loads no wasm; a link to one with an island hydrates it', async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto('/');
    await expectNoWasm(page);
    await page.getByRole('link', { name: 'Trouver une unité territoriale' }).click();
    await expect(page).toHaveURL(/\/unites$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nos unités territoriales');
    await waitForHydration(page);
    expect(problems).toEqual([]);
  });

  test('the not-found page is French, has a way home, and is accessible', async ({ page }) => {
    const res = await page.goto('/page-inconnue');
    expect(res?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page introuvable');
    await expect(page.getByRole('link', { name: "Revenir à l'accueil" })).toBeVisible();
    await expectAccessible(page);
  });

  test('keyboard: the first Tab reaches the skip link, which moves to the content', async ({ page }) => {
    await page.goto('/');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Aller au contenu' });
    await expect(skip).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#contenu$/);
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the unit search form works: it posts to the server, which renders the result', async ({ page }) => {
    await page.goto('/unites');
    await expect(page.getByTestId('unit-count')).toHaveText('4 unités');
    await page.getByLabel('Rechercher une unité').fill('dieppe');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await expect(page).toHaveURL(/\/unites\?q=dieppe$/);
    await expect(page.getByTestId('unit-count')).toHaveText('1 unité');
    await expect(page.getByRole('heading', { name: 'Dieppe Neufchâtel-en-Bray' })).toBeVisible();
    await expect(page.getByLabel('Rechercher une unité')).toHaveValue('dieppe');
    // (axe-core needs JavaScript: the same page is checked in the hydrated tests.)
  });
});
