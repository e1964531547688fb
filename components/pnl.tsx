/** A decimal-string PnL shown verbatim, coloured by its sign (no float parsing). */
export function PnlText({ value, testId }: { value: string | null; testId?: string }) {
  if (value === null || value === "") return <span className="text-slate-400">—</span>;
  const negative = value.trim().startsWith("-");
  const zero = /^-?0*(\.0*)?$/.test(value.trim());
  const tone = zero ? "text-slate-600" : negative ? "text-rose-700" : "text-emerald-700";
  return (
    <span data-testid={testId} className={`font-mono tabular-nums ${tone}`}>
      {!negative && !zero ? "+" : ""}
      {value}
    </span>
  );
}
