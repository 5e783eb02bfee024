// An instance's console: bounded like EC2's (GetConsoleOutput returns the last 64 KiB).

export const CONSOLE_LIMIT = 64 * 1024;

export class ConsoleBuffer {
  private text = "";

  constructor(private readonly limit = CONSOLE_LIMIT) {}

  append(chunk: string): void {
    this.text += chunk;
    if (this.text.length > this.limit * 2) this.text = this.text.slice(-this.limit);
  }

  read(): string {
    return this.text.length > this.limit ? this.text.slice(-this.limit) : this.text;
  }
}
