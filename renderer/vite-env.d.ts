// Vite's ambient types (CSS side-effect imports, import.meta.env) for the renderer only.
/// <reference types="vite/client" />
