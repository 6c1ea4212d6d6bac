// The `recouvra` command line: the same services as the app, headless.
import { Command, CommanderError } from 'commander';
import { COMPANY_CLI_FIELDS } from '../../shared/domain/company.js';
import { APP_VERSION } from '../core/version.js';
import { company } from './commands/company.js';
import { DB_HELP } from './context.js';
import { registerAging } from './commands/aging.js';
import { registerBackup, registerRestore } from './commands/backup.js';
import { registerBench } from './commands/bench.js';
import { registerExport } from './commands/export.js';
import { registerImport } from './commands/import.js';
import { registerLetters } from './commands/letters.js';
import { registerPenalties } from './commands/penalties.js';
import { registerQueue } from './commands/queue.js';
import { registerDossier } from './commands/dossier.js';
import { registerSeed } from './commands/seed.js';
import { serve } from './commands/serve.js';
import { start } from './commands/start.js';


function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command()
    .name('recouvra')
    .description('Recouvra — le recouvrement des factures impayées, hors ligne.')
    .version(APP_VERSION, '-v, --version', 'affiche la version')
    .helpOption('-h, --help', 'affiche l’aide')
    .helpCommand('help [commande]', 'affiche l’aide d’une commande')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text.replace(/^error:/, 'Erreur :')) });

  program
    .command('start')
    .description('ouvre l’application de bureau (ou le mode navigateur si Electron est indisponible)')
    .option('--db <fichier>', DB_HELP)
    .option('--port <n>', 'port du mode navigateur de repli')
    .action(async (opts) => {
      exitCode = await start(opts);
    });

  program
    .command('serve')
    .description('mode navigateur : sert l’interface sur 127.0.0.1 avec un jeton propre à chaque lancement')
    .option('--db <fichier>', DB_HELP)
    .option('--port <n>', 'port d’écoute (par défaut : un port libre)')
    .action(async (opts) => {
      exitCode = await serve(opts);
    });

  program
    .command('company')
    .description('affiche ou modifie votre entreprise (imprimée sur chaque courrier)')
    .option('--db <fichier>', DB_HELP)
    .option('--set <champ=valeur>', `modifie un champ (répétable) : ${Object.keys(COMPANY_CLI_FIELDS).join(', ')}`, collect)
    .option('--json', 'sortie JSON')
    .action(async (opts) => {
      exitCode = await company(opts);
    });

  registerPenalties(program);
  const setExitCode = (code: number) => {
    exitCode = code;
  };
  registerImport(program, setExitCode);
  registerExport(program, setExitCode);
  registerSeed(program, setExitCode);
  registerBench(program, setExitCode);
  registerAging(program, setExitCode);
  registerLetters(program, setExitCode);
  registerQueue(program, setExitCode);
  registerDossier(program, setExitCode);
  registerBackup(program, setExitCode);
  registerRestore(program, setExitCode);

  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? 0 : 2;
    }
    throw error;
  }
  if (argv.length <= 2) program.outputHelp();
  // Commands registered from their own modules report through process.exitCode.
  return exitCode || (typeof process.exitCode === 'number' ? process.exitCode : 0);
}
