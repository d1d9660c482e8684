import { expect } from 'chai';
import fc from 'fast-check';
import { isoUtc, isValidTimeZone, parseTimestamp, wallTimeToEpoch, zoneOffsetMs } from '../../../services/lib/time';

const SHANGHAI = 'Asia/Shanghai';
const NEW_YORK = 'America/New_York';
const HOUR = 3_600_000;

/** parseTimestamp rendered back as UTC ISO, so failures read as times rather than milliseconds. */
function parsed(text: string, timeZone: string): string | undefined {
  const ms = parseTimestamp(text, timeZone);
  return ms === undefined ? undefined : isoUtc(ms);
}

describe('time', function () {
  describe('parseTimestamp with an offset', function () {
    const cases: [string, string][] = [
      ['2026-11-01T00:15:00Z', '2026-11-01T00:15:00Z'],
      ['2026-11-01T00:15:00z', '2026-11-01T00:15:00Z'],
      ['2026-11-01T08:15:00+08:00', '2026-11-01T00:15:00Z'],
      ['2026-11-01T08:15:00+0800', '2026-11-01T00:15:00Z'],
      ['2026-11-01T08:15+08:00', '2026-11-01T00:15:00Z'],
      ['2026-11-01 08:15:00+08:00', '2026-11-01T00:15:00Z'],
      ['2026-10-31T19:15:00-05:00', '2026-11-01T00:15:00Z'],
      ['2026-11-01T05:45:00+05:30', '2026-11-01T00:15:00Z'],
      ['2026-11-01T00:00:00+00:00', '2026-11-01T00:00:00Z'],
      ['2026-11-01T00:00:00-00:00', '2026-11-01T00:00:00Z'],
      ['2026-01-01T06:00:00+18:00', '2025-12-31T12:00:00Z'],
      ['2026-11-01T00:15:00.5Z', '2026-11-01T00:15:00.500Z'],
      ['2026-11-01T00:15:00.123456789Z', '2026-11-01T00:15:00.123Z'],
      ['  2026-11-01T00:15:00Z  ', '2026-11-01T00:15:00Z'],
    ];
    for (const [text, utc] of cases) {
      it(`reads ${JSON.stringify(text)} as ${utc}`, function () {
        expect(parsed(text, NEW_YORK)).to.equal(utc);
      });
    }
  });

  describe('parseTimestamp without an offset in Asia/Shanghai', function () {
    const cases: [string, string][] = [
      ['2026-11-01T08:15:00', '2026-11-01T00:15:00Z'],
      ['2026-11-01 08:15', '2026-11-01T00:15:00Z'],
      ['2026-07-01 00:00:00', '2026-06-30T16:00:00Z'],
      ['2026-01-01 07:59:59.999', '2025-12-31T23:59:59.999Z'],
    ];
    for (const [text, utc] of cases) {
      it(`reads ${JSON.stringify(text)} as ${utc}`, function () {
        expect(parsed(text, SHANGHAI)).to.equal(utc);
      });
    }
  });

  describe('parseTimestamp without an offset in America/New_York', function () {
    const cases: [string, string, string][] = [
      ['winter (EST, -5)', '2026-01-15T12:00:00', '2026-01-15T17:00:00Z'],
      ['summer (EDT, -4)', '2026-07-01T12:00:00', '2026-07-01T16:00:00Z'],
      ['the minute before the spring gap', '2026-03-08T01:59:00', '2026-03-08T06:59:00Z'],
      ['inside the spring gap (skipped hour: the later instant)', '2026-03-08T02:30:00', '2026-03-08T07:30:00Z'],
      ['the start of the gap', '2026-03-08T02:00:00', '2026-03-08T07:00:00Z'],
      ['the end of the gap', '2026-03-08T03:00:00', '2026-03-08T07:00:00Z'],
      ['before the autumn overlap', '2026-11-01T00:59:00', '2026-11-01T04:59:00Z'],
      ['inside the autumn overlap (repeated hour: the earlier instant)', '2026-11-01T01:30:00', '2026-11-01T05:30:00Z'],
      ['the start of the overlap', '2026-11-01T01:00:00', '2026-11-01T05:00:00Z'],
      ['after the overlap', '2026-11-01T02:00:00', '2026-11-01T07:00:00Z'],
    ];
    for (const [name, text, utc] of cases) {
      it(`reads ${name}: ${text} as ${utc}`, function () {
        expect(parsed(text, NEW_YORK)).to.equal(utc);
      });
    }
  });

  describe('parseTimestamp of invalid text', function () {
    const invalid = [
      '2026-02-30T00:00:00Z',
      '2026-02-29T00:00:00Z',
      '2026-04-31 00:00',
      '2026-13-01T00:00:00Z',
      '2026-00-10T00:00:00Z',
      '2026-01-00T00:00:00Z',
      '2026-01-01T25:00:00Z',
      '2026-01-01T24:00:00Z',
      '2026-01-01T12:60:00Z',
      '2026-01-01T12:00:60Z',
      '2026-01-01T25:00:00',
      '2026-01-01T12:00:00+19:00',
      '2026-01-01',
      '2026-01-01T12',
      '2026-1-1T12:00:00Z',
      '26-01-01T12:00:00Z',
      '2026-01-01T12:00:00+8',
      '2026-01-01T12:00:00 UTC',
      '1767225600',
      '',
      'yesterday',
    ];
    for (const text of invalid) {
      it(`returns undefined for ${JSON.stringify(text)}`, function () {
        expect(parseTimestamp(text, SHANGHAI)).to.equal(undefined);
      });
    }

    it('accepts 29 February in a leap year', function () {
      expect(parsed('2028-02-29T00:00:00Z', SHANGHAI)).to.equal('2028-02-29T00:00:00Z');
    });

    // Reported to the owner of services/lib: the offset's minutes are not checked against 59, so "+08:60" is read as
    // +09:00 and "+0899" as +09:39. Unskip once fixed.
    it('returns undefined for an offset with 60 minutes', function () {
      expect(parseTimestamp('2026-01-01T12:00:00+08:60', SHANGHAI)).to.equal(undefined);
    });
  });

  describe('property', function () {
    // From 1992: Shanghai kept daylight saving time from 1986 to 1991.
    const instant = fc.integer({ min: Date.UTC(1992, 0, 1), max: Date.UTC(2100, 0, 1) });

    it('parseTimestamp(isoUtc(t)) = t', function () {
      fc.assert(
        fc.property(instant, (t) => {
          expect(parseTimestamp(isoUtc(t), NEW_YORK)).to.equal(t);
        }),
        { numRuns: 500 },
      );
    });

    it('Shanghai wall time without an offset is t + 8 h', function () {
      fc.assert(
        fc.property(instant, (t) => {
          const wall = new Date(t + 8 * HOUR).toISOString().slice(0, -1); // no "Z"
          expect(parseTimestamp(wall, SHANGHAI)).to.equal(t);
        }),
        { numRuns: 500 },
      );
    });
  });

  describe('isoUtc', function () {
    it('omits zero milliseconds', function () {
      expect(isoUtc(0)).to.equal('1970-01-01T00:00:00Z');
    });

    it('keeps non-zero milliseconds', function () {
      expect(isoUtc(1234)).to.equal('1970-01-01T00:00:01.234Z');
    });

    it('formats a 2026 instant', function () {
      expect(isoUtc(Date.UTC(2026, 10, 1, 0, 15))).to.equal('2026-11-01T00:15:00Z');
    });
  });

  describe('zones', function () {
    it('knows Asia/Shanghai', function () {
      expect(isValidTimeZone(SHANGHAI)).to.equal(true);
    });

    it('refuses an unknown zone', function () {
      expect(isValidTimeZone('Mars/Olympus_Mons')).to.equal(false);
    });

    it('gives Shanghai +8 h', function () {
      expect(zoneOffsetMs(Date.UTC(2026, 6, 1), SHANGHAI)).to.equal(8 * HOUR);
    });

    it('gives New York -5 h in winter and -4 h in summer', function () {
      const offsets = [Date.UTC(2026, 0, 15), Date.UTC(2026, 6, 15)].map((t) => zoneOffsetMs(t, NEW_YORK));
      expect(offsets).to.deep.equal([-5 * HOUR, -4 * HOUR]);
    });

    it('changes the New York offset exactly at 07:00Z on the spring transition', function () {
      const t = Date.UTC(2026, 2, 8, 7);
      expect([zoneOffsetMs(t - 1, NEW_YORK), zoneOffsetMs(t, NEW_YORK)]).to.deep.equal([-5 * HOUR, -4 * HOUR]);
    });

    it('maps a wall time to its instant', function () {
      expect(wallTimeToEpoch(Date.UTC(2026, 10, 1, 8, 15), SHANGHAI)).to.equal(Date.UTC(2026, 10, 1, 0, 15));
    });
  });
});
