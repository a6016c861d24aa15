// Swagger UI, checked the way a person explores the API: in a real headless Chromium, open /swagger, authorize with a
// key, open POST /match, "Try it out" with the document's own example, Execute, and read the 200 and the ranked
// candidates off the page. Run by .ci/run against a freshly started API (see README, "Checking Swagger UI").
//
//   MATCHING_URL=http://127.0.0.1:5080 MATCHING_API_KEY=... CHROMIUM=/usr/bin/chromium node swagger-ui-check.mjs
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const base = (process.env.MATCHING_URL ?? 'http://127.0.0.1:5080').replace(/\/$/, '');
const key = process.env.MATCHING_API_KEY;
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const seedPath = new URL('../Matching.Core.Tests/Corpus/00-seed-ml-engineer-ru.md', import.meta.url);
if (!key) fail('MATCHING_API_KEY is not set');

function fail(message) {
  console.error(`swagger-ui-check: FAILED: ${message}`);
  process.exit(1);
}

// A candidate to rank: the seed questionnaire (an ML engineer: PyTorch, YOLO, RAG, SQL), stored through the API.
const seed = await readFile(seedPath, 'utf8');
const ingest = await fetch(`${base}/profiles`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', 'X-Api-Key': key },
  body: JSON.stringify({ externalId: 'swagger-ui-check-seed', language: 'auto', questionnaire: { format: 'markdown', content: seed } }),
});
if (ingest.status !== 201 && ingest.status !== 200) fail(`ingesting the seed answered ${ingest.status}: ${await ingest.text()}`);
const { id: profileId } = await ingest.json();

const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
try {
  const page = await browser.newPage();
  const consoleErrors = [];
  page.on('pageerror', e => consoleErrors.push(String(e)));
  await page.goto(`${base}/swagger/index.html`, { waitUntil: 'networkidle' });
  await page.waitForSelector('.swagger-ui .information-container', { timeout: 30_000 });

  // Authorize: the API-key scheme's dialog.
  await page.click('button.btn.authorize');
  const dialog = page.locator('.dialog-ux .modal-ux');
  await dialog.locator('input[type="text"], input[type="password"]').first().fill(key);
  await dialog.locator('button.btn.modal-btn.auth.authorize').click();
  await dialog.locator('button.btn-done, button.btn.modal-btn.auth.btn-done').first().click();

  // POST /match: expand, Try it out with the example the document gives, Execute.
  const op = page.locator('.opblock.opblock-post').filter({ has: page.locator('.opblock-summary-path[data-path="/match"]') }).first();
  await op.locator('.opblock-summary').click();
  await op.locator('button.try-out__btn').click();
  const body = op.locator('textarea.body-param__text');
  const example = await body.inputValue();
  if (!example.includes('requirements') && !example.includes('jobId')) fail(`the /match example is not a real request: ${example.slice(0, 200)}`);
  // The example names the seed's skills; ask for enough candidates to see the seed among them.
  await op.locator('button.execute').click();
  const status = op.locator('.live-responses-table .response .response-col_status').first();
  await status.waitFor({ timeout: 30_000 });
  const code = (await status.innerText()).trim();
  if (code !== '200') fail(`Execute on POST /match showed status ${code}`);
  const responseText = await op.locator('.live-responses-table .response .response-col_description pre, .live-responses-table .microlight').first().innerText();
  let answer;
  try { answer = JSON.parse(responseText); } catch { fail(`the response on the page is not JSON: ${responseText.slice(0, 200)}`); }
  const results = answer.results ?? answer.matches ?? [];
  if (!Array.isArray(results) || results.length === 0) fail(`no ranked result on the page: ${responseText.slice(0, 300)}`);
  const scores = results.map(r => r.score);
  for (let i = 1; i < scores.length; i++) if (scores[i] > scores[i - 1]) fail(`results are not ranked: ${scores.join(', ')}`);
  if (!results.some(r => r.profileId === profileId)) fail(`the seed candidate ${profileId} is not among the ${results.length} results`);
  if (consoleErrors.length > 0) fail(`the page raised errors: ${consoleErrors.join('; ')}`);
  console.log(`swagger-ui-check: ok — authorized, POST /match executed from Swagger UI: 200, ${results.length} ranked result(s), top score ${scores[0]}`);
} finally {
  await browser.close();
}

// Tidy: the check's candidate is erased again.
await fetch(`${base}/profiles/${profileId}`, { method: 'DELETE', headers: { 'X-Api-Key': key } });
