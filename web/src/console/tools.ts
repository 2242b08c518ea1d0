// The agent's guidance tools. `pointer` only shows where the agent points; the others also act on a press.
export const TOOLS = ['pointer', 'highlight', 'freehand', 'arrow', 'box', 'text'] as const;
export type Tool = (typeof TOOLS)[number];

export function isTool(value: unknown): value is Tool {
  return (TOOLS as readonly unknown[]).includes(value);
}
