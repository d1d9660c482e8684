import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES, SAMPLES, storedDocument } from './reportSamples';

/** The first line where two texts differ, to point at a change in a long report. */
function firstDifference(actual: string, expected: string): string {
  const a = actual.split('\n');
  const e = expected.split('\n');
  const i = a.findIndex((line, n) => line !== e[n]);
  const at = i === -1 ? a.length : i;
  return `line ${at + 1}:\n  rendered: ${a[at] ?? '(end)'}\n  sample:   ${e[at] ?? '(end)'}`;
}

// Reports handed out are promises: a stored inventory document renders to the same bytes until a change is made on
// purpose (then the samples are rewritten and reviewed: see reportSamples.ts).
describe('report format (samples under test/fixtures/reports)', function () {
  const doc = storedDocument();

  it('keeps the stored inventory document in format nengtan-inventory/v1', function () {
    expect(doc.format).to.equal('nengtan-inventory/v1');
  });

  for (const sample of SAMPLES) {
    it(`renders ${sample.file} byte for byte`, function () {
      const expected = readFileSync(path.join(FIXTURES, sample.file));
      const rendered = Buffer.from(sample.render(doc), 'utf8');
      const same = rendered.equals(expected);
      expect(same, same ? '' : firstDifference(rendered.toString('utf8'), expected.toString('utf8'))).to.equal(true);
    });
  }
});
