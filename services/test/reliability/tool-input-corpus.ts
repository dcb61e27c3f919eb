// Hostile tool arguments for the files, transfer, projects and system tools: path traversal, symlink escapes,
// prefix tricks, NUL bytes, shell metacharacters and quoting tricks. Each case names the tool, its arguments
// and how it is called (as an MCP client with no approval, or approved by the person's keyword, since the
// sandbox must hold even for approved calls). Escapes are judged by their effects on disk, not by the answer.
import path from "node:path";

export interface Layout {
  top: string;
  files: string;
  projects: string;
  share: string;
  /** Everything under here (and top/secret.txt, top/files-evil) must stay exactly as it is. */
  outside: string;
  /** A page server on loopback, for download_file. */
  webUrl: string;
}

export interface ToolInputCase {
  name: string;
  tool: string;
  args: Record<string, unknown>;
  approved?: boolean;
}

/** Shell commands that must not run unapproved: each would leave `mark` (or change `victim`) if it ran. */
export function shellTricks(mark: (n: number) => string, victim: string): string[] {
  const m = (n: number) => mark(n);
  return [
    `uptime; touch ${m(1)}`,
    `uptime && touch ${m(2)}`,
    `false || touch ${m(3)}`,
    `uptime | touch ${m(4)}`,
    `uptime & touch ${m(5)}`,
    `uptime\ntouch ${m(6)}`,
    `echo $(touch ${m(7)})`,
    `echo \`touch ${m(8)}\``,
    `echo "$(touch ${m(9)})"`,
    `cat <(touch ${m(10)})`,
    `echo x > ${m(11)}`,
    `echo x >> ${m(12)}`,
    `echo x >| ${m(13)}`,
    `echo x 1>${m(14)}`,
    `echo x &>${m(15)}`,
    `echo x >&${m(16)}`,
    `env touch ${m(17)}`,
    `awk 'BEGIN{system("touch ${m(18)}")}'`,
    `awk 'BEGIN{print "x" > "${m(19)}"}'`,
    `awk 'BEGIN{print "touch ${m(20)}" | "sh"}'`,
    `awk 'BEGIN{"touch ${m(21)}" | getline}'`,
    `sed -n 'w ${m(22)}' /etc/hostname`,
    `sed -n '1e touch ${m(23)}' /etc/hostname`,
    `find /etc/hostname -fls ${m(24)}`,
    `find /etc/hostname -exec touch ${m(25)} \\;`,
    `find /etc/hostname -fprint ${m(26)}`,
    `sort -o ${m(27)} /etc/hostname`,
    `sort --out=${m(28)} /etc/hostname`,
    `uniq /etc/hostname ${m(29)}`,
    `sh -c 'touch ${m(30)}'`,
    `bash -c "touch ${m(31)}"`,
    `eval touch ${m(32)}`,
    `timeout 5 touch ${m(33)}`,
    `nice touch ${m(34)}`,
    `ls\${IFS}-la;touch\${IFS}${m(35)}`,
    `l\\s; touch ${m(36)}`,
    `'ls' ; touch ${m(37)}`,
    `echo x | tee ${m(38)}`,
    `echo x>${m(39)}`,
    `ls /nonexistent 2>>${m(40)}`,
    `cat <<< x > ${m(41)}`,
    `(touch ${m(42)})`,
    `{ touch ${m(43)}; }`,
    `for i in 1; do touch ${m(44)}; done`,
    `sed -ni 's/a/b/p' ${victim}`,
    `sed --in 's/a/b/' ${victim}`,
    `sed -i.bak 's/a/b/' ${victim}`,
    `printf 'x' > /dev/null; touch ${m(48)}`,
  ];
}

/**
 * Commands that would change the machine in ways a marker file cannot show (addresses, links, the clock);
 * never run here, only classified: each must not come out GREEN.
 */
export const UNRUNNABLE_TRICKS = [
  "ip a a 192.0.2.77/32 dev lo",
  "ip l s lo down",
  "ip r d default",
  "date -s '2001-01-01'",
  "hostname evil",
  "arp -d 192.0.2.1",
  "dpkg -l -P some-package",
  "ss -K dst 192.0.2.1",
  "journalctl --vacuum-time=1s",
  "dmesg --clear",
];

