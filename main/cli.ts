import { startCommand, START_USAGE } from './cli/start.command';

const USAGE = `Nodebook: pipelines as canvas and notebook, cached runs with lineage.

Usage:
  ${START_USAGE.split('\n').join('\n  ')}

Run 'nodebook <command> --help' for a command's options.`;

const commands: Record<string, (argv: string[]) => Promise<number>> = {
  start: startCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    console.log(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command '${name}'. Commands: ${Object.keys(commands).join(', ')}.`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (err) {
    // parseArgs and our own UserErrors carry messages meant for the user.
    console.error(err instanceof Error ? err.message : String(err));
    return 2;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
