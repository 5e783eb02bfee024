// Registers every resource type the Azure face serves (each module registers itself on import).

import "./network/index.js";
