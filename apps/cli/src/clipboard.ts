import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

interface Tool {
  cmd: string;
  args: string[];
  when?: () => boolean;
}

/** Clipboard programs by platform, the first one present wins. */
const TOOLS: Record<string, Tool[]> = {
  darwin: [{ cmd: 'pbcopy', args: [] }],
  win32: [{ cmd: 'clip', args: [] }],
  default: [
    { cmd: 'wl-copy', args: [], when: () => Boolean(process.env.WAYLAND_DISPLAY) },
    { cmd: 'xclip', args: ['-selection', 'clipboard'], when: () => Boolean(process.env.DISPLAY) },
    { cmd: 'xsel', args: ['--clipboard', '--input'], when: () => Boolean(process.env.DISPLAY) },
  ],
};

function onPath(cmd: string): boolean {
  const exts = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE').split(';') : [''];
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .some((dir) => dir && exts.some((ext) => fs.existsSync(path.join(dir, cmd + ext))));
}

/** Copies `text`; returns the tool used, or undefined when none is installed (or it failed). */
export function copyToClipboard(text: string): string | undefined {
  const tools = TOOLS[process.platform] ?? TOOLS.default;
  for (const tool of tools) {
    if ((tool.when && !tool.when()) || !onPath(tool.cmd)) continue;
    const result = spawnSync(tool.cmd, tool.args, { input: text, stdio: ['pipe', 'ignore', 'ignore'], timeout: 5_000 });
    if (result.status === 0) return tool.cmd;
  }
  return undefined;
}
