// The sandbox's own HTTP paths (health, faults, publish-base), apart from the API that serves them, so
// that a client finding or steering the daemon does not load the whole cloud model.

export const HEALTH_PATH = "/__sandbox/health";
export const FAULTS_PATH = "/__sandbox/faults";
export const PUBLISH_BASE_PATH = "/__sandbox/publish-base";
