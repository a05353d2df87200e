export default function Compare() {
  return <p className="empty">Compare: coming</p>;
}
