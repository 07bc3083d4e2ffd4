import { Option, type Command } from 'commander';
import { note, print, printJson, session } from '../globals';
import { describeWritten, writeFiles } from '../output-files';

interface ExportOptions {
  format: 'taskmaster' | 'speckit' | 'all';
  out?: string;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('export the plan for other tools: Task Master tasks.json, Spec Kit tasks.md, or all files')
    .argument('<id>', 'workflow id')
    .addOption(
      new Option('--format <format>', 'which export').choices(['taskmaster', 'speckit', 'all']).makeOptionMandatory(),
    )
    .option('--out <dir>', 'write the files under this folder (default: print them)')
    .action(async (id: string, opts: ExportOptions, cmd: Command) => {
      const { client, json } = session(cmd);
      const { files } = await client.getExports(id, opts.format);
      if (json) return printJson({ files });
      if (opts.out) {
        const written = writeFiles(opts.out, files);
        print(`${written.length} file${written.length === 1 ? '' : 's'} written to ${opts.out}:`);
        for (const line of describeWritten(opts.out, written)) print(line);
        return;
      }
      if (files.length === 1) {
        process.stdout.write(files[0].content);
        return;
      }
      if (files.length === 0) return note(`nothing to export as ${opts.format}`);
      note(`${files.length} files; pass --out DIR to write them (printing each with its path)`);
      for (const f of files) print(`==> ${f.path} <==\n${f.content}`);
    });
}
