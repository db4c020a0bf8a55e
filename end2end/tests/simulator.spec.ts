import { test, expect, Page } from '@playwright/test';
import { expectAccessible, expectNoHorizontalScroll, waitForHydration, watchConsole } from './helpers';
import { Answers, Expected, euros, referenceCase } from './reference';

async function fill(page: Page, a: Answers) {
  await (a.couple ? page.getByLabel(/^En couple/) : page.getByLabel('Seul(e)', { exact: true })).check();
  await page.getByLabel('Votre âge').fill(a.age);
  if (a.ageConjoint) await page.getByLabel("L'âge de votre conjoint").fill(a.ageConjoint);
  await page.getByLabel("Nombre d'enfants de moins de 3 ans").fill(a.under3);
  await page.getByLabel("Nombre d'enfants de 3 à 24 ans").fill(a.from3to24);
  await page.getByLabel('Vous êtes :').selectOption(a.logement);
  await page.getByLabel('Aide au logement, par mois').fill(a.aideLogement === '0' ? '' : a.aideLogement);
  if (a.couple) await page.getByLabel(a.qui === 'conjoint' ? 'Mon conjoint' : 'Moi', { exact: true }).check();
  await page.getByLabel('Chez quel employeur ?').selectOption(a.secteur);
  await page.getByLabel('Mois', { exact: true }).selectOption(a.debutMois);
  await page.getByLabel('Année', { exact: true }).selectOption(a.debutAnnee);
  await page.getByLabel('Salaire net par mois').fill(a.salaire);
}

async function expectFigures(page: Page, expected: Expected[]) {
  const table = page.getByTestId('projection');
  await expect(table).toBeVisible();
  for (const e of expected) {
    const row = table.locator(`tr[data-month="${e.month}"]`);
    const cell = async (col: string) => euros(await row.locator(`td[data-col="${col}"]`).innerText());
    expect(Math.abs((await cell('rsa_sans')) - e.rsa_without_scheme), `${e.month} RSA sans`).toBeLessThanOrEqual(0.01);
    expect(Math.abs((await cell('rsa_avec')) - e.rsa_with_scheme), `${e.month} RSA avec`).toBeLessThanOrEqual(0.01);
    expect(Math.abs((await cell('prime_activite')) - e.prime_activite), `${e.month} PA`).toBeLessThanOrEqual(0.01);
    expect(Math.abs((await cell('prime')) - e.bonus), `${e.month} prime`).toBeLessThanOrEqual(0.01);
  }
}

test.describe('simulator, hydrated, at 360 × 740', () => {
  for (const id of ['G002', 'G022', 'G034']) {
    test(`reference household ${id}: the figures match OpenFisca-France`, async ({ page }) => {
      const problems = watchConsole(page);
      const { answers, expected } = referenceCase(id);
      await page.goto('/simulateur');
      await waitForHydration(page);
      await fill(page, answers);
      // Computed in the browser as the answers are typed: no submit.
      await expectFigures(page, expected);
      // The URL carries the answers: reopening it gives the same result (server-rendered).
      expect(page.url()).toContain(`salaire=${answers.salaire}`);
      const again = await page.context().newPage();
      await again.goto(page.url());
      await expectFigures(again, expected);
      await expectNoHorizontalScroll(page);
      expect(problems).toEqual([]);
    });
  }

  test('the result updates as the person types, and the page stays accessible', async ({ page }) => {
    const { answers } = referenceCase('G002');
    await page.goto('/simulateur');
    await waitForHydration(page);
    await expectAccessible(page);
    await fill(page, answers);
    await expect(page.getByTestId('projection')).toBeVisible();
    await expectAccessible(page);
    // Input-to-result latency, measured in the browser (reported, not asserted).
    const samples: number[] = [];
    for (const salary of ['650', '700', '750', '800', '850']) {
      samples.push(await page.evaluate((value) => new Promise<number>((resolve) => {
        const target = document.querySelector('[data-testid="resultat"]')!;
        const input = document.getElementById('salaire') as HTMLInputElement;
        let t0 = 0;
        const obs = new MutationObserver(() => { obs.disconnect(); resolve(performance.now() - t0); });
        obs.observe(target, { subtree: true, childList: true, characterData: true });
        input.value = value;
        t0 = performance.now();
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }), salary));
    }
    samples.sort((a, b) => a - b);
    console.log(`simulator input→result latency (ms): median ${samples[2].toFixed(1)}, max ${samples[4].toFixed(1)}`);
    await expect(page.locator('tr[data-month="2021-02"] td[data-col="salaire"]')).toContainText('850,00');
  });

  test('a wrong answer gets a French message next to the field, and nothing is lost', async ({ page }) => {
    await page.goto('/simulateur');
    await waitForHydration(page);
    await page.getByLabel('Votre âge').fill('35');
    await page.getByLabel('Salaire net par mois').fill('12,345');
    const field = page.locator('#salaire-erreur');
    await expect(field).toHaveText('Indiquez au plus deux chiffres après la virgule (les centimes).');
    await expect(page.getByLabel('Salaire net par mois')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Salaire net par mois')).toHaveValue('12,345');
    await expectAccessible(page);
    await page.getByLabel('Salaire net par mois').fill('1234,50');
    await expect(field).toBeEmpty();
    await expect(page.getByTestId('projection')).toBeVisible();
  });

  test('keyboard only: every question can be reached and answered, the result gets the focus', async ({ page }) => {
    await page.goto('/simulateur');
    await waitForHydration(page);
    const tabTo = async (selector: string) => {
      for (let i = 0; i < 80; i++) {
        if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
        await page.keyboard.press('Tab');
      }
      throw new Error(`${selector} not reachable with Tab`);
    };
    await tabTo('#age');
    await page.keyboard.type('35');
    await tabTo('#logement');
    await page.keyboard.press('ArrowDown'); // propriétaire
    await page.keyboard.press('ArrowUp'); // back to locataire
    await tabTo('#aide_logement');
    await page.keyboard.type('250');
    await tabTo('#secteur');
    await page.keyboard.press('Home'); // first sector: EHPAD
    await tabTo('#debut_mois');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown'); // février
    await tabTo('#debut_annee');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown'); // 2021
    await tabTo('#salaire');
    await page.keyboard.type('600');
    await tabTo('button[type="submit"]');
    await page.keyboard.press('Enter');
    await expect(page.locator('#resultat')).toBeFocused();
    await expectFigures(page, referenceCase('G002').expected);
  });
});

test.describe('simulator without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the form posts to the server, which renders the same figures', async ({ page }) => {
    const { answers, expected } = referenceCase('G034');
    await page.goto('/simulateur');
    await fill(page, answers);
    await page.getByRole('button', { name: 'Voir mon estimation' }).click();
    await expect(page).toHaveURL(/salaire=1400/);
    await expectFigures(page, expected);
  });

  test('a missing salary is pointed out after sending', async ({ page }) => {
    await page.goto('/simulateur');
    await page.getByLabel('Votre âge').fill('35');
    await page.getByRole('button', { name: 'Voir mon estimation' }).click();
    await expect(page.locator('#salaire-erreur')).toHaveText('Indiquez le salaire net mensuel prévu, par exemple 1 200.');
    await expect(page.getByLabel('Votre âge')).toHaveValue('35');
  });
});
