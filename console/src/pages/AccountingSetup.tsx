import { t } from '../i18n';
import { EnergyContracts } from '../accountingSetup/EnergyContracts';
import { Scope3FactorSets } from '../accountingSetup/Scope3FactorSets';
import '../carbon/carbon.css';
import '../accountingSetup/accountingSetup.css';

/** 核算设置: what the Carbon page's inventory is computed with besides meters, i.e. supplier contracts and Scope 3 factors. */
export function AccountingSetup() {
  return (
    <section class="page carbon accounting-setup">
      <h1>{t('navAccountingSetup')}</h1>
      <p class="help">
        {t('setupIntro')}{' '}
        <a href="#/carbon" data-link="carbon">
          {t('setupToCarbon')}
        </a>
      </p>
      <EnergyContracts />
      <Scope3FactorSets />
    </section>
  );
}
