import type { PlaygroundConfig } from '../page.ts';
import { savedToken, saveToken } from '../../client/browser-token.ts';

export interface Bar {
  /** Shows the gateway's reason for refusing the page's token (or its lack of one). */
  refused(message: string): void;
}

/**
 * The strip above GraphiQL: the API token (kept in this browser, never in
 * the address), what to do without one, and the documented operations as
 * examples. GraphiQL's own Headers tab still works; this field is what a
 * person looks for first.
 */
export function drawBar(root: HTMLElement, config: PlaygroundConfig): Bar {
  const saved = savedToken();
  root.innerHTML = `
    <strong class="title"></strong>
    <form class="token">
      <label for="playground-token">API token</label>
      <input id="playground-token" name="token" type="password" autocomplete="off" spellcheck="false" placeholder="corral_api_…">
      <button type="submit">Use token</button>
      <button type="button" class="forget">Forget</button>
    </form>
    <label class="examples">Examples <select aria-label="Examples"><option value="">open an operation…</option><option value="tour">The tour</option></select></label>
    <a href="./">Dashboard</a>
    <p class="note" role="status"></p>`;
  root.querySelector('.title')!.textContent = `${config.title} playground`;
  const form = root.querySelector('form')!;
  const input = form.querySelector('input')!;
  const forget = form.querySelector<HTMLButtonElement>('.forget')!;
  const note = root.querySelector<HTMLElement>('.note')!;
  input.value = saved ?? '';
  forget.hidden = !saved;

  // The schema, the editors' checks and the socket all depend on the token: the page starts again with it (tabs are kept).
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    saveToken(input.value.trim() || undefined);
    location.reload();
  });
  forget.addEventListener('click', () => {
    saveToken(undefined);
    location.reload();
  });

  const where =
    'corral dev keeps its admin token in .corral/api-token (its Dashboard: link carries it too); corral server prints one at its first start; corral token create --role viewer makes others.';
  if (saved) note.textContent = 'The token is kept in this browser and sent as Authorization: Bearer with every query, mutation and subscription.';
  else if (config.tokensRequired) {
    note.textContent = `This gateway requires an API token: paste one here. ${where} It is kept in this browser, never in the address.`;
    note.classList.add('wanted');
  } else note.textContent = 'This gateway does not require tokens (--no-auth).';

  drawExamples(root.querySelector('select')!, config);
  return {
    refused: (message) => {
      note.setAttribute('role', 'alert');
      note.classList.add('wanted');
      note.textContent = `${message}. ${saved ? 'Paste another token here.' : 'Paste an API token here.'} ${where}`;
    },
  };
}

/**
 * Each operation of schema/operations, grouped by file. Choosing one opens it
 * in a tab of its own: GraphiQL opens the operation an address's `query`
 * names (or goes to its tab), so the page goes there.
 */
function drawExamples(select: HTMLSelectElement, config: PlaygroundConfig) {
  const groups = new Map<string, HTMLOptGroupElement>();
  config.examples.forEach((example, index) => {
    let group = groups.get(example.file);
    if (!group) {
      group = document.createElement('optgroup');
      group.label = example.file;
      groups.set(example.file, group);
      select.append(group);
    }
    group.append(new Option(example.name, String(index)));
  });
  select.addEventListener('change', () => {
    const chosen = select.value === 'tour' ? config.tour : config.examples[Number(select.value)]?.text;
    if (!chosen) return;
    const url = new URL(location.pathname, location.href);
    url.searchParams.set('query', chosen);
    location.assign(url);
  });
}
