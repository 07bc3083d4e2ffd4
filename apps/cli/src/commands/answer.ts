import type { Answer } from '@flowguard/contracts';
import type { Command } from 'commander';
import { CliError, EXIT, usageError } from '../errors';
import { print, printJson, session } from '../globals';
import { LineReader, askQuestions } from '../prompt';

/** `--answer Q1=text`, repeatable. */
function collectAnswer(value: string, previous: Answer[] = []): Answer[] {
  const at = value.indexOf('=');
  const questionId = at > 0 ? value.slice(0, at).trim() : '';
  const answer = at > 0 ? value.slice(at + 1).trim() : '';
  if (!/^Q\d+$/.test(questionId) || !answer) throw usageError(`--answer ${value}: write it as Q1=your answer`);
  return [...previous.filter((a) => a.questionId !== questionId), { questionId, answer }];
}

export function registerAnswer(program: Command): void {
  program
    .command('answer')
    .description('answer the clarifying questions (asks each one, or take --answer Q1=… values)')
    .argument('<id>', 'workflow id')
    .option('-a, --answer <Qn=text>', 'an answer, repeatable; questions left out take their default', collectAnswer)
    .action(async (id: string, opts: { answer?: Answer[] }, cmd: Command) => {
      const { client, json } = session(cmd);
      let answers = opts.answer;
      if (!answers?.length) {
        const workflow = await client.getWorkflow(id);
        if (workflow.status !== 'awaiting_answers' || workflow.questions.length === 0) {
          throw new CliError(`workflow ${id} is ${workflow.status}, not awaiting answers`, EXIT.server);
        }
        const reader = new LineReader();
        try {
          answers = await askQuestions(workflow.questions, reader);
        } finally {
          reader.close();
        }
      }
      const workflow = await client.submitAnswers(id, answers);
      if (json) printJson(workflow);
      else print(`answers accepted; workflow ${id} is ${workflow.status} — flowguard status ${id}`);
    });
}
