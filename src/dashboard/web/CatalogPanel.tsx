import { useState } from 'preact/hooks';
import { PackagesDocument } from '../../client/generated/graphql.ts';
import { InstallForm } from './InstallForm.tsx';
import { eventDomain, useLiveQuery, type LogEvent } from './live.ts';

// Repositories come and go through catalog events; installs change nothing listed here.
const concernsCatalog = (event: LogEvent) => eventDomain(event) === 'catalog';

/** The packages of the catalog repositories, searchable, each installable through a form made from its options schema. */
export function CatalogPanel() {
  const [search, setSearch] = useState('');
  const [tag, setTag] = useState<string>();
  const [chosen, setChosen] = useState<{ name: string; version: string }>();
  const packages = useLiveQuery(PackagesDocument, { search: search.trim() || undefined, tag, first: 100 }, concernsCatalog);
  const nodes = packages.data?.packages.edges.map((edge) => edge.node) ?? [];

  return (
    <section class="panel" aria-labelledby="catalog-title">
      <h2 id="catalog-title">
        Catalog <span class="count">{packages.data?.packages.totalCount ?? ''}</span>
      </h2>
      <div class="catalog-search">
        <input
          type="search"
          aria-label="Search packages"
          placeholder="Search names, tags, descriptions"
          value={search}
          onInput={(event) => setSearch((event.target as HTMLInputElement).value)}
        />
        {tag && (
          <button type="button" class="small selected" onClick={() => setTag(undefined)} title="Show every tag">
            tag: {tag} ×
          </button>
        )}
      </div>
      {packages.error && <p class="problem">{packages.error}</p>}
      {packages.data && nodes.length === 0 && <p class="empty">No package matches.</p>}
      <ul class="catalog-list">
        {nodes.map((pkg) => (
          <li key={`${pkg.repository}/${pkg.name}`} class={chosen?.name === pkg.name ? 'package selected' : 'package'} data-package={pkg.name}>
            <h3>
              {pkg.name} <span class="muted">{pkg.version}</span>
            </h3>
            <p>{pkg.description}</p>
            <div class="tags">
              {pkg.tags.map((each) => (
                <button type="button" key={each} class="link tag" onClick={() => setTag(each)}>
                  {each}
                </button>
              ))}
              <button type="button" class="small" style={{ marginLeft: 'auto' }} onClick={() => setChosen({ name: pkg.name, version: pkg.version })}>
                Install…
              </button>
            </div>
          </li>
        ))}
      </ul>
      {chosen && <InstallForm key={chosen.name} name={chosen.name} version={chosen.version} onClose={() => setChosen(undefined)} />}
    </section>
  );
}
