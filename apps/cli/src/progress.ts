/** What each event means to someone watching a plan, and how far along it is (the gateway's %). */
const PHASES: Record<string, { label: string; percent?: number }> = {
  'goal.submitted': { label: 'goal submitted', percent: 5 },
  'goal.analyzed': { label: 'goal analyzed', percent: 20 },
  'answers.submitted': { label: 'answers submitted', percent: 25 },
  'goal.clarified': { label: 'goal clarified', percent: 35 },
  'spec.created': { label: 'spec written', percent: 60 },
  'tickets.generated': { label: 'tickets generated and validated', percent: 85 },
  'handoff.created': { label: 'handoff prompt ready', percent: 100 },
  'execution.updated': { label: 'execution updated' },
  'workflow.failed': { label: 'workflow FAILED' },
  'workflow.cancelled': { label: 'workflow cancelled' },
};

const WIDTH = 24;

/**
 * Progress on stderr: a bar redrawn in place when stderr is a terminal, plain lines otherwise
 * (CI logs, pipes). `quiet` (--json) prints nothing.
 */
export class Progress {
  private percent = 0;
  private drawn = false;
  private readonly tty: boolean;

  constructor(
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly quiet = false,
  ) {
    this.tty = Boolean(out.isTTY);
  }

  event(type: string, detail?: string): void {
    const phase = PHASES[type] ?? { label: type };
    if (phase.percent !== undefined) this.percent = Math.max(this.percent, phase.percent);
    const label = `${phase.label}${detail ? ` (${detail})` : ''}`;
    if (this.quiet) return;
    if (this.tty) {
      const filled = Math.round((this.percent / 100) * WIDTH);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
      this.out.write(`\r\x1b[K${bar} ${String(this.percent).padStart(3)}%  ${label}`);
      this.drawn = true;
    } else {
      this.out.write(`[${String(this.percent).padStart(3)}%] ${label}\n`);
    }
  }

  /** Ends the bar's line so other output (questions, results) starts on a fresh one. */
  break(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}
