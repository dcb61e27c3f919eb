// The catalog's types under their old module name, for code that imports them from here.
export type { Catalog, CatalogEntity, CatalogGuest } from "./catalog.js";
