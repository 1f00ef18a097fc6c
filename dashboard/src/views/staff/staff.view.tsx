export default function View() {
  return <h1>staff</h1>;
}
