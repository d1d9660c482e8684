/**
 * The console's two languages. Chinese is the default; the choice (and nothing else) is kept in localStorage.
 * Every visible string goes through `t`, so a missing translation is a type error, not an English word in a Chinese page.
 */
import * as flow from './messages/flow';
import * as market from './messages/market';
import * as notarization from './messages/notarization';
import * as shell from './messages/shell';
import * as trust from './messages/trust';
import * as carbon from './messages/carbon';
import * as monitoring from './messages/monitoring';
import * as meters from './messages/meters';
import * as alerts from './messages/alerts';
import * as measures from './messages/measures';
import * as park from './messages/park';
import * as energyAnalysis from './messages/energyAnalysis';
import * as analysis from './messages/analysis';
import * as supplyChain from './messages/supplyChain';
import * as calendar from './messages/calendar';
import * as baseYear from './messages/baseYear';
import * as scope3 from './messages/scope3';
import * as parkAnalysis from './messages/parkAnalysis';
import * as accountingSetup from './messages/accountingSetup';
import * as quota from './messages/quota';
import * as balance from './messages/balance';
import * as footprint from './messages/footprint';

/**
 * Each area's strings live in messages/<area>.ts as a `zh` dictionary and an `en` one typed by it; merging them here
 * keeps one MessageKey type, so a key missing in English is a compile error.
 */
const zh = {
  ...shell.zh,
  ...notarization.zh,
  ...trust.zh,
  ...carbon.zh,
  ...monitoring.zh,
  ...meters.zh,
  ...flow.zh,
  ...alerts.zh,
  ...market.zh,
  ...measures.zh,
  ...park.zh,
  ...energyAnalysis.zh,
  ...analysis.zh,
  ...supplyChain.zh,
  ...calendar.zh,
  ...baseYear.zh,
  ...scope3.zh,
  ...parkAnalysis.zh,
  ...accountingSetup.zh,
  ...quota.zh,
  ...balance.zh,
  ...footprint.zh,
};

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  ...shell.en,
  ...notarization.en,
  ...trust.en,
  ...carbon.en,
  ...monitoring.en,
  ...meters.en,
  ...flow.en,
  ...alerts.en,
  ...market.en,
  ...measures.en,
  ...park.en,
  ...energyAnalysis.en,
  ...analysis.en,
  ...supplyChain.en,
  ...calendar.en,
  ...baseYear.en,
  ...scope3.en,
  ...parkAnalysis.en,
  ...accountingSetup.en,
  ...quota.en,
  ...balance.en,
  ...footprint.en,
};

export type Language = 'zh' | 'en';
const DICTIONARIES: Record<Language, Record<MessageKey, string>> = { zh, en };
const STORAGE_KEY = 'nengtan.language';

function storedLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

let current: Language = storedLanguage();

export function language(): Language {
  return current;
}

export function setLanguage(next: Language): void {
  current = next;
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Private windows may refuse storage; the choice then lasts for the page only.
  }
}

export function t(key: MessageKey): string {
  return DICTIONARIES[current][key];
}
