import { execFile } from 'node:child_process';

const INSTALL_HINT = 'install it (Debian: apt-get install default-jre-headless)';

export const JAVA_MISSING_MESSAGE = `Java 17+ is needed for DynamoDB Local: ${INSTALL_HINT}`;

/** Resolves with the Java major version, or throws a message saying how to install Java 17+. */
export async function assertJava17(command = 'java'): Promise<number | undefined> {
  const versionText = await new Promise<string>((resolve, reject) => {
    execFile(command, ['-version'], { timeout: 15_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(JAVA_MISSING_MESSAGE, { cause: error }));
      else resolve(`${stderr}\n${stdout}`);
    });
  });
  const major = parseJavaMajor(versionText);
  if (major !== undefined && major < 17) {
    throw new Error(`Java 17+ is needed for DynamoDB Local (found Java ${major}): ${INSTALL_HINT}`);
  }
  return major;
}

/** Reads the major version from `java -version` output; "1.8.0" is Java 8, "17.0.15" is Java 17. */
export function parseJavaMajor(versionText: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionText);
  if (!match?.[1]) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] ? Number(match[2]) : first;
}
