/** Strings of the working-day calendar and the flexible loads (energy analysis and meters pages). */
export const zh = {
  calTitle: '工作日历（节假日与调休）',
  calIntro:
    '在周一至周五上班的基础上，标记法定节假日（不上班）和调休上班日（如调休的周六）。告警的工作时间规则与能耗分析的夜间、周末与节假日用电均按此计算；每次修改都记录修改人与时间。',
  calDay: '日期',
  calKind: '类型',
  calKind_holiday: '节假日（不上班）',
  calKind_workday: '调休上班日',
  calName: '名称（可空）',
  calChangedAt: '修改时间',
  calAdd: '添加',
  calRemove: '移除',
  calEmpty: '日历中没有节假日或调休日：周一至周五为工作日。',
  calOffHoursCalendar:
    '按工作日历：{holidays} 个节假日计为非工作日，{adjustedWorkdays} 个调休日计为工作日；非工作日用电 {nonWorkingDayKwh} kWh，工作日用电 {workingDayKwh} kWh。',
  calBasis_flagged:
    '仅按标记为可调节负荷的计量表测算：各表按自身设定的可转移比例（未设定时按本次分析的比例）把峰段和尖峰用电移到同一电价版本的谷段，其他计量表不变。',
  calBasis_requested: '按本次指定的计量表测算：其峰段和尖峰用电按上述比例移到同一电价版本的谷段。',
  calBasis_all_electricity:
    '尚未标记可调节负荷：假定全部关口电表峰段和尖峰用电的 {movableSharePercent} % 可以移到谷段。请在“计量与数据”中标记空压机、冷水机组、充电桩、电锅炉等可调节负荷。',
  calFlexibleMeter: '可调节计量表',
  calMeterShare: '可转移比例',
  calShareSource_meter: '计量表设定',
  calShareSource_analysis: '分析比例',
  calPeakKwh: '峰段与尖峰（kWh）',
  calMovableKwh: '可转移（kWh）',
  calFlexibleTitle: '可调节负荷（削峰填谷）',
  calFlexibleIntro:
    '标记可在时间上转移的用电设备的电表（空压机、冷水机组、充电桩、电锅炉等），可设定其峰段用电最多可转移的比例。能耗分析的削峰填谷测算只使用已标记的电表。',
  calFlexibleNone: '尚未标记可调节负荷：削峰填谷按全部关口电表测算。',
  calFlexibleShare: '最大可转移比例（%，可空）',
  calFlexibleNote: '说明（可空）',
  calFlexibleFlag: '标记为可调节负荷',
  calFlexibleUnflag: '取消标记',
};

export const en: Record<keyof typeof zh, string> = {
  calTitle: 'Working-day calendar (holidays and adjusted working days)',
  calIntro:
    'On top of Monday to Friday, mark public holidays (no work) and adjusted working days (a weekend day worked, 调休). Alert schedule rules and the night, weekend and holiday figures of the energy analysis follow it; every change is recorded with who and when.',
  calDay: 'Date',
  calKind: 'Kind',
  calKind_holiday: 'Holiday (no work)',
  calKind_workday: 'Adjusted working day',
  calName: 'Name (optional)',
  calChangedAt: 'Changed',
  calAdd: 'Add',
  calRemove: 'Remove',
  calEmpty: 'No holiday or adjusted working day: Monday to Friday are working days.',
  calOffHoursCalendar:
    'By the calendar: {holidays} holiday(s) count as non-working and {adjustedWorkdays} adjusted working day(s) as working; {nonWorkingDayKwh} kWh on non-working days, {workingDayKwh} kWh on working days.',
  calBasis_flagged:
    "Only the meters flagged as flexible loads: each meter's own largest share (or this analysis's share when it has none) of its peak and sharp use moves to valley hours of the same tariff version; other meters stay as they are.",
  calBasis_requested:
    'The meters asked for: that share of their peak and sharp use moves to valley hours of the same tariff version.',
  calBasis_all_electricity:
    'No meter is flagged as a flexible load: {movableSharePercent} % of the peak and sharp use of every boundary electricity meter is assumed movable. Flag compressors, chillers, EV chargers or electric boilers under Meters and data.',
  calFlexibleMeter: 'Flexible meter',
  calMeterShare: 'Movable share',
  calShareSource_meter: 'set on the meter',
  calShareSource_analysis: "analysis's share",
  calPeakKwh: 'Peak and sharp (kWh)',
  calMovableKwh: 'Movable (kWh)',
  calFlexibleTitle: 'Flexible loads (load shifting)',
  calFlexibleIntro:
    'Flag the meters of equipment whose use can move in time (compressors, chillers, EV chargers, electric boilers), optionally with the largest share of their peak use that may move. The load shifting figure of the energy analysis then uses these meters only.',
  calFlexibleNone: 'No flexible load flagged: load shifting is estimated over all boundary electricity meters.',
  calFlexibleShare: 'Largest movable share (%, optional)',
  calFlexibleNote: 'Note (optional)',
  calFlexibleFlag: 'Flag as flexible load',
  calFlexibleUnflag: 'Unflag',
};
