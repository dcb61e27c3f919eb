// build.mjs loads CSS files as text.
declare module "*.css" {
  const text: string;
  export default text;
}
