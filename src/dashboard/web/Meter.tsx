import { percent } from './format.ts';

/** A bar of used against total, with both numbers as text. */
export function Meter({ label, used, total, format }: { label: string; used: number; total: number; format: (value: number) => string }) {
  const share = percent(used, total);
  return (
    <div class="meter" title={`${label}: ${format(used)} of ${format(total)} used (${share}%)`}>
      <span class="meter-label">{label}</span>
      <span class="meter-bar">
        <span class={share >= 90 ? 'meter-fill full' : 'meter-fill'} style={{ width: `${share}%` }} />
      </span>
      <span class="meter-text">
        {format(used)} / {format(total)}
      </span>
    </div>
  );
}
