import { expect } from 'chai';
import { acksTopic, parseReadingsTopic, readingsTopic, readingsTopicFilter } from '../../../services/mqtt/topics';

const PREFIX = 'nengtan';
const ORG = '0b6f3c1e-5d2a-4c7b-9e8f-1a2b3c4d5e6f';

/** MQTT topic matching (MQTT 5 §4.7) for filters with `+` only: an independent check of readingsTopicFilter. */
function matches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  return f.length === t.length && f.every((level, i) => level === '+' || level === t[i]);
}

describe('MQTT topics', function () {
  describe('parseReadingsTopic', function () {
    it('reads the organisation and the meter of a readings topic', function () {
      expect(parseReadingsTopic(PREFIX, `nengtan/${ORG}/meters/E-1/readings`)).to.deep.equal({
        orgId: ORG,
        meter: 'E-1',
      });
    });

    it('lowercases the organisation id', function () {
      expect(parseReadingsTopic(PREFIX, `nengtan/${ORG.toUpperCase()}/meters/E-1/readings`)).to.deep.equal({
        orgId: ORG,
        meter: 'E-1',
      });
    });

    it('keeps the meter exactly as sent', function () {
      expect(parseReadingsTopic(PREFIX, `nengtan/${ORG}/meters/电表 B-07/readings`)?.meter).to.equal('电表 B-07');
    });

    it('accepts a prefix of several levels', function () {
      expect(parseReadingsTopic('site/a/nengtan', `site/a/nengtan/${ORG}/meters/E-1/readings`)).to.deep.equal({
        orgId: ORG,
        meter: 'E-1',
      });
    });

    const refused: [string, string][] = [
      ['an acks topic', `nengtan/${ORG}/meters/E-1/acks`],
      ['another prefix', `other/${ORG}/meters/E-1/readings`],
      ['a prefix that only starts like ours', `nengtan2/${ORG}/meters/E-1/readings`],
      ['a topic without the prefix', `${ORG}/meters/E-1/readings`],
      ['the prefix alone', 'nengtan'],
      ['an organisation that is not a UUID', 'nengtan/acme/meters/E-1/readings'],
      ['a UUID without dashes', `nengtan/${ORG.replace(/-/g, '')}/meters/E-1/readings`],
      ['a level other than meters', `nengtan/${ORG}/sensors/E-1/readings`],
      ['an empty meter', `nengtan/${ORG}/meters//readings`],
      ['an extra level inside the meter', `nengtan/${ORG}/meters/E/1/readings`],
      ['an extra level after readings', `nengtan/${ORG}/meters/E-1/readings/x`],
      ['a trailing slash', `nengtan/${ORG}/meters/E-1/readings/`],
      ['a missing meter level', `nengtan/${ORG}/meters/readings`],
      ['an extra level before the organisation', `nengtan/x/${ORG}/meters/E-1/readings`],
    ];
    for (const [what, topic] of refused) {
      it(`refuses ${what}`, function () {
        expect(parseReadingsTopic(PREFIX, topic)).to.equal(undefined);
      });
    }
  });

  describe('readingsTopic and acksTopic', function () {
    for (const meter of ['E-1', '电表 B-07', 'c3d1c7f0-0f6e-4f43-a1b5-0b9c5d0f2d11']) {
      it(`readingsTopic builds what parseReadingsTopic reads back for meter "${meter}"`, function () {
        expect(parseReadingsTopic(PREFIX, readingsTopic(PREFIX, ORG, meter))).to.deep.equal({ orgId: ORG, meter });
      });
    }

    it('readingsTopic builds the documented shape', function () {
      expect(readingsTopic(PREFIX, ORG, 'E-1')).to.equal(`nengtan/${ORG}/meters/E-1/readings`);
    });

    it('acksTopic names the same organisation and meter next to the readings topic', function () {
      expect(acksTopic(PREFIX, ORG, 'E-1')).to.equal(`nengtan/${ORG}/meters/E-1/acks`);
    });

    it('an acks topic is never taken for a readings topic', function () {
      expect(parseReadingsTopic(PREFIX, acksTopic(PREFIX, ORG, 'E-1'))).to.equal(undefined);
    });

    it('the subscription filter matches every readings topic', function () {
      expect(matches(readingsTopicFilter(PREFIX), readingsTopic(PREFIX, ORG, 'E-1'))).to.equal(true);
    });

    it('the subscription filter does not match the acks topics', function () {
      expect(matches(readingsTopicFilter(PREFIX), acksTopic(PREFIX, ORG, 'E-1'))).to.equal(false);
    });

    it('a meter id containing "/" cannot be addressed by a topic', function () {
      expect(parseReadingsTopic(PREFIX, readingsTopic(PREFIX, ORG, 'E/1'))).to.equal(undefined);
    });
  });
});
