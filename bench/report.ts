/** What every section hands back: rows for the printed table, and raw data for results.json. */
export type Status = 'met' | 'missed' | 'info' | 'n/a';

export interface TableRow {
  section: string;
  figure: string;
  value: string;
  target?: string;
  status: Status;
}

export interface SectionResult {
  section: string;
  rows: TableRow[];
  data: Record<string, unknown>;
  /** Explanations printed under the table (why something is n/a, what was measured). */
  notes: string[];
}

export function check(met: boolean): Status {
  return met ? 'met' : 'missed';
}

export function ms(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(value < 10 ? 2 : 1)} ms` : 'n/a';
}

export function times(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a';
}

export function int(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';
}

const STATUS_LABEL: Record<Status, string> = { met: 'met', missed: 'MISSED', info: '', 'n/a': 'n/a' };

/** A Markdown table: readable in a terminal and pasteable into docs/benchmarks.md as is. */
export function renderTable(rows: readonly TableRow[]): string {
  const header = ['Section', 'Figure', 'Measured', 'Target', 'Status'];
  const body = rows.map((row) => [row.section, row.figure, row.value, row.target ?? '', STATUS_LABEL[row.status]]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => (cells[column] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [line(header), `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`, ...body.map(line)].join('\n');
}
