import {
  isFocused,
  type Connection,
  type ConnectionFilter,
  type ConnectivityAnalysis,
  type Endpoint,
} from '../analysis/connectivity.js';
import { compareText } from '../model/order.js';

export type OutputFormat = 'txt' | 'json' | 'csv' | 'md' | 'dot';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['txt', 'json', 'csv', 'md', 'dot'];

/** One line of output: endpoint names and the connection text. */
export interface ConnectionRow {
  readonly src: string;
  readonly dst: string;
  readonly conn: string;
}

/** Renders the allowed connections of an analysis in one of the output formats. */
export function formatConnections(
  analysis: ConnectivityAnalysis,
  format: OutputFormat,
  filter: ConnectionFilter = {},
): string {
  switch (format) {
    case 'txt':
      return formatTxt(analysis, filter);
    case 'json':
      return formatJson(analysis, filter);
    case 'csv':
      return formatCsv(analysis, filter);
    case 'md':
      return formatMd(analysis, filter);
    case 'dot':
      return formatDot(analysis, filter);
    default:
      throw new Error(
        `Output format ${JSON.stringify(format)} is not supported; use one of ${OUTPUT_FORMATS.join(', ')}.`,
      );
  }
}

/** Yields rows in netpol-analyzer's order: by source name, then destination name. */
export function* connectionRows(
  analysis: ConnectivityAnalysis,
  filter: ConnectionFilter = {},
): Generator<ConnectionRow> {
  for (const connection of analysis.connections(filter)) yield toRow(connection);
}

/** Renders `src => dst : conn` lines, the text format of netpol-analyzer. */
export function formatTxt(analysis: ConnectivityAnalysis, filter: ConnectionFilter = {}): string {
  let text = '';
  for (const row of connectionRows(analysis, filter))
    text += `${row.src} => ${row.dst} : ${row.conn}\n`;
  return text;
}

/** Renders the connections as a JSON array of `{src, dst, conn}` objects. */
export function formatJson(analysis: ConnectivityAnalysis, filter: ConnectionFilter = {}): string {
  return `${JSON.stringify([...connectionRows(analysis, filter)], null, 2)}\n`;
}

/** Renders CSV with a `src,dst,conn` header, quoting fields with commas or quotes as RFC 4180 requires. */
export function formatCsv(analysis: ConnectivityAnalysis, filter: ConnectionFilter = {}): string {
  let text = 'src,dst,conn\n';
  for (const row of connectionRows(analysis, filter)) {
    text += `${csvField(row.src)},${csvField(row.dst)},${csvField(row.conn)}\n`;
  }
  return text;
}

/** Renders a Markdown table with the columns src, dst and conn. */
export function formatMd(analysis: ConnectivityAnalysis, filter: ConnectionFilter = {}): string {
  let text = '| src | dst | conn |\n|-----|-----|------|\n';
  for (const row of connectionRows(analysis, filter)) {
    text += `| ${mdCell(row.src)} | ${mdCell(row.dst)} | ${mdCell(row.conn)} |\n`;
  }
  return text;
}

/**
 * Renders a Graphviz digraph with one cluster of workloads per namespace, a node per external
 * range and a labelled edge per allowed connection. Workloads without any allowed connection
 * still appear, so isolated workloads are visible.
 */
export function formatDot(analysis: ConnectivityAnalysis, filter: ConnectionFilter = {}): string {
  const connections = [...analysis.connections(filter)];
  const focus = filter.focusWorkloads ?? [];
  const nodes = new Map<string, Endpoint>();
  for (const endpoint of analysis.workloadEndpoints) {
    if (focus.length === 0 || isFocused(endpoint.workload, focus))
      nodes.set(endpoint.name, endpoint);
  }
  for (const { source, destination } of connections) {
    nodes.set(source.name, source);
    nodes.set(destination.name, destination);
  }

  const byNamespace = new Map<string, string[]>();
  const externalLines: string[] = [];
  for (const endpoint of [...nodes.values()].sort((a, b) => compareText(a.name, b.name))) {
    if (endpoint.type === 'external') {
      externalLines.push(
        `\t${dotId(endpoint.name)} [label=${dotId(endpoint.name)} color="red2" fontcolor="red2"]`,
      );
      continue;
    }
    const { namespace, name, kind } = endpoint.workload;
    const line = `\t\t${dotId(endpoint.name)} [label=${dotId(`${name}[${kind}]`)} color="blue" fontcolor="blue"]`;
    const lines = byNamespace.get(namespace);
    if (lines === undefined) byNamespace.set(namespace, [line]);
    else lines.push(line);
  }

  const lines = ['digraph {'];
  for (const namespace of [...byNamespace.keys()].sort(compareText)) {
    lines.push(`\tsubgraph ${dotId(`cluster_${namespace}`)} {`);
    lines.push(...(byNamespace.get(namespace) ?? []));
    lines.push(`\t\tlabel=${dotId(namespace)}`, '\t}');
  }
  lines.push(...externalLines);
  for (const connection of connections) {
    const { src, dst, conn } = toRow(connection);
    lines.push(
      `\t${dotId(src)} -> ${dotId(dst)} [label=${dotId(conn)} color="gold2" fontcolor="darkgreen"]`,
    );
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function toRow(connection: Connection): ConnectionRow {
  return {
    src: connection.source.name,
    dst: connection.destination.name,
    conn: connection.connections.toString(),
  };
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function mdCell(value: string): string {
  return value.replace(/\|/g, '\\|');
}

function dotId(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
