export default function TerminalPanel() {
  return <p className="empty">TerminalPanel: coming</p>;
}
