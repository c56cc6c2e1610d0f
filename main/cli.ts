// Commands load lazily: `nodebook run` should not pay for the server, nor `start` for the engine's CLI.
const commands: Record<string, { summary: string; load: () => Promise<(argv: string[]) => Promise<number>> }> = {
  start: { summary: 'serve the UI on 127.0.0.1 and open it', load: async () => (await import('./cli/start.command')).startCommand },
  run: { summary: 'run a pipeline file, cached, printing live progress', load: async () => (await import('./cli/run.command')).runCommand },
  runs: { summary: 'list the runs of a workspace', load: async () => (await import('./cli/runs.command')).runsCommand },
  lineage: { summary: 'show what produced an artifact and what used it', load: async () => (await import('./cli/lineage.command')).lineageCommand },
};

const USAGE = `Nodebook: pipelines as canvas and notebook, cached runs with lineage.

Usage: nodebook <command> [options]

${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`)
  .join('\n')}

Run 'nodebook <command> --help' for a command's options.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    console.log(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    console.error(`Unknown command '${name}'. Commands: ${Object.keys(commands).join(', ')}.`);
    return 2;
  }
  try {
    return await (await command.load())(rest);
  } catch (err) {
    // parseArgs and our own UserErrors carry messages meant for the user.
    console.error(err instanceof Error ? err.message : String(err));
    return 2;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
