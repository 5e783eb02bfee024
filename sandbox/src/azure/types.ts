// Registers every resource type the Azure face serves (each module registers itself on import).

import "./network/index.js";
import "./compute/marketplace.js";
import "./compute/vm.js";
import "./compute/images.js";
import "./compute/gallery.js";
import "./compute/scale-set.js";
