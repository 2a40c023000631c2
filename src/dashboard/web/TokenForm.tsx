import { useEffect, useState } from 'preact/hooks';
import { onRefused, savedToken, saveToken } from './api.ts';

/**
 * Asks for an API token when the gateway refuses the page (corral server
 * requires one; corral dev does not). The page starts again with the token,
 * since every query and the socket must carry it.
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
      <input type="password" aria-label="API token" placeholder="corral_api_…" value={token} onInput={(event) => setToken((event.target as HTMLInputElement).value)} />
      <button type="submit" class="primary" disabled={!token.trim()}>
        Use token
      </button>
    </form>
  );
}
