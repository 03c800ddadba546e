/** Stylesheets are bundled by esbuild; importing one has only the side effect of including it. */
declare module '*.css';
