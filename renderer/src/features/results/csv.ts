// The results view's CSV download uses the same writer as `iovlab export` (core/api).
export { csvField, resultsCsv, seriesCsv } from '../../../../core/api/results-csv'
