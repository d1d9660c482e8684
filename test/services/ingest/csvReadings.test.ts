import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCsvReadings, parseMapping, type CsvMapping } from '../../../services/ingest/csvReadings';
import { NengtanError } from '../../../services/lib/errors';
import { parseTimestamp } from '../../../services/lib/time';

const FIXTURES = path.join(__dirname, '../../fixtures/csv');
const MAX = 50_000;

async function refusal(fn: () => Promise<unknown>): Promise<NengtanError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof NengtanError) return error;
    throw error;
  }
  throw new Error('expected a NengtanError');
}

const csv = (...lines: string[]) => lines.join('\n') + '\n';
const parseCsv = (text: string, mapping: CsvMapping, max = MAX) =>
  parseCsvReadings(text, mapping, { maxReadings: max, maxRows: MAX });

describe('parseCsvReadings', function () {
  describe('with one reading per row', function () {
    const text = csv(
      'meter,start,kwh,unit',
      'M-1,2026-11-01T08:00:00+08:00,12.50,kWh',
      'M-2,2026-11-01T08:15:00+08:00, 0013.0 ,MWh',
    );

    it('reads a fixed meter for every row', async function () {
      const { batch } = await parseCsv(text, { meter: { value: 'M-9' }, time: 'start', value: 'kwh' });
      expect(batch.readings.map((r) => r.meter)).to.deep.equal(['M-9', 'M-9']);
    });

    it('reads the meter from a column', async function () {
      const { batch } = await parseCsv(text, { meter: 'meter', time: 'start', value: 'kwh' });
      expect(batch.readings.map((r) => r.meter)).to.deep.equal(['M-1', 'M-2']);
    });

    it('indexes each reading by its 1-based line in the file', async function () {
      const { batch } = await parseCsv(text, { meter: 'meter', time: 'start', value: 'kwh' });
      expect(batch.readings.map((r) => r.index)).to.deep.equal([2, 3]);
    });

    it('passes values on as trimmed text, never as numbers', async function () {
      const { batch } = await parseCsv(text, { meter: 'meter', time: 'start', value: 'kwh' });
      expect(batch.readings.map((r) => r.value)).to.deep.equal(['12.50', '0013.0']);
    });

    it('defaults to start times passed on as written', async function () {
      const { batch } = await parseCsv(text, { meter: 'meter', time: 'start', value: 'kwh' });
      expect(batch.readings[0]).to.deep.include({ timeField: 'start', time: '2026-11-01T08:00:00+08:00' });
    });

    it('reads the unit from a column', async function () {
      const { batch } = await parseCsv(text, { meter: 'meter', time: 'start', value: 'kwh', unit: 'unit' });
      expect(batch.readings.map((r) => r.unit)).to.deep.equal(['kWh', 'MWh']);
    });

    it('leaves the unit out when the unit cell is empty', async function () {
      const { batch } = await parseCsv(csv('meter,start,kwh,unit', 'M-1,2026-11-01 08:00,1,'), {
        meter: 'meter',
        time: 'start',
        value: 'kwh',
        unit: 'unit',
      });
      expect(batch.readings[0].unit).to.equal(undefined);
    });

    it('applies a fixed unit to every row', async function () {
      const { batch } = await parseCsv(text, { meter: 'meter', time: 'start', value: 'kwh', unit: { value: 'kWh' } });
      expect(batch.readings.map((r) => r.unit)).to.deep.equal(['kWh', 'kWh']);
    });

    it('reads end times when timeField is end', async function () {
      const { batch } = await parseCsv(text, { meter: 'meter', time: 'start', timeField: 'end', value: 'kwh' });
      expect(batch.readings[0]).to.deep.include({ timeField: 'end', time: '2026-11-01T08:00:00+08:00' });
    });

    it('reads register instants when timeField is at', async function () {
      const { batch } = await parseCsv(text, { meter: 'meter', time: 'start', timeField: 'at', value: 'kwh' });
      expect(batch.readings[0]).to.deep.include({ timeField: 'at', time: '2026-11-01T08:00:00+08:00' });
    });

    it('never returns signatures', async function () {
      const { batch } = await parseCsv(text, { meter: 'meter', time: 'start', value: 'kwh' });
      expect(batch.signatures).to.deep.equal([]);
    });
  });

  describe('with iso times', function () {
    const times = async (...cells: string[]) =>
      (
        await parseCsv(csv('t,v', ...cells.map((c) => `${c},1`)), {
          meter: { value: 'M' },
          time: 't',
          value: 'v',
        })
      ).batch.readings.map((r) => r.time);

    it('converts slashes in dates to dashes', async function () {
      expect(await times('2026/11/01 08:15')).to.deep.equal(['2026-11-01 08:15']);
    });

    it('pads one-digit months, days and hours as Excel writes them', async function () {
      expect(await times('2026/11/1 8:15')).to.deep.equal(['2026-11-01 08:15']);
    });

    it('keeps local times with a space as they are', async function () {
      expect(await times('2026-11-01 08:15')).to.deep.equal(['2026-11-01 08:15']);
    });

    it('yields times the pipeline parses', async function () {
      const parsed = (await times('2026/11/1 8:15', '2026-11-01T00:15:00Z')).map((t) =>
        parseTimestamp(String(t), 'UTC'),
      );
      expect(parsed).to.deep.equal([Date.parse('2026-11-01T08:15:00Z'), Date.parse('2026-11-01T00:15:00Z')]);
    });
  });

  describe('with unix times', function () {
    const mapping = (timeFormat: 'unix' | 'unix_ms'): CsvMapping => ({
      meter: { value: 'M' },
      time: 't',
      timeFormat,
      value: 'v',
    });

    it('passes unix seconds on as a number', async function () {
      const { batch } = await parseCsv(csv('t,v', '1793491200,1'), mapping('unix'));
      expect(batch.readings[0].time).to.equal(1793491200);
    });

    it('turns unix milliseconds into seconds', async function () {
      const { batch } = await parseCsv(csv('t,v', '1793491200500,1'), mapping('unix_ms'));
      expect(batch.readings[0].time).to.equal(1793491200.5);
    });

    it('reports a time that is not a number as a problem on its line', async function () {
      const { problems } = await parseCsv(csv('t,v', '1793491200,1', '2026-11-01,1'), mapping('unix'));
      expect(problems).to.have.lengthOf(1);
      expect(problems[0]).to.deep.include({ index: 3, field: 'start', code: 'NT_ERR_READING_TIME' });
    });

    it('drops the reading whose time is not a number', async function () {
      const { batch } = await parseCsv(csv('t,v', '1793491200,1', '2026-11-01,1'), mapping('unix'));
      expect(batch.readings.map((r) => r.index)).to.deep.equal([2]);
    });
  });

  describe('with one column per meter', function () {
    const text = csv(
      'date,note,Main,Chiller',
      '2026-11-01 00:00,ok,100.5,20',
      '2026-11-02 00:00,chiller offline,101,',
      '2026-11-03 00:00,,,',
      '2026-11-04 00:00,,99.25,21.5',
    );
    const mapping: CsvMapping = {
      time: 'date',
      meters: { Main: 'MTR-MAIN', Chiller: 'MTR-CH' },
      unit: { value: 'kWh' },
    };

    it('makes one reading per non-empty cell and skips empty cells as gaps', async function () {
      const { batch } = await parseCsv(text, mapping);
      expect(batch.readings.map((r) => [r.index, r.meter, r.value])).to.deep.equal([
        [2, 'MTR-MAIN', '100.5'],
        [2, 'MTR-CH', '20'],
        [3, 'MTR-MAIN', '101'],
        [5, 'MTR-MAIN', '99.25'],
        [5, 'MTR-CH', '21.5'],
      ]);
    });

    it('gives every reading the time of its row and the fixed unit', async function () {
      const { batch } = await parseCsv(text, mapping);
      expect(batch.readings[1]).to.deep.include({ timeField: 'start', time: '2026-11-01 00:00', unit: 'kWh' });
    });

    it('reports no problems', async function () {
      expect((await parseCsv(text, mapping)).problems).to.deep.equal([]);
    });

    it('names the meter column of a bad cell', async function () {
      const { problems } = await parseCsv(csv('date,Main', '2026-11-01 00:00,' + 'x'.repeat(81)), {
        time: 'date',
        meters: { Main: 'MTR-MAIN' },
      });
      expect(problems[0].message).to.contain('(column "Main")');
    });
  });

  describe('file format', function () {
    it('reads a UTF-8 BOM, CRLF line ends and semicolons', async function () {
      const text = '\uFEFFmeter;start;kwh\r\nM-1;2026-11-01 08:00;1,5\r\nM-1;2026-11-01 08:15;2\r\n';
      const { batch } = await parseCsv(text, { meter: 'meter', time: 'start', value: 'kwh', delimiter: ';' });
      expect(batch.readings.map((r) => [r.index, r.meter, r.value])).to.deep.equal([
        [2, 'M-1', '1,5'],
        [3, 'M-1', '2'],
      ]);
    });

    it('reads tab-separated files', async function () {
      const { batch } = await parseCsv('m\tt\tv\nM-1\t2026-11-01 08:00\t7\n', {
        meter: 'm',
        time: 't',
        value: 'v',
        delimiter: '\t',
      });
      expect(batch.readings[0]).to.deep.include({ meter: 'M-1', value: '7' });
    });

    it('reads quoted fields holding the delimiter and doubled quotes', async function () {
      const text = csv('"meter, id",start,kwh', '"Line ""A"", east",2026-11-01 08:00,"1,234.5"');
      const { batch } = await parseCsv(text, { meter: 'meter, id', time: 'start', value: 'kwh' });
      expect(batch.readings[0]).to.deep.include({ meter: 'Line "A", east', value: '1,234.5' });
    });

    it('skips title lines before the header, even ones with stray quotes, and keeps counting lines', async function () {
      const text = csv('Export of "site 1', 'generated 2026-11-02;by;EMS', 'meter,start,kwh', 'M-1,2026-11-01 08:00,1');
      const { batch } = await parseCsv(text, { meter: 'meter', time: 'start', value: 'kwh', skipRows: 2 });
      expect(batch.readings.map((r) => r.index)).to.deep.equal([4]);
    });

    it('skips blank lines and rows of empty fields but counts them', async function () {
      const text = csv('meter,start,kwh', '', 'M-1,2026-11-01 08:00,1', ',,', 'M-1,2026-11-01 08:15,2');
      const { batch } = await parseCsv(text, { meter: 'meter', time: 'start', value: 'kwh' });
      expect(batch.readings.map((r) => r.index)).to.deep.equal([3, 5]);
    });

    it('indexes a row by the line it starts on when a quoted field spans lines', async function () {
      const text = csv('meter,note,start,kwh', 'M-1,"two', 'lines",2026-11-01 08:00,1', 'M-1,,2026-11-01 08:15,2');
      const { batch } = await parseCsv(text, { meter: 'meter', time: 'start', value: 'kwh' });
      expect(batch.readings.map((r) => r.index)).to.deep.equal([2, 4]);
    });

    it('returns no readings for a file with only a header', async function () {
      const { batch, problems } = await parseCsv(csv('meter,start,kwh'), {
        meter: 'meter',
        time: 'start',
        value: 'kwh',
      });
      expect([batch.readings, problems]).to.deep.equal([[], []]);
    });

    it('refuses an empty file', async function () {
      const error = await refusal(() => parseCsv('\uFEFF\r\n', { meter: 'meter', time: 'start', value: 'kwh' }));
      expect(error.code).to.equal('NT_ERR_CSV_PARSE');
    });
  });

  describe('when a mapped column is missing', function () {
    const text = csv('meter,start,energy', 'M-1,2026-11-01 08:00,1');
    const error = () => refusal(() => parseCsv(text, { meter: 'meter', time: 'start', value: 'kwh' }));

    it('refuses with NT_ERR_CSV_MAPPING', async function () {
      expect((await error()).code).to.equal('NT_ERR_CSV_MAPPING');
    });

    it('names the column and lists the header', async function () {
      expect((await error()).message)
        .to.contain('"kwh"')
        .and.contain('"meter", "start", "energy"');
    });

    it('returns the column and header as details', async function () {
      expect((await error()).details).to.deep.equal({ column: 'kwh', header: ['meter', 'start', 'energy'] });
    });
  });

  it('refuses a mapped column that appears twice in the header', async function () {
    const text = csv('meter,start,kwh,kwh', 'M-1,2026-11-01 08:00,1,2');
    const error = await refusal(() => parseCsv(text, { meter: 'meter', time: 'start', value: 'kwh' }));
    expect([error.code, error.details?.column]).to.deep.equal(['NT_ERR_CSV_MAPPING', 'kwh']);
  });

  it('validates the mapping it is given', async function () {
    const bad = { meter: 'meter', time: 'start', value: 'kwh', timeFormat: 'excel' } as unknown as CsvMapping;
    expect((await refusal(() => parseCsv(csv('meter,start,kwh'), bad))).code).to.equal('NT_ERR_CSV_MAPPING');
  });

  describe('when a quoted field is never closed', function () {
    const text = csv(
      'meter,start,kwh',
      'M-1,2026-11-01 08:00,1',
      '',
      'M-1,"2026-11-01 08:15,2',
      'M-1,2026-11-01 08:30,3',
    );
    const error = () => refusal(() => parseCsv(text, { meter: 'meter', time: 'start', value: 'kwh' }));

    it('refuses with NT_ERR_CSV_PARSE', async function () {
      expect((await error()).code).to.equal('NT_ERR_CSV_PARSE');
    });

    it('names the line where the quote opened', async function () {
      expect((await error()).message).to.match(/^Line 4: /);
    });

    it('returns the line as details', async function () {
      expect((await error()).details).to.deep.equal({ line: 4 });
    });

    it('counts skipped title lines in the line number', async function () {
      const withTitle = 'Title\n' + text;
      const e = await refusal(() => parseCsv(withTitle, { meter: 'meter', time: 'start', value: 'kwh', skipRows: 1 }));
      expect(e.details).to.deep.equal({ line: 5 });
    });
  });

  it('refuses a row with more fields than the header, naming its line', async function () {
    const text = csv('meter,start,kwh', 'M-1,2026-11-01 08:00,1', 'M-1,2026-11-01 08:15,1,234.5');
    const error = await refusal(() => parseCsv(text, { meter: 'meter', time: 'start', value: 'kwh' }));
    expect([error.code, error.message]).to.deep.equal([
      'NT_ERR_CSV_PARSE',
      'Line 3: the row has 4 fields but the header row has 3',
    ]);
  });

  describe('when there are more readings than allowed', function () {
    const text = csv('date,A,B', '2026-11-01 00:00,1,2', '2026-11-02 00:00,3,');
    const mapping: CsvMapping = { time: 'date', meters: { A: 'MA', B: 'MB' } };

    it('refuses with NT_ERR_INGEST_TOO_LARGE and the limit', async function () {
      const error = await refusal(() => parseCsv(text, mapping, 2));
      expect([error.code, error.details]).to.deep.equal(['NT_ERR_INGEST_TOO_LARGE', { maxReadings: 2 }]);
    });

    it('accepts exactly the limit, not counting empty cells', async function () {
      expect((await parseCsv(text, mapping, 3)).batch.readings).to.have.lengthOf(3);
    });
  });

  describe('when a value is bad', function () {
    const text = csv('meter,start,kwh', 'M-1,2026-11-01 08:00,1', 'M-1,2026-11-01 08:15,', 'M-1,2026-11-01 08:30,3');
    const result = () => parseCsv(text, { meter: 'meter', time: 'start', value: 'kwh' });

    it('reports a problem at the line of the value', async function () {
      expect((await result()).problems.map((p) => [p.index, p.field, p.code])).to.deep.equal([
        [3, 'value', 'NT_ERR_READING_VALUE'],
      ]);
    });

    it('names the column in the message', async function () {
      expect((await result()).problems[0].message).to.contain('(column "kwh")');
    });

    it('keeps the other readings', async function () {
      expect((await result()).batch.readings.map((r) => r.index)).to.deep.equal([2, 4]);
    });
  });

  it('reports an empty meter cell as a problem with the meter', async function () {
    const { problems } = await parseCsv(csv('meter,start,kwh', ',2026-11-01 08:00,1'), {
      meter: 'meter',
      time: 'start',
      value: 'kwh',
    });
    expect(problems.map((p) => [p.index, p.field])).to.deep.equal([[2, 'meter']]);
  });
});

