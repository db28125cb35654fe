// Charts drawn on the server as SVG: no JavaScript, no chart library, nothing to load. Each
// chart is a picture of a table printed next to it, which carries the numbers for everyone.

export type Bar = { key: string | number; label: string; value: number; display: string; highlight?: boolean };

const WIDTH = 360;
const ROW = 46;
const LABEL_MAX = 42;

function shorten(label: string): string {
  const chars = [...label];
  return chars.length > LABEL_MAX ? `${chars.slice(0, LABEL_MAX - 1).join("")}…` : label;
}

/**
 * Horizontal bars, one row each: the label above, the bar below with its value at the end.
 * Sized in viewBox units so that it scales to any width; the text stays readable at 360 px.
 */
export function BarChart({ bars, title, id }: { bars: readonly Bar[]; title: string; id: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = bars.length * ROW + 4;
  return (
    <svg className="chart" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-title`} width="100%" preserveAspectRatio="xMinYMin meet">
      <title id={`${id}-title`}>{title}</title>
      {bars.map((b, i) => {
        const y = i * ROW;
        const w = Math.max(b.value > 0 ? 2 : 0, Math.round((b.value / max) * (WIDTH - 90)));
        return (
          <g key={b.key}>
            <text x="0" y={y + 15} className="chart-label">
              {shorten(b.label)}
            </text>
            <rect x="0" y={y + 21} width={w} height="16" rx="2" className={b.highlight ? "chart-bar chart-bar-highlight" : "chart-bar"} />
            <text x={w + 6} y={y + 34} className="chart-value">
              {b.display}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
