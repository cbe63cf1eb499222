// Types for cosmiconfig 9's explorer class, which its package marks @internal and ships untyped.
// See src/config/files.ts for why licensectl builds it directly.
declare module "cosmiconfig/dist/ExplorerSync.js" {
  import type { CosmiconfigResult, LoadersSync } from "cosmiconfig";

  export interface ExplorerSyncOptions {
    moduleName: string;
    searchPlaces: string[];
    searchStrategy: "none";
    ignoreEmptySearchPlaces: boolean;
    loaders: LoadersSync;
    transform: (result: CosmiconfigResult) => CosmiconfigResult;
    cache: boolean;
    metaConfigFilePath: null;
    mergeImportArrays: boolean;
    mergeSearchPlaces: boolean;
    applyPackagePropertyPathToConfiguration?: boolean;
  }

  export class ExplorerSync {
    constructor(options: ExplorerSyncOptions);
    search(from?: string): CosmiconfigResult;
    load(filepath: string): CosmiconfigResult;
  }
}
