// Leftovers of dead bakes: find them by their tags, remove them in dependency order.

export { describeResource, findBakeResources, groupByBake, type BakeLeftovers, type BakeResource, type FindOptions, type LeftoverKind } from "./find.js";
export { removeBakeResources, type RemovalReport } from "./remove.js";
