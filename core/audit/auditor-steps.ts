// How an auditor checks a pack without Drillbook: sha256sum, pdfsig (poppler-utils) and
// openssl only. One text, printed in README.txt and in the signed summary, so the two never
// disagree. `seal` is known only to the summary (README.txt is itself covered by the seal).
import { PACK } from './pack-layout';

export interface StepsInput {
  signer: { name: string; org?: string; certSha256: string };
  /** SHA-256 of RECORDS.sha256 (the summary prints it; the README points to it). */
  seal?: string;
}

export interface AuditorStep {
  title: string;
  commands: string[];
  expect: string;
}

export function auditorSteps(i: StepsInput): AuditorStep[] {
  const who = i.signer.org ? `${i.signer.name}, ${i.signer.org}` : i.signer.name;
  const seal = i.seal ?? `the value printed under "Pack seal" on the first page of ${PACK.summaryPdf}`;
  return [
    {
      title: 'Every file of the pack is intact',
      commands: [`sha256sum -c ${PACK.sums}`],
      expect: `Every line ends in ": OK" and the command exits 0. Any "FAILED" names a file changed since the pack was made.`,
    },
    {
      title: 'The summary is signed and unchanged since it was signed',
      commands: [`pdfsig ${PACK.summaryPdf}`],
      expect: `"Signature Validation: Signature is Valid." and "Signer Certificate Common Name: ${i.signer.name}". pdfsig also says "Certificate issuer is unknown" (or not trusted): the certificate is self-signed, and step 3 pins it.`,
    },
    {
      title: 'The signer is who the pack says',
      commands: [
        `pdfsig -dump ${PACK.summaryPdf}`,
        `openssl pkcs7 -inform DER -in ${PACK.summaryPdf}.sig0 -print_certs | openssl x509 -outform DER | sha256sum`,
      ],
      expect: `${i.signer.certSha256}: the certificate of ${who}. Compare it with the SHA-256 the signer published (\`drillbook keys show\` prints it).`,
    },
    {
      title: 'The run records are the ones the summary was signed over',
      commands: [`sha256sum ${PACK.records}`],
      expect: `${seal}. Then \`sha256sum -c ${PACK.records}\` checks each record against that signed list (step 1 already did).`,
    },
    {
      title: "Each run's own signed report",
      commands: [
        `pdfsig ${PACK.runs}/RUN-ID/reports/REPORT.pdf`,
        `pdfsig -dump ${PACK.runs}/RUN-ID/reports/REPORT.pdf`,
        `openssl pkcs7 -inform DER -in REPORT.pdf.sig0 -print_certs | openssl x509 -outform DER | sha256sum`,
      ],
      expect: `For every report the summary lists: "Signature is Valid." as in step 2, and (pdfsig -dump writes REPORT.pdf.sig0 into the current folder) the SHA-256 of the certificate of whoever signed it. Each report carries its run record (journal head and line count, evidence hashes), signed.`,
    },
  ];
}

export function stepsText(i: StepsInput): string[] {
  return auditorSteps(i).flatMap((s, n) => [`${n + 1}. ${s.title}`, ...s.commands.map((c) => `     ${c}`), `   Expect: ${s.expect}`, '']);
}
