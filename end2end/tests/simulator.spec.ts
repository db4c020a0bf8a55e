import { test, expect, Page } from '@playwright/test';
import { expectAccessible, expectNoHorizontalScroll, waitForHydration, watchConsole } from './helpers';
import { Answers, Expected, WithoutJob, euros, referenceCase, withoutJob } from './reference';

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

/** Every figure of the table against OpenFisca-France: without the job, with it, and with the
 * scheme (its columns are there only when the scheme applies; otherwise it changes nothing). */
async function expectFigures(page: Page, expected: Expected[], without?: WithoutJob[]) {
  const table = page.getByTestId('projection');
  await expect(table).toBeVisible();
  const schemeColumns = (await table.locator('td[data-col="rsa_avec"]').count()) > 0;
  for (const [i, e] of expected.entries()) {
    const row = table.locator(`tr[data-month="${e.month}"]`);
    const cell = async (col: string) => euros(await row.locator(`td[data-col="${col}"]`).innerText());
    expect(Math.abs((await cell('rsa_sans')) - e.rsa_without_scheme), `${e.month} RSA sans`).toBeLessThanOrEqual(0.01);
    expect(Math.abs((await cell('prime_activite')) - e.prime_activite), `${e.month} PA`).toBeLessThanOrEqual(0.01);
    if (schemeColumns) {
      expect(Math.abs((await cell('rsa_avec')) - e.rsa_with_scheme), `${e.month} RSA avec`).toBeLessThanOrEqual(0.01);
      expect(Math.abs((await cell('prime')) - e.bonus), `${e.month} prime`).toBeLessThanOrEqual(0.01);
    } else {
      expect(e.rsa_with_scheme, `${e.month}: no scheme column, so the scheme changes nothing`).toBe(e.rsa_without_scheme);
      expect(e.bonus).toBe(0);
    }
    if (without) {
      const w = without[i];
      expect(w.month).toBe(e.month);
      expect(Math.abs((await cell('rsa_sans_emploi')) - w.rsa), `${e.month} RSA sans l'emploi`).toBeLessThanOrEqual(0.01);
      expect(Math.abs((await cell('prime_activite_sans_emploi')) - w.prime_activite), `${e.month} PA sans l'emploi`).toBeLessThanOrEqual(0.01);
    }
  }
}

/** "This month" is the month of the server's clock (UTC), which the start fields default to: the
 * "today" tests compare against it, on whatever day they run. */
async function expectStartIsThisMonth(page: Page) {
  const now = new Date();
  await expect(page.getByLabel('Mois', { exact: true })).toHaveValue(String(now.getUTCMonth() + 1));
  await expect(page.getByLabel('Année', { exact: true })).toHaveValue(String(now.getUTCFullYear()));
}

/** Age 35, 1 400 € a month from this month (the default start), sent to the server. */
async function sendTodaysJob(page: Page) {
  await page.goto('/simulateur');
  await expectStartIsThisMonth(page);
  await page.getByLabel('Votre âge').fill('35');
  await page.getByLabel('Salaire net par mois').fill('1400');
  await page.getByRole('button', { name: 'Voir mon estimation' }).click();
  await expect(page).toHaveURL(/salaire=1400/);
}

