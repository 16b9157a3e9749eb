const ADJECTIVES = [
  'amber', 'bold', 'brave', 'bright', 'calm', 'clever', 'crisp', 'daring', 'eager', 'fancy',
  'gentle', 'glad', 'golden', 'honest', 'jolly', 'keen', 'lively', 'lucky', 'merry', 'nimble',
  'polite', 'proud', 'quick', 'quiet', 'rapid', 'shiny', 'silent', 'smart', 'steady', 'sunny',
  'swift', 'tidy', 'vivid', 'warm', 'wise', 'witty',
];
const NOUNS = [
  'ant', 'bear', 'bee', 'cat', 'crane', 'deer', 'dolphin', 'eagle', 'falcon', 'finch', 'fox',
  'frog', 'goat', 'hare', 'hawk', 'heron', 'horse', 'lark', 'lion', 'lynx', 'mole', 'moth',
  'newt', 'otter', 'owl', 'panda', 'robin', 'seal', 'shark', 'sloth', 'snail', 'swan', 'tiger',
  'trout', 'whale', 'wolf', 'wren', 'yak',
];

function pick(words: readonly string[]): string {
  return words[Math.floor(Math.random() * words.length)]!;
}

/** A readable run name like `swift-otter-417`, as MLflow gives unnamed runs. */
export function generateRunName(): string {
  return `${pick(ADJECTIVES)}-${pick(NOUNS)}-${Math.floor(Math.random() * 1000)}`;
}
