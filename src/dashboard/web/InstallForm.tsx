import { useEffect, useMemo, useState } from 'preact/hooks';
import { InstallPackageDocument, PackageDocument, type InstallPackageMutation, type PackageQuery } from '../../client/generated/graphql.ts';
import { useAction } from './actions.ts';
import { request } from './api.ts';
import { ProblemNote } from './ProblemNote.tsx';
import { SchemaForm } from './SchemaForm.tsx';
import { formFields, initialValues, optionsFrom, type FormValues, type JsonSchema } from './schema-form.ts';

type Package = NonNullable<PackageQuery['package']>;
type Installed = Extract<InstallPackageMutation['installPackage'], { __typename: 'InstallPackageSuccess' }>['data'];

/** Installs one package: its version, the app id to install as, and its options, from its schema with the defaults filled in. */
export function InstallForm({ name, version: newest, onClose }: { name: string; version: string; onClose: () => void }) {
  const [version, setVersion] = useState(newest);
  const [pkg, setPkg] = useState<Package | null>();
  const [loadProblem, setLoadProblem] = useState<string>();
  const [values, setValues] = useState<FormValues>({});
  const [appId, setAppId] = useState('');
  const [installed, setInstalled] = useState<Installed>();
  const [localProblems, setLocalProblems] = useState<{ field: string; message: string }[]>([]);
  const install = useAction();

  useEffect(() => {
    let current = true;
    setPkg(undefined);
    request(PackageDocument, { name, version })
      .then(({ package: found }) => {
        if (!current) return;
        setPkg(found);
        setValues(found ? initialValues(found.configSchema as JsonSchema) : {});
      })
      .catch((error: Error) => current && setLoadProblem(error.message));
    return () => {
      current = false;
    };
  }, [name, version]);

  const schema = (pkg?.configSchema ?? {}) as JsonSchema;
  const fields = useMemo(() => formFields(schema), [schema]);

  const submit = async (event: Event) => {
    event.preventDefault();
    const { options, problems } = optionsFrom(schema, values);
    setLocalProblems(problems);
    if (problems.length > 0) return install.fail('some options are not valid: see the fields');
    setInstalled(undefined);
    let result: Installed | undefined;
    await install.run(async () => {
      const answer = await request(InstallPackageDocument, { name, version, options, appId: appId.trim() || undefined });
      if (answer.installPackage.__typename === 'InstallPackageSuccess') result = answer.installPackage.data;
      return answer;
    });
    setInstalled(result);
  };

  // The API names bad options by JSON pointer: those show at their field, the rest above the button.
  const problems = [...localProblems, ...(install.problem?.fields ?? [])];
  const known = new Set(collectPointers(fields));
  const general = install.problem && { ...install.problem, fields: install.problem.fields?.filter((field) => !known.has(field.field)) };

  return (
    <form class="install" noValidate onSubmit={submit} aria-label={`install ${name}`} data-package={name}>
      <h3>
        Install {name}{' '}
        <button type="button" class="link" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </h3>
      {loadProblem && <p class="problem">{loadProblem}</p>}
      {pkg === null && (
        <p class="problem">
          {name} {version} is no longer in the catalog.
        </p>
      )}
      {pkg && (
        <>
          <p class="muted">{pkg.description}</p>
          {pkg.preInstallNotes && <p class="note warn">{pkg.preInstallNotes}</p>}
          {pkg.requiredPrograms.length > 0 && <p class="note muted">Needs on the agent: {pkg.requiredPrograms.join(', ')}</p>}
          <div class="field">
            <label for="install-version">version</label>
            <select id="install-version" value={version} onChange={(event) => setVersion((event.target as HTMLSelectElement).value)}>
              {pkg.versions.map((each) => (
                <option key={each} value={each}>
                  {each}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="install-app-id">app id</label>
            <input
              id="install-app-id"
              type="text"
              placeholder={`the package's own, else /${name}`}
              value={appId}
              onInput={(event) => setAppId((event.target as HTMLInputElement).value)}
            />
            <span class="hint">The app (one app) or group (several apps) to install it as</span>
          </div>
          <SchemaForm fields={fields} values={values} problems={problems} onChange={(pointer, value) => setValues({ ...values, [pointer]: value })} />
          <div class="actions">
            <button type="submit" class="primary" disabled={install.pending}>
              Install
            </button>
            <ProblemNote problem={general} onDismiss={install.clear} />
          </div>
          {installed && (
            <div class="note" role="status" data-role="installed">
              Installed {installed.installedPackage.name} {installed.installedPackage.version} as <b>{installed.installedPackage.appId}</b>
              {installed.apps.length > 1 ? ` (${installed.apps.length} apps)` : ''}.
              {installed.agentsNotQualifying && <p class="note warn">{installed.agentsNotQualifying}</p>}
              {installed.postInstallNotes && <p class="muted">{installed.postInstallNotes}</p>}
            </div>
          )}
        </>
      )}
    </form>
  );
}

function collectPointers(fields: ReturnType<typeof formFields>): string[] {
  return fields.flatMap((field) => (field.kind === 'group' ? collectPointers(field.fields) : [field.pointer]));
}
