import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadKeccak } from '../../../services/lib/keccak';
import { htmlToPdf } from '../../../services/reports/htmlToPdf';
import { renderInventoryReport } from '../../../services/reports/renderInventoryReport';
import { sampleInventory } from './reportDocuments';

function hasPdftotext(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// Prints with the real Debian Chromium (/usr/bin/chromium; .ci/run installs it with poppler-utils). The organisation
// name is ASCII here: Chinese text needs a CJK font (fonts-noto-cjk) on the printing machine.
describe('htmlToPdf', function () {
  const organisation = 'Jiangsu Example Manufacturing Co., Ltd.';
  let pdf: Buffer;
  let dir: string;

  before(async function () {
    await loadKeccak();
    pdf = await htmlToPdf(renderInventoryReport(sampleInventory(organisation), { lang: 'en' }));
    dir = mkdtempSync(path.join(tmpdir(), 'nengtan-pdf-'));
  });

  after(function () {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('prints a PDF', function () {
    expect(pdf.subarray(0, 5).toString('latin1')).to.equal('%PDF-');
  });

  describe('as text (pdftotext)', function () {
    let text: string;

    before(function () {
      if (!hasPdftotext()) this.skip();
      const file = path.join(dir, 'report.pdf');
      writeFileSync(file, pdf);
      text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(
        /\s+/g,
        ' ',
      );
    });

    it('holds the organisation name', function () {
      expect(text).to.include(organisation);
    });

    it('holds the Scope 1 figure of the document', function () {
      expect(text).to.include('Scope 1: direct emissions 250,549.663');
    });

    it('is printed on A4 pages', function () {
      const info = execFileSync('pdfinfo', [path.join(dir, 'report.pdf')], { encoding: 'utf8' });
      expect(/Page size:.*\(A4\)/.test(info)).to.equal(true);
    });
  });
});
