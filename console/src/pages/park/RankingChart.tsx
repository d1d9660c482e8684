/** A decimal string as integer millionths; negative figures draw no bar. */
function scaled(text: string): bigint {
  const [whole, fraction = ''] = text.replace(/^-/, '').split('.');
  return text.startsWith('-') ? 0n : BigInt(whole + fraction.padEnd(6, '0').slice(0, 6));
}

/** A horizontal bar chart of members, in the order given (the ranking), each bar labelled with its exact figure. */
export function RankingChart({ rows, unit }: { rows: { label: string; value: string }[]; unit: string }) {
  const max = rows.reduce((m, r) => (scaled(r.value) > m ? scaled(r.value) : m), 0n);
  // Bar lengths in pixels from exact per-mille shares (display only; the figures are printed beside them).
  const width = (value: string) => (max === 0n ? 1 : Math.max(1, Number((scaled(value) * 300n) / max)));
  const rowHeight = 28;
  const height = rows.length * rowHeight + 8;
  return (
    <svg class="ranking-chart" role="img" viewBox={`0 0 680 ${height}`} width="680" height={height}>
      {rows.map((r, i) => (
        <g key={r.label} transform={`translate(0 ${i * rowHeight + 4})`} data-bar={r.label}>
          <text x="0" y="17" font-size="13">
            {i + 1}. {r.label}
          </text>
          <rect x="200" y="4" height="18" width={width(r.value)} fill="#2f7d5b" />
          <text x="510" y="17" font-size="13">
            {r.value} {unit}
          </text>
        </g>
      ))}
    </svg>
  );
}
