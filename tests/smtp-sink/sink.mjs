// A real SMTP server for the email tests: listens on 127.0.0.1 (port 0 = any free port), accepts every
// message, and writes each one, parsed, as <n>.json into the folder given as the first argument.
// Prints "listening <port>" on stdout once ready; stops when stdin closes (the test process ended).
import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";
import { writeFileSync, renameSync } from "node:fs";
import { join } from "node:path";

const folder = process.argv[2];
if (!folder) {
  console.error("usage: node sink.mjs <folder>");
  process.exit(2);
}
let count = 0;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onAuth(auth, _session, callback) {
    callback(null, { user: auth.username });
  },
  onData(stream, session, callback) {
    const chunks = [];
    stream.on("data", (chunk) => chunks.push(chunk));
    stream.on("end", async () => {
      try {
        const raw = Buffer.concat(chunks);
        const mail = await simpleParser(raw);
        const record = {
          envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          user: session.user ?? null,
          from: mail.from ? mail.from.text : null,
          to: mail.to ? mail.to.text : null,
          subject: mail.subject ?? null,
          text: mail.text ?? null,
          html: typeof mail.html === "string" ? mail.html : null,
        };
        const name = String(++count).padStart(4, "0");
        // Write then rename, so a reader never sees half a file.
        const temp = join(folder, name + ".tmp");
        writeFileSync(temp, JSON.stringify(record, null, 2));
        renameSync(temp, join(folder, name + ".json"));
        callback();
      } catch (error) {
        callback(error);
      }
    });
  },
});

server.listen(0, "127.0.0.1", () => {
  console.log(`listening ${server.server.address().port}`);
});
process.stdin.resume();
process.stdin.on("end", () => server.close(() => process.exit(0)));
