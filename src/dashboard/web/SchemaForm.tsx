import type { FieldProblem } from './actions.ts';
import type { FormField, FormValues, InputField } from './schema-form.ts';

interface Props {
  fields: FormField[];
  values: FormValues;
  problems: FieldProblem[];
  onChange: (pointer: string, value: string | boolean) => void;
}

/** Inputs for a package's options: one per property, nested objects as fieldsets, descriptions as hints. */
export function SchemaForm({ fields, values, problems, onChange }: Props) {
  return (
    <>
      {fields.map((field) =>
        field.kind === 'group' ? (
          <fieldset key={field.pointer} data-pointer={field.pointer}>
            <legend>{field.label}</legend>
            {field.description && <p class="hint">{field.description}</p>}
            <SchemaForm fields={field.fields} values={values} problems={problems} onChange={onChange} />
          </fieldset>
        ) : (
          <Field
            key={field.pointer}
            field={field}
            value={values[field.pointer]}
            problems={problems.filter((problem) => problem.field === field.pointer)}
            onChange={onChange}
          />
        ),
      )}
    </>
  );
}

function Field({
  field,
  value,
  problems,
  onChange,
}: {
  field: InputField;
  value: string | boolean | undefined;
  problems: FieldProblem[];
  onChange: Props['onChange'];
}) {
  const id = `option${field.pointer.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
  const text = typeof value === 'string' ? value : '';
  const input = (event: Event) => onChange(field.pointer, (event.target as HTMLInputElement).value);
  const common = {
    id,
    name: field.pointer,
    'aria-invalid': problems.length > 0 ? true : undefined,
    'aria-describedby': field.description ? `${id}-hint` : undefined,
  };
  return (
    <div class="field" data-pointer={field.pointer}>
      <label for={id} class={field.required ? 'required' : undefined}>
        {field.label}
      </label>
      {field.kind === 'boolean' ? (
        <input {...common} type="checkbox" checked={value === true} onChange={(event) => onChange(field.pointer, (event.target as HTMLInputElement).checked)} />
      ) : field.kind === 'enum' ? (
        <select {...common} value={text} onChange={input}>
          {!field.required && <option value="">(default)</option>}
          {(field.choices ?? []).map((choice) => (
            <option key={JSON.stringify(choice)} value={JSON.stringify(choice)}>
              {String(choice)}
            </option>
          ))}
        </select>
      ) : field.kind === 'json' ? (
        <textarea {...common} rows={2} value={text} onInput={input} />
      ) : field.kind === 'number' || field.kind === 'integer' ? (
        <input {...common} type="number" step={field.kind === 'integer' ? 1 : 'any'} min={field.minimum} max={field.maximum} value={text} onInput={input} />
      ) : field.kind === 'secret' ? (
        <input {...common} type="password" value={text} onInput={input} />
      ) : (
        <input {...common} type="text" value={text} onInput={input} />
      )}
      {field.description && (
        <span class="hint" id={`${id}-hint`}>
          {field.description}
        </span>
      )}
      {problems.map((problem) => (
        <span class="field-problem" role="alert" key={problem.message}>
          {problem.message}
        </span>
      ))}
    </div>
  );
}