export function pathCases(l: Layout): ToolInputCase[] {
  const traversal = [
    "../secret.txt",
    `${l.files}/../secret.txt`,
    "sub/../../secret.txt",
    "./../secret.txt",
    "..\\secret.txt",
    "link-out",
    "link-dir-out/inner.txt",
    `${l.files}/../files-evil/secret2.txt`,
    `/proc/self/root${l.top}/secret.txt`,
    `//${l.top.slice(1)}/secret.txt`,
    `${l.files}\0/../secret.txt`,
    "/etc/shadow",
  ];
  const cases: ToolInputCase[] = [];
  for (const p of traversal) cases.push({ name: `read_file ${JSON.stringify(p)}`, tool: "read_file", args: { path: p } });
  for (const p of ["..", "link-dir-out", `${l.files}/../files-evil`, "/", "sub/../.."]) cases.push({ name: `list_directory ${p}`, tool: "list_directory", args: { path: p } });
  for (const p of ["../secret.txt", "link-out", `${l.files}-evil/secret2.txt`]) cases.push({ name: `get_file_info ${p}`, tool: "get_file_info", args: { path: p } });

  const copy = (source: string, destination: string, overwrite = false) =>
    cases.push({ name: `copy_file ${source} -> ${destination}${overwrite ? " (overwrite)" : ""}`, tool: "copy_file", args: { source, destination, overwrite } });
  copy("a.txt", "../outside/copied.txt");
  copy("link-out", "stolen.txt");
  copy("a.txt", "dangling");
  copy("a.txt", "dangling", true);
  copy("a.txt", `${l.files}-evil/x.txt`);
  copy("a.txt", "link-dir-out/new.txt");
  copy("../secret.txt", "stolen2.txt");
  copy("a.txt", "link-out", true);
  cases.push({ name: "download_file into a dangling link", tool: "download_file", args: { url: `${l.webUrl}/page`, destination: "dangling2" }, approved: true });
  cases.push({ name: "download_file to ../outside", tool: "download_file", args: { url: `${l.webUrl}/page`, destination: "../outside/dl.txt" }, approved: true });
  cases.push({ name: "download_file into a linked folder", tool: "download_file", args: { url: `${l.webUrl}/page`, destination: "link-dir-out/dl.txt" }, approved: true });

  const del = (p: string, recursive = false) =>
    cases.push({ name: `delete_file ${p}${recursive ? " (recursive)" : ""}`, tool: "delete_file", args: { path: p, recursive }, approved: true });
  del("../outside/victim.txt");
  del("link-dir-out/inner.txt");
  del(`${l.files}-evil/secret2.txt`);
  del("sub/../../outside", true);
  del(".", true);

  const project = (tool: string, args: Record<string, unknown>) => cases.push({ name: `${tool} ${JSON.stringify(args)}`, tool, args });
  project("read_project_file", { project: "proj1", file: "../../secret.txt" });
  project("read_project_file", { project: "proj1", file: "evil-link" });
  project("read_project_file", { project: "proj1", file: `${l.top}/secret.txt` });
  project("read_project_file", { project: "..", file: "secret.txt" });
  project("read_project_file", { project: "proj2", file: "inner.txt" });
  project("read_project_file", { project: `${l.outside}`, file: "victim.txt" });
  project("get_project_structure", { project: "proj2" });
  project("get_project_structure", { project: l.top });
  project("search_project_files", { project: "proj1", text: "zq-secret" });
  project("search_project_files", { project: "proj2", text: "zq-secret" });
  project("analyze_project", { project: "../files-evil" });
  project("analyze_project", { project: path.join(l.projects, "..") });
  return cases;
}

export function transferCases(l: Layout, mark: (n: number) => string): ToolInputCase[] {
  const t = (direction: "to_node" | "from_node", local_path: string, node_path: string, overwrite = false): ToolInputCase => ({
    name: `transfer_file ${direction} ${local_path} <-> ${node_path}`,
    tool: "transfer_file",
    args: { node: "pve1", direction, local_path, node_path, overwrite },
  });
  return [
    t("to_node", "a.txt", `/tmp/$(touch ${mark(101)})`),
    t("to_node", "a.txt", `${l.share}/x'; touch ${mark(102)}; '`),
    t("to_node", "a.txt", `${l.share}/\`touch ${mark(103)}\``),
    t("to_node", "a.txt", "relative/path.txt"),
    t("to_node", "a.txt", `${l.share}/../outside/pushed.txt`),
    t("to_node", "a.txt", `${l.share}/dangling-node`, true),
    t("to_node", "link-out", `${l.share}/leaked.txt`),
    t("from_node", "pulled.txt", `${l.share}/sneaky-link`),
    t("from_node", "pulled2.txt", `${l.share}/../secret.txt`),
    t("from_node", "../outside/pulled3.txt", `${l.share}/vm.conf`),
    t("from_node", "dangling", `${l.share}/vm.conf`, true),
    t("from_node", "pulled4.txt", `${l.share}/vm.conf\n; touch ${mark(104)}`),
    t("from_node", "pulled5.txt", `-e ${l.share}/vm.conf`),
  ];
}

export function serviceCases(mark: (n: number) => string): ToolInputCase[] {
  return [
    { name: "restart_service with ;", tool: "restart_service", args: { node: "pve1", service: `cron; touch ${mark(201)}` }, approved: true },
    { name: "manage_service with $()", tool: "manage_service", args: { node: "pve1", service: `$(touch ${mark(202)})`, action: "status" } },
    { name: "manage_service with backticks", tool: "manage_service", args: { node: "pve1", service: `\`touch ${mark(203)}\``, action: "status" } },
    { name: "install_package with &&", tool: "install_package", args: { node: "pve1", package: `htop && touch ${mark(204)}` }, approved: true },
    { name: "install_package as an apt option", tool: "install_package", args: { node: "pve1", package: `-oAPT::Update::Pre-Invoke::=touch ${mark(205)}` }, approved: true },
    { name: "wake_node via a node name with shell", tool: "wake_node", args: { node: "pve1", via: `pve2; touch ${mark(206)}` } },
  ];
}
