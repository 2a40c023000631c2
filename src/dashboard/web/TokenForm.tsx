import { useEffect, useState } from 'preact/hooks';
import { onRefused, savedToken, saveToken } from './api.ts';

/**
 * Asks for an API token when the gateway refuses the page (corral dev and
 * corral server require one, unless started with --no-auth), and says where
 * to find it. The page starts again with the token, since every query and the
 * socket must carry it.
 */
export function TokenForm() {
  const [refusal, setRefusal] = useState<string>();
  const [token, setToken] = useState('');
  useEffect(() => onRefused(setRefusal), []);
  const use = (value: string | undefined) => {
    saveToken(value);
    location.reload();
  };

  if (!refusal) {
    return savedToken() ? (
      <button type="button" class="link token-forget" onClick={() => use(undefined)}>
        forget token
      </button>
    ) : null;
  }
  return (
    <form
      class="token-form"
      onSubmit={(event) => {
        event.preventDefault();
        use(token.trim());
      }}
    >
      <span role="alert">{refusal}</span>
      <span class="token-hint">
        corral dev prints a link to this page with its token (Dashboard: …/#token=…) and keeps the token in the api-token file beside its data folder; corral
        server prints an admin token at its first start, and corral token create makes others.
      </span>
      <input
        type="password"
        aria-label="API token"
        placeholder="corral_api_…"
        value={token}
        onInput={(event) => setToken((event.target as HTMLInputElement).value)}
      />
      <button type="submit" class="primary" disabled={!token.trim()}>
        Use token
      </button>
    </form>
  );
}
