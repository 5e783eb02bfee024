// A dots spinner, written here instead of pulling in a package for ten characters.
import { Text } from "ink";
import { useNow } from "./use-now.js";

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const FRAME_MS = 80;

export function Spinner() {
  const now = useNow(FRAME_MS);
  return <Text color="cyan">{FRAMES[Math.floor(now / FRAME_MS) % FRAMES.length]}</Text>;
}
