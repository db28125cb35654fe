/** A measure's progress: a native progress bar (announced with its label) and the percentage as text. */
export function Progress({ value, shown, label }: { value: number; shown: string; label: string }) {
  return (
    <span className="progress-line">
      <progress max={100} value={value} aria-label={label} /> {shown}
    </span>
  );
}