describe('parseMapping', function () {
  it('accepts a mapping with one reading per row and trims its column names', async function () {
    const raw = { meter: ' meter ', time: 'start', value: 'kwh', unit: { value: 'kWh' }, skipRows: 0, delimiter: ';' };
    expect(parseMapping(raw)).to.deep.equal({ ...raw, meter: 'meter' });
  });

  it('accepts a mapping with one column per meter', async function () {
    const raw = { time: 'date', timeField: 'end', timeFormat: 'unix', meters: { Main: 'MTR-MAIN' } };
    expect(parseMapping(raw)).to.deep.equal(raw);
  });

  const refused: Array<[string, unknown, string, RegExp]> = [
    ['an array', [], 'mapping', /must be a JSON object/],
    ['a JSON string', '{"meter":"m"}', 'mapping', /must be a JSON object/],
    ['both meter and meters', { meter: 'm', meters: { a: 'A' }, time: 't', value: 'v' }, 'mapping', /both "meter"/],
    ['neither meter nor meters', { time: 't', value: 'v' }, 'mapping', /needs "meter".*or "meters"/],
    ['an unknown key', { meter: 'm', time: 't', value: 'v', colum: 'x' }, 'mapping.colum', /Unknown key "colum"/],
    ['value with meters', { meters: { a: 'A' }, time: 't', value: 'v' }, 'mapping.value', /"value" cannot be used/],
    ['a missing time', { meter: 'm', value: 'v' }, 'mapping.time', /mapping\.time must name a column/],
    ['a time that is a number', { meter: 'm', time: 3, value: 'v' }, 'mapping.time', /mapping\.time/],
    ['a missing value', { meter: 'm', time: 't' }, 'mapping.value', /mapping\.value must name a column/],
    ['an empty meter column', { meter: ' ', time: 't', value: 'v' }, 'mapping.meter', /mapping\.meter/],
    ['a meter that is a number', { meter: 7, time: 't', value: 'v' }, 'mapping.meter', /mapping\.meter/],
    [
      'a fixed meter with another key',
      { meter: { value: 'M', id: 'x' }, time: 't', value: 'v' },
      'mapping.meter.id',
      /only "value"/,
    ],
    ['an empty fixed meter', { meter: { value: '' }, time: 't', value: 'v' }, 'mapping.meter.value', /non-empty/],
    [
      'an unknown timeFormat',
      { meter: 'm', time: 't', value: 'v', timeFormat: 'excel' },
      'mapping.timeFormat',
      /"iso"/,
    ],
    ['an unknown timeField', { meter: 'm', time: 't', value: 'v', timeField: 'begin' }, 'mapping.timeField', /"start"/],
    [
      'a delimiter of two characters',
      { meter: 'm', time: 't', value: 'v', delimiter: ',,' },
      'mapping.delimiter',
      /","/,
    ],
    ['a negative skipRows', { meter: 'm', time: 't', value: 'v', skipRows: -1 }, 'mapping.skipRows', /whole number/],
    ['a fractional skipRows', { meter: 'm', time: 't', value: 'v', skipRows: 1.5 }, 'mapping.skipRows', /whole number/],
    ['a skipRows given as text', { meter: 'm', time: 't', value: 'v', skipRows: '2' }, 'mapping.skipRows', /whole/],
    [
      'an over-long unit',
      { meter: 'm', time: 't', value: 'v', unit: { value: 'k'.repeat(21) } },
      'mapping.unit.value',
      /20/,
    ],
    ['meters that is an array', { meters: ['a'], time: 't' }, 'mapping.meters', /must be an object/],
    ['meters without columns', { meters: {}, time: 't' }, 'mapping.meters', /must be an object/],
    ['a meter id that is not text', { meters: { a: 1 }, time: 't' }, 'mapping.meters["a"]', /must be a meter id/],
    ['two columns for one meter', { meters: { a: 'M', b: 'M' }, time: 't' }, 'mapping.meters["b"]', /both "a" and "b"/],
    [
      'a unit column with meters',
      { meters: { a: 'A' }, time: 't', unit: 'u' },
      'mapping.unit',
      /\{"value": "<unit>"\}/,
    ],
    [
      'one column for time and value',
      { meter: 'm', time: 't', value: 't' },
      'mapping.value',
      /Column "t" is used by both/,
    ],
    [
      'a meter column that is the time',
      { meters: { t: 'A' }, time: 't' },
      'mapping.meters',
      /used by both mapping\.time/,
    ],
  ];
  for (const [what, raw, key, message] of refused) {
    it(`refuses ${what}, naming ${key}`, async function () {
      const error = await refusal(async () => parseMapping(raw));
      expect(error.code).to.equal('NT_ERR_CSV_MAPPING');
      expect(error.details).to.deep.equal({ key });
      expect(error.message).to.match(message);
    });
  }
});

