export default function View() {
  return <h1>planning</h1>;
}
