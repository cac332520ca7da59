// A stratum as the plan editor holds it: the filter and either a ratio (percent, as typed) or a
// count, whichever `mode` says.
export interface StratumRow {
  name: string
  districts: string[]
  riskGrades: string[]
  minComplaints: number
  mode: 'ratio' | 'count'
  ratio: string
  count: number | undefined
}

export function blankStratum(name = ''): StratumRow {
  return { name, districts: [], riskGrades: [], minComplaints: 0, mode: 'ratio', ratio: '10', count: undefined }
}
