// Names shown on every page. The portal belongs to one installation's owner; the agencies it
// lists come from the API.
export const portalOwner = '郑州住房公积金管理中心'
export const portalName = '行政执法公示平台'
export const portalHeading = `${portalOwner} 行政执法公示`
export const workbenchName = '行政执法工作台'
