// The CLI's CSV is the workbench's: one writer in core/api, so `iovlab export` and the
// download in the results view produce the same columns byte for byte.
export { csvField, resultsCsv, seriesCsv } from '../api/results-csv'
