export declare const BEGIN: string
export declare const END: string
export declare function predictedTable(validationMd: string): string
export declare function withPredictedTable(doc: string, table: string): string
