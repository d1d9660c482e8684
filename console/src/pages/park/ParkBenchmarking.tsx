import { t, type MessageKey } from '../../i18n';
import type { Benchmarking, Level } from './parkAnalysisTypes';

const levelWord = (level: Level) => t(`parkLevel_${level ?? 'none'}` as MessageKey);
const levels = (b: { advanced: string | null; baseline: string | null }) =>
  `${b.advanced ?? '—'} / ${b.baseline ?? '—'}`;

/** Members ranked per product by energy per unit, each against the park's own benchmark levels. */
export function ParkBenchmarking({ benchmarking }: { benchmarking: Benchmarking }) {
  return (
    <section class="park-benchmarking">
      <h3>{t('parkBenchmarking')}</h3>
      {benchmarking.products.length === 0 && <p class="notice">{t('parkBenchmarkingNone')}</p>}
      {benchmarking.products.map((p) => (
        <div key={`${p.product}/${p.unit}`} data-benchmark-product={p.product}>
          <h4>
            {p.product} ({p.unit})
            {p.benchmarks.kgcePerUnit && ` · ${t('parkBenchmarkLevels')}: ${levels(p.benchmarks.kgcePerUnit)} kgce`}
            {p.benchmarks.kgCO2ePerUnit &&
              ` · ${t('parkBenchmarkLevels')}: ${levels(p.benchmarks.kgCO2ePerUnit)} kgCO2e`}
          </h4>
          {!p.benchmarks.kgcePerUnit && !p.benchmarks.kgCO2ePerUnit && (
            <p class="notice">{t('parkBenchmarkNoTable')}</p>
          )}
          <table class="figures">
            <thead>
              <tr>
                <th>{t('parkRank')}</th>
                <th>{t('parkMember')}</th>
                <th>{t('parkKgcePerUnit')}</th>
                <th>{t('parkLevelEnergy')}</th>
                <th>{t('parkCo2ePerUnit')}</th>
                <th>{t('parkLevelCarbon')}</th>
              </tr>
            </thead>
            <tbody>
              {p.members.map((m) => (
                <tr key={m.memberId} data-benchmarked={m.name}>
                  <td>{m.rank}</td>
                  <td>{m.name}</td>
                  <td data-kgce>{m.kgcePerUnit}</td>
                  <td data-level={m.kgceLevel ?? 'none'} class={`level ${m.kgceLevel ?? ''}`}>
                    {levelWord(m.kgceLevel)}
                  </td>
                  <td data-co2e>{m.kgCO2ePerUnit}</td>
                  <td class={`level ${m.co2eLevel ?? ''}`}>{levelWord(m.co2eLevel)}</td>
                </tr>
              ))}
              <tr data-row="park-average">
                <td />
                <td>{t('parkParkAverage')}</td>
                <td data-kgce>{p.parkAverage.kgcePerUnit}</td>
                <td />
                <td data-co2e>{p.parkAverage.kgCO2ePerUnit}</td>
                <td />
              </tr>
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
