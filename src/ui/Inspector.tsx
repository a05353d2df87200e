export default function Inspector() {
  return <p className="empty">Inspector: coming</p>;
}