describe('CSV fixtures (formats promised to users)', function () {
  const files = readdirSync(FIXTURES);
  const csvFiles = files.filter((f) => f.endsWith('.csv'));

  it('has fixtures', async function () {
    expect(csvFiles).to.have.length.greaterThan(0);
  });

  it('pairs every mapping with a CSV file', async function () {
    const orphans = files
      .filter((f) => f.endsWith('.mapping.json'))
      .filter((f) => !csvFiles.includes(f.replace(/\.mapping\.json$/, '.csv')));
    expect(orphans).to.deep.equal([]);
  });

  for (const file of csvFiles) {
    describe(file, function () {
      const load = () => {
        const mappingFile = path.join(FIXTURES, file.replace(/\.csv$/, '.mapping.json'));
        const mapping = parseMapping(JSON.parse(readFileSync(mappingFile, 'utf8')));
        return parseCsvReadings(readFileSync(path.join(FIXTURES, file), 'utf8'), mapping, {
          maxReadings: MAX,
          maxRows: MAX,
        });
      };

      it('parses without problems', async function () {
        expect((await load()).problems).to.deep.equal([]);
      });

      it('yields readings', async function () {
        expect((await load()).batch.readings).to.have.length.greaterThan(0);
      });

      it('yields times the pipeline can parse', async function () {
        const unparsed = (await load()).batch.readings
          .filter((r) => typeof r.time === 'string' && parseTimestamp(r.time, 'Asia/Shanghai') === undefined)
          .map((r) => r.time);
        expect(unparsed).to.deep.equal([]);
      });
    });
  }

  it('keeps wide-daily.csv as Excel writes it (BOM and CRLF)', async function () {
    // Editors set to LF would silently remove what this fixture exists to cover.
    const bytes = readFileSync(path.join(FIXTURES, 'wide-daily.csv'));
    expect([bytes.subarray(0, 3).toString('hex'), bytes.includes('\r\n')]).to.deep.equal(['efbbbf', true]);
  });
});