/** The answer for a job starting this month: the gain of the job first, no scheme. */
async function expectTodaysAnswer(page: Page) {
  // The gain as the months give it (a range, or period by period), never an average; every
  // amount it names is one of the table's monthly differences (rounded to the euro).
  const gain = page.getByTestId('gain');
  await expect(gain).toContainText(/^Avec cet emploi, /);
  await expect(gain).not.toContainText('en moyenne');
  const differences = await page.locator('tbody td[data-col="difference"]').evaluateAll((tds) =>
    tds.map((td) => Math.round(Math.abs(Number(td.getAttribute('data-cents'))) / 100)));
  expect(differences.length).toBe(6);
  const sentence = (await gain.innerText()) + ' ' + (await page.locator('[data-testid="gain-periods"]').allInnerTexts()).join(' ');
  const said = (sentence.match(/\d[\d\u202f\u00a0 ]*(?=\u00a0€)/g) ?? [])
    .map((a) => Number(a.replace(/[^\d]/g, '')));
  expect(said.length).toBeGreaterThan(0);
  for (const amount of said) {
    expect(differences, `${amount} € is one of the months' differences`).toContain(amount);
  }
  await expect(page.getByTestId('scheme-extra')).toHaveCount(0);
  // The last month of RSA, named as such.
  await expect(page.getByTestId('benefits')).toContainText('Votre dernier mois de RSA serait');
  // A definite "no" for the 2021 scheme, said once in the answer, and nothing that reads as
  // "maybe" or "prepare your contract" for it.
  await expect(page.getByTestId('scheme-closed')).toContainText(/^Cette aide concernait les emplois commencés entre janvier et juin 2021\./);
  await expect(page.locator('.verdict')).toHaveCount(0);
  await expect(page.locator('#resultat')).not.toContainText('À confirmer');
  await expect(page.locator('#resultat')).not.toContainText('Préparez');
  // Two series, no scheme column.
  await expect(page.locator('.chart figcaption .legend')).toHaveText(['Sans cet emploi', 'Avec cet emploi']);
  await expect(page.locator('td[data-col="rsa_avec"]')).toHaveCount(0);
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
      await expectFigures(page, expected, withoutJob(id));
      // The URL carries the answers: reopening it gives the same result (server-rendered).
      expect(page.url()).toContain(`salaire=${answers.salaire}`);
      const again = await page.context().newPage();
      await again.goto(page.url());
      await expectFigures(again, expected, withoutJob(id));
      await expectNoHorizontalScroll(page);
      expect(problems).toEqual([]);
    });
  }

  test('a job starting this month: what the job changes, and why the scheme does not apply', async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto('/simulateur');
    await waitForHydration(page);
    // The start month is this month by default.
    await expectStartIsThisMonth(page);
    await page.getByLabel('Votre âge').fill('35');
    await page.getByLabel('Salaire net par mois').fill('1400');
    await expectTodaysAnswer(page);
    await expectAccessible(page);
    await expectNoHorizontalScroll(page);
    await page.locator('#resultat').screenshot({ path: 'test-results/simulateur-aujourdhui.png' });
    expect(problems).toEqual([]);
  });

  test('a job in an EHPAD in March 2021: the scheme adds its line, its columns and its words', async ({ page }) => {
    const { answers, expected } = referenceCase('G034');
    await page.goto('/simulateur');
    await waitForHydration(page);
    await fill(page, answers); // G034 is an EHPAD job from March 2021
    await expect(page.getByTestId('scheme-extra')).toContainText(/^Avec l'aide du Département, vous auriez en plus [\d\u202f]+\u00a0€ en tout sur ces 6 mois/);
    await expect(page.locator('.chart figcaption .legend')).toHaveText(['Sans cet emploi', 'Avec cet emploi', "Avec l'emploi et le dispositif"]);
    await expect(page.locator('td[data-col="rsa_avec"]')).toHaveCount(6);
    await expect(page.locator('.verdict.ko')).toHaveCount(0);
    await expectAccessible(page);
    await expectNoHorizontalScroll(page);
    await page.locator('#resultat').screenshot({ path: 'test-results/simulateur-mars-2021.png' });
    expect(expected.length).toBe(6);
  });

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
    // 20 changes of the salary, one at a time (650 € … 1 600 €).
    const salaries = Array.from({ length: 20 }, (_, i) => String(650 + 50 * i));
    for (const salary of salaries) {
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
    const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))].toFixed(1);
    console.log(`simulator input→result latency (ms), ${samples.length} inputs: median ${at(0.5)}, p90 ${at(0.9)}, max ${at(1)}`);
    await expect(page.locator('tr[data-month="2021-02"] td[data-col="salaire"]')).toContainText('1\u202f600,00');
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
    await expectFigures(page, expected, withoutJob('G034'));
  });

  test('a job starting this month, answered by the server: the answer at the top of the screen', async ({ page }) => {
    await sendTodaysJob(page);
    await expectTodaysAnswer(page);
    // The page comes back at the result (#resultat), and the decisive sentences are within
    // the first screen, not 4,000 px down.
    await expect(page).toHaveURL(/#resultat$/);
    const viewport = page.viewportSize()!;
    for (const id of ['gain', 'scheme-closed']) {
      const box = (await page.getByTestId(id).boundingBox())!;
      expect(box.y + box.height, `${id} within the first screen`).toBeLessThanOrEqual(viewport.height);
      expect(box.y).toBeGreaterThanOrEqual(0);
    }
  });

  test('a job in an EHPAD in March 2021, answered by the server', async ({ page }) => {
    const { answers } = referenceCase('G034');
    await page.goto('/simulateur');
    await fill(page, answers); // G034 is an EHPAD job from March 2021
    await page.getByRole('button', { name: 'Voir mon estimation' }).click();
    await expect(page.getByTestId('scheme-extra')).toContainText("Avec l'aide du Département");
    await expect(page.locator('.chart figcaption .legend')).toHaveCount(3);
  });

  test('a missing salary is pointed out after sending', async ({ page }) => {
    await page.goto('/simulateur');
    await page.getByLabel('Votre âge').fill('35');
    await page.getByRole('button', { name: 'Voir mon estimation' }).click();
    await expect(page.locator('#salaire-erreur')).toHaveText('Indiquez le salaire net mensuel prévu, par exemple 1 200.');
    await expect(page.getByLabel('Votre âge')).toHaveValue('35');
  });
});

// axe-core runs as JavaScript in the page, so it cannot check a page with JavaScript off. The same
// server-rendered answers are checked here with the app's scripts and wasm blocked: the form posts
// to the server and the page stays exactly as the server sent it.
test.describe('server-rendered answers (app scripts blocked), at 360 × 740', () => {
  test.beforeEach(async ({ page }) => {
    // The stylesheet is under /pkg/ too: only scripts and wasm are blocked.
    await page.route(/\/pkg\/.*\.(js|wasm)(\?.*)?$/, (route) => route.abort());
    await page.route('**/sw.js', (route) => route.abort());
  });

  test('a job starting this month: accessible as the server renders it', async ({ page }) => {
    await sendTodaysJob(page);
    await expectTodaysAnswer(page);
    await expectAccessible(page);
    await expectNoHorizontalScroll(page);
  });

  test('a job in an EHPAD in March 2021: accessible as the server renders it', async ({ page }) => {
    const { answers, expected } = referenceCase('G034');
    await page.goto('/simulateur');
    await fill(page, answers);
    await page.getByRole('button', { name: 'Voir mon estimation' }).click();
    await expect(page.getByTestId('scheme-extra')).toBeVisible();
    await expectFigures(page, expected, withoutJob('G034'));
    await expectAccessible(page);
    await expectNoHorizontalScroll(page);
  });
});
