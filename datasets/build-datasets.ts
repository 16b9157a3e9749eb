/**
 * Builds the sample evaluation datasets in this folder from the tables below.
 * Deterministic: the same script always writes the same bytes, so the JSONL
 * files are committed next to it and a diff shows any change.
 *
 *   node --conditions=@assay/source --import tsx datasets/build-datasets.ts
 *
 * Everything here is fictional (Acme Notes, its teams, the country of Valdoria),
 * written for this project, so the data carries no third-party rights.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSeededRandom } from '@assay/core';

const OUTPUT_DIRECTORY = dirname(fileURLToPath(import.meta.url));

// ------------------------------------------------------------- support-qa

type Plan = 'Free' | 'Plus' | 'Team';
type Platform = 'desktop' | 'web' | 'iOS' | 'Android';
const PLATFORMS: readonly Platform[] = ['desktop', 'web', 'iOS', 'Android'];

interface Feature {
  category: string;
  /** What the user wants to do, as a verb phrase: "pin a note". */
  task: string;
  /** How to do it, in one or two sentences. */
  steps: string;
  plan: Plan;
  /** Platforms where it is available. */
  platforms: readonly Platform[];
}

const ALL: readonly Platform[] = PLATFORMS;
const NOT_MOBILE: readonly Platform[] = ['desktop', 'web'];

const FEATURES: readonly Feature[] = [
  { category: 'notes', task: 'pin a note to the top of a notebook', steps: 'Open the note menu (the three dots) and choose Pin to top. Pinned notes stay above the others until you unpin them.', plan: 'Free', platforms: ALL },
  { category: 'notes', task: 'restore a deleted note', steps: 'Open Trash in the sidebar, select the note and choose Restore. Notes stay in Trash for 30 days.', plan: 'Free', platforms: ALL },
  { category: 'notes', task: 'see the earlier versions of a note', steps: 'Open the note menu and choose Version history, then pick a version to preview or restore it.', plan: 'Plus', platforms: NOT_MOBILE },
  { category: 'notes', task: 'turn a note into a checklist', steps: 'Select the lines and press Ctrl+Shift+C (Cmd+Shift+C on a Mac), or choose Format > Checklist.', plan: 'Free', platforms: ALL },
  { category: 'notes', task: 'link one note to another', steps: 'Type [[ followed by the title of the other note and pick it from the suggestions.', plan: 'Free', platforms: ALL },
  { category: 'notes', task: 'add a table to a note', steps: 'Choose Insert > Table and pick the number of rows and columns; use Tab to move between cells.', plan: 'Free', platforms: ['desktop', 'web', 'iOS'] },
  { category: 'notes', task: 'lock a note with a password', steps: 'Open the note menu, choose Lock note and set a password. Locked notes are hidden from search until unlocked.', plan: 'Plus', platforms: ALL },
  { category: 'notes', task: 'change the font size of a note', steps: 'Choose View > Text size and pick Small, Medium or Large; the setting applies to every note on this device.', plan: 'Free', platforms: ALL },
  { category: 'notebooks', task: 'create a notebook', steps: 'Click the + next to Notebooks in the sidebar and give the notebook a name.', plan: 'Free', platforms: ALL },
  { category: 'notebooks', task: 'move a note to another notebook', steps: 'Drag the note onto the notebook in the sidebar, or open the note menu and choose Move to.', plan: 'Free', platforms: ALL },
  { category: 'notebooks', task: 'nest a notebook inside another one', steps: 'Drag the notebook onto its new parent in the sidebar. Notebooks can be nested three levels deep.', plan: 'Plus', platforms: NOT_MOBILE },
  { category: 'notebooks', task: 'archive a notebook', steps: 'Right-click the notebook and choose Archive. Archived notebooks are read-only and can be restored from Settings > Archive.', plan: 'Free', platforms: NOT_MOBILE },
  { category: 'notebooks', task: 'set a default notebook for new notes', steps: 'Go to Settings > Notes and choose the notebook under Default notebook.', plan: 'Free', platforms: ALL },
  { category: 'search', task: 'search inside attachments', steps: 'Turn on Settings > Search > Include attachments. PDFs and images are indexed within a few minutes of upload.', plan: 'Plus', platforms: ALL },
  { category: 'search', task: 'save a search', steps: 'Run the search, then click Save search next to the search box; saved searches appear in the sidebar.', plan: 'Free', platforms: NOT_MOBILE },
  { category: 'search', task: 'search for an exact phrase', steps: 'Put the phrase in double quotes, for example "quarterly report".', plan: 'Free', platforms: ALL },
  { category: 'search', task: 'find notes by tag', steps: 'Type tag: followed by the tag name in the search box, for example tag:recipes.', plan: 'Free', platforms: ALL },
  { category: 'tags', task: 'rename a tag', steps: 'Open Tags in the sidebar, right-click the tag and choose Rename; every note with the tag is updated.', plan: 'Free', platforms: NOT_MOBILE },
  { category: 'tags', task: 'merge two tags', steps: 'Drag one tag onto the other in the Tags list and confirm Merge.', plan: 'Plus', platforms: ['desktop'] },
  { category: 'tags', task: 'add a tag to several notes at once', steps: 'Select the notes with Shift-click or Ctrl-click, then choose Add tag from the toolbar.', plan: 'Free', platforms: NOT_MOBILE },
  { category: 'sharing', task: 'share a note with a link', steps: 'Click Share, turn on Anyone with the link and copy the link. You can turn the link off at any time.', plan: 'Free', platforms: ALL },
  { category: 'sharing', task: 'let someone else edit a notebook', steps: 'Open the notebook menu, choose Share notebook, enter their email and set the permission to Can edit.', plan: 'Team', platforms: ALL },
  { category: 'sharing', task: 'see who viewed a shared note', steps: 'Open the note, click Share and then Activity to see views and edits from the last 90 days.', plan: 'Team', platforms: NOT_MOBILE },
  { category: 'sharing', task: 'publish a note as a web page', steps: 'Click Share > Publish to web. The page updates within a minute of each edit.', plan: 'Plus', platforms: NOT_MOBILE },
  { category: 'sync', task: 'force a sync', steps: 'Click the sync icon at the bottom of the sidebar, or pull down on the note list on a phone.', plan: 'Free', platforms: ALL },
  { category: 'sync', task: 'work offline', steps: 'Turn on Settings > Offline > Keep notebooks on this device and choose the notebooks to keep; edits sync when you are back online.', plan: 'Plus', platforms: ALL },
  { category: 'sync', task: 'resolve a sync conflict', steps: 'Open the note marked Conflict, compare the two versions side by side and choose Keep this version for the one you want.', plan: 'Free', platforms: ALL },
  { category: 'attachments', task: 'attach a file to a note', steps: 'Drag the file into the note, or choose Insert > File. Files up to 25 MB are allowed on Free and 200 MB on paid plans.', plan: 'Free', platforms: ALL },
  { category: 'attachments', task: 'scan a paper document into a note', steps: 'Tap the camera button, choose Scan document and hold the page in the frame; the scan is cropped automatically.', plan: 'Free', platforms: ['iOS', 'Android'] },
  { category: 'attachments', task: 'record audio in a note', steps: 'Choose Insert > Audio recording and press the red button; recordings can be up to 2 hours long.', plan: 'Plus', platforms: ['desktop', 'iOS', 'Android'] },
  { category: 'export', task: 'export a note as PDF', steps: 'Open the note menu and choose Export > PDF; images and tables are kept.', plan: 'Free', platforms: NOT_MOBILE },
  { category: 'export', task: 'export all my notes', steps: 'Go to Settings > Account > Export data. You receive an email with a ZIP of Markdown files within an hour.', plan: 'Free', platforms: NOT_MOBILE },
  { category: 'export', task: 'import notes from Markdown files', steps: 'Choose File > Import > Markdown and select the folder; each file becomes a note and sub-folders become notebooks.', plan: 'Free', platforms: ['desktop'] },
  { category: 'account', task: 'reset my password', steps: 'On the sign-in page choose Forgot password and follow the link in the email; the link is valid for one hour.', plan: 'Free', platforms: ALL },
  { category: 'account', task: 'turn on two-step verification', steps: 'Go to Settings > Security > Two-step verification and scan the QR code with an authenticator app.', plan: 'Free', platforms: ALL },
  { category: 'account', task: 'change the email address of my account', steps: 'Go to Settings > Account > Email, enter the new address and confirm it from the message sent there.', plan: 'Free', platforms: NOT_MOBILE },
  { category: 'account', task: 'delete my account', steps: 'Go to Settings > Account > Delete account. Your notes are removed for good after a 14-day grace period.', plan: 'Free', platforms: NOT_MOBILE },
  { category: 'billing', task: 'switch from monthly to yearly billing', steps: 'Go to Settings > Billing > Change plan and pick Yearly; the unused part of the month is credited.', plan: 'Plus', platforms: NOT_MOBILE },
  { category: 'billing', task: 'download an invoice', steps: 'Go to Settings > Billing > Invoices and click Download next to the month you need.', plan: 'Plus', platforms: NOT_MOBILE },
  { category: 'billing', task: 'add a seat to my team', steps: 'As a team admin, open Admin > Members and click Invite; each new member adds one seat to the next invoice.', plan: 'Team', platforms: NOT_MOBILE },
];

const PLAN_ORDER: readonly Plan[] = ['Free', 'Plus', 'Team'];

function planAnswer(feature: Feature): string {
  if (feature.plan === 'Free') return `Every plan, including Free, lets you ${feature.task}.`;
  const position = PLAN_ORDER.indexOf(feature.plan);
  const needed = PLAN_ORDER.slice(position).join(' or ');
  const excluded = PLAN_ORDER.slice(0, position).join(' or ');
  return `You need a ${needed} plan to ${feature.task}; it is not part of ${excluded}.`;
}

function listPlatforms(platforms: readonly Platform[]): string {
  return platforms.length === 1 ? platforms[0]! : `${platforms.slice(0, -1).join(', ')} and ${platforms[platforms.length - 1]!}`;
}

function platformAnswer(feature: Feature, platform: Platform): string {
  const where = listPlatforms(feature.platforms);
  return feature.platforms.includes(platform)
    ? `Yes. You can ${feature.task} in the ${platform} app (it works on ${where}).`
    : `No, not in the ${platform} app yet. You can ${feature.task} on ${where}.`;
}

function capitalise(text: string): string {
  return `${text[0]!.toUpperCase()}${text.slice(1)}`;
}

function buildSupportQa(): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  FEATURES.forEach((feature, index) => {
    rows.push({ question: `How do I ${feature.task}?`, expected_answer: feature.steps, category: feature.category });
    rows.push({ question: `Which plan do I need to ${feature.task}?`, expected_answer: planAnswer(feature), category: 'plans' });
    // Alternate between a platform that has the feature and one that may not.
    const platform = PLATFORMS[(index * 3 + 1) % PLATFORMS.length]!;
    rows.push({
      question: `Can I ${feature.task} in the Acme Notes ${platform} app?`,
      expected_answer: platformAnswer(feature, platform),
      category: 'platforms',
    });
  });
  return rows.map((row, index) => ({ id: `support-${String(index + 1).padStart(3, '0')}`, ...row, question: capitalise(String(row.question)) }));
}

// ------------------------------------------------------ meeting-summaries

interface MeetingTopic {
  subject: string;
  optionA: string;
  optionB: string;
  /** Which option the meeting chose. */
  choice: 'A' | 'B';
  reason: string;
  action: string;
}

const TEAMS = ['Mobile', 'Payments', 'Search', 'Growth', 'Platform', 'Support tooling', 'Design systems', 'Data'] as const;
const PEOPLE = ['Amara', 'Bruno', 'Chen', 'Dalia', 'Emeka', 'Freya', 'Goran', 'Hana', 'Ines', 'Jonas', 'Kofi', 'Lena'] as const;
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'] as const;

const TOPICS: readonly MeetingTopic[] = [
  { subject: 'the release date of version 4.2', optionA: 'shipping on the planned date with the export bug known', optionB: 'slipping one week to fix the export bug', choice: 'B', reason: 'the bug corrupts tables in exported PDFs', action: 'announce the new date to customer support' },
  { subject: 'the on-call rotation', optionA: 'weekly shifts', optionB: 'two-week shifts', choice: 'A', reason: 'two-week shifts left people tired in the second week', action: 'publish the new rotation in the team calendar' },
  { subject: 'moving the build to the new CI runners', optionA: 'migrating every pipeline at once', optionB: 'migrating one pipeline per week', choice: 'B', reason: 'a failed all-at-once switch would block every release', action: 'migrate the linting pipeline first' },
  { subject: 'the onboarding checklist', optionA: 'keeping it in the wiki', optionB: 'moving it into the issue tracker as a template', choice: 'B', reason: 'new hires lose track of wiki pages', action: 'draft the tracker template' },
  { subject: 'the flaky sync tests', optionA: 'quarantining them', optionB: 'rewriting them against a fake server', choice: 'B', reason: 'quarantined tests tend to stay quarantined', action: 'write the fake sync server' },
  { subject: 'pricing for the Team plan', optionA: 'a flat price per seat', optionB: 'a price that falls with more seats', choice: 'A', reason: 'sales said tiered prices slowed every deal', action: 'update the pricing page copy' },
  { subject: 'the dark mode colour palette', optionA: 'pure black backgrounds', optionB: 'dark grey backgrounds', choice: 'B', reason: 'user tests found pure black harder to read for long notes', action: 'ship the grey palette to the beta group' },
  { subject: 'search ranking for old notes', optionA: 'boosting recently edited notes', optionB: 'ranking by text match alone', choice: 'A', reason: 'most searches are for notes touched in the last month', action: 'run the ranking change as an experiment on 10% of users' },
  { subject: 'the support backlog', optionA: 'hiring two contractors', optionB: 'adding canned replies for the top ten questions', choice: 'B', reason: 'ten questions make up half of all tickets', action: 'write the first five canned replies' },
  { subject: 'retiring the old Android app', optionA: 'retiring it this quarter', optionB: 'keeping it until usage drops below 2%', choice: 'B', reason: 'it still has 6% of Android users', action: 'add an in-app prompt to move to the new app' },
  { subject: 'the database upgrade', optionA: 'upgrading during the weekend', optionB: 'upgrading on a weekday morning with everyone present', choice: 'B', reason: 'a weekend upgrade left no one to help if it went wrong', action: 'write the rollback plan' },
  { subject: 'the quarterly planning format', optionA: 'one long planning day', optionB: 'three short sessions over a week', choice: 'B', reason: 'people lost focus by the afternoon last time', action: 'book the three sessions' },
  { subject: 'analytics events in the editor', optionA: 'tracking every keystroke burst', optionB: 'tracking only feature use', choice: 'B', reason: 'keystroke data raised privacy concerns with no clear use', action: 'remove the keystroke events from the tracking plan' },
  { subject: 'the accessibility audit findings', optionA: 'fixing them in the next sprint', optionB: 'spreading them over the quarter', choice: 'A', reason: 'two findings block screen-reader users completely', action: 'split the findings into tickets' },
];

const STATUSES = [
  'is on track',
  'is one week behind because of a late design review',
  'finished its beta with 40 testers',
  'is blocked on a security review',
  'shipped to 20% of users without incidents',
] as const;

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

function pickDistinct<T>(items: readonly T[], count: number, random: () => number): T[] {
  const pool = [...items];
  const chosen: T[] = [];
  while (chosen.length < count) chosen.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  return chosen;
}

function buildMeetingSummaries(): Record<string, unknown>[] {
  const random = createSeededRandom(42).next;
  const rows: Record<string, unknown>[] = [];
  for (let index = 0; index < 112; index += 1) {
    const team = TEAMS[index % TEAMS.length]!;
    const topic = TOPICS[index % TOPICS.length]!;
    const [lead, advocateA, advocateB, owner] = pickDistinct(PEOPLE, 4, random) as [string, string, string, string];
    const status = pick(STATUSES, random);
    const day = pick(DAYS, random);
    const week = 2 + Math.floor(index / TOPICS.length);
    const chosen = topic.choice === 'A' ? topic.optionA : topic.optionB;
    const document = [
      `${team} team sync, week ${week}. Attendees: ${lead}, ${advocateA}, ${advocateB}, ${owner}.`,
      `${lead} opened with a status update: the current milestone ${status}.`,
      `Main topic: ${topic.subject}. ${advocateA} argued for ${topic.optionA}; ${advocateB} preferred ${topic.optionB}.`,
      `After some discussion the team agreed on ${chosen}, because ${topic.reason}.`,
      `Action item: ${owner} will ${topic.action} by ${day}.`,
      `${lead} will check progress at the next sync.`,
    ].join('\n');
    const reference_summary =
      `At its week ${week} sync, the ${team} team agreed on ${chosen} for ${topic.subject}, because ${topic.reason}. ` +
      `${owner} will ${topic.action} by ${day}.`;
    rows.push({ id: `meeting-${String(index + 1).padStart(3, '0')}`, document, reference_summary });
  }
  return rows;
}

// ------------------------------------------------------------- rag-travel

interface Town {
  name: string;
  /** Where it is, with its preposition: 'on the southern coast'. */
  region: string;
  trainHours: number;
  bestMonth: string;
  dish: string;
  landmark: string;
  ferry: string;
}

const CAPITAL = 'Marevo';
const TOWNS: readonly Town[] = [
  { name: 'Ostrel', region: 'in the northern fjords', trainHours: 3, bestMonth: 'June', dish: 'smoked trout with rye', landmark: 'the Ostrel lighthouse museum', ferry: 'twice a day to Kalsund' },
  { name: 'Brisa', region: 'on the southern coast', trainHours: 2, bestMonth: 'September', dish: 'grilled sardines with lemon salt', landmark: 'the old salt warehouses', ferry: 'hourly to the Brisa islets' },
  { name: 'Tarnholm', region: 'in the lake district', trainHours: 4, bestMonth: 'July', dish: 'pike dumplings', landmark: 'the floating chapel', ferry: 'three times a day across Lake Tarn' },
  { name: 'Vellani', region: 'in the wine valleys', trainHours: 1, bestMonth: 'October', dish: 'grape-leaf parcels', landmark: 'the terraced vineyards of Monte Vell', ferry: 'not available, as the town is inland' },
  { name: 'Kalsund', region: 'in the northern fjords', trainHours: 5, bestMonth: 'August', dish: 'cloudberry pancakes', landmark: 'the glacier viewpoint', ferry: 'twice a day to Ostrel' },
  { name: 'Pirano', region: 'on the southern coast', trainHours: 3, bestMonth: 'May', dish: 'octopus stew', landmark: 'the cliffside monastery', ferry: 'four times a day to Brisa' },
  { name: 'Dunmere', region: 'in the highlands', trainHours: 6, bestMonth: 'July', dish: 'lamb and barley broth', landmark: 'the standing stones of Dun', ferry: 'not available, as the town is inland' },
  { name: 'Selva', region: 'in the eastern forests', trainHours: 2, bestMonth: 'October', dish: 'mushroom pie', landmark: 'the treetop walkway', ferry: 'not available, as the town is inland' },
  { name: 'Arvik', region: 'in the northern fjords', trainHours: 7, bestMonth: 'March', dish: 'salted cod with potatoes', landmark: 'the northern lights observatory', ferry: 'once a day to Kalsund' },
  { name: 'Lumino', region: 'in the lake district', trainHours: 3, bestMonth: 'June', dish: 'lake perch in butter', landmark: 'the glass boathouse gallery', ferry: 'every two hours to Tarnholm' },
  { name: 'Corvasso', region: 'in the wine valleys', trainHours: 2, bestMonth: 'September', dish: 'chestnut polenta', landmark: 'the cathedral of the seven bells', ferry: 'not available, as the town is inland' },
  { name: 'Haldor', region: 'in the highlands', trainHours: 5, bestMonth: 'August', dish: 'oat cakes with heather honey', landmark: 'Haldor castle', ferry: 'not available, as the town is inland' },
  { name: 'Miravel', region: 'on the southern coast', trainHours: 4, bestMonth: 'June', dish: 'saffron rice with mussels', landmark: 'the painted harbour steps', ferry: 'twice a day to Pirano' },
  { name: 'Gresk', region: 'in the eastern forests', trainHours: 3, bestMonth: 'May', dish: 'wild garlic soup', landmark: 'the old sawmill museum', ferry: 'not available, as the town is inland' },
  { name: 'Fennick', region: 'in the marshlands', trainHours: 2, bestMonth: 'April', dish: 'eel with green sauce', landmark: 'the bird reserve towers', ferry: 'three times a day along the canal to Marevo' },
  { name: 'Sorrelby', region: 'in the marshlands', trainHours: 3, bestMonth: 'May', dish: 'river crayfish', landmark: 'the windmill row', ferry: 'twice a day along the canal to Fennick' },
  { name: 'Quillon', region: 'in the highlands', trainHours: 8, bestMonth: 'July', dish: 'venison with juniper', landmark: 'the Quillon pass railway bridge', ferry: 'not available, as the town is inland' },
  { name: 'Rovena', region: 'in the wine valleys', trainHours: 2, bestMonth: 'October', dish: 'fig and walnut tart', landmark: 'the underground wine cellars', ferry: 'not available, as the town is inland' },
  { name: 'Nera', region: 'on the southern coast', trainHours: 0, bestMonth: 'August', dish: 'sea urchin on toast', landmark: 'the blue grotto', ferry: 'three times a day to Brisa, the only way to reach the island' },
  { name: 'Wendholm', region: 'in the lake district', trainHours: 5, bestMonth: 'January', dish: 'apple and cinnamon bread', landmark: 'the frozen lake skating track', ferry: 'from May to October across the lake to Lumino (the lake freezes in winter)' },
  { name: 'Yarrow', region: 'in the eastern forests', trainHours: 4, bestMonth: 'September', dish: 'blackberry venison stew', landmark: 'the oldest oak in Valdoria', ferry: 'not available, as the town is inland' },
  { name: 'Zemlo', region: 'in the marshlands', trainHours: 1, bestMonth: 'April', dish: 'smoked eel sandwiches', landmark: 'the floating market', ferry: 'hourly along the canal to Marevo' },
];

type Attribute = 'train' | 'season' | 'dish' | 'landmark' | 'ferry';
const ATTRIBUTES: readonly Attribute[] = ['train', 'season', 'dish', 'landmark', 'ferry'];

function trainFact(town: Town): string {
  return town.trainHours === 0
    ? `${town.name} is an island with no railway station; travellers take the train to Brisa and the ferry from there.`
    : `Direct trains from ${CAPITAL} reach ${town.name} in about ${town.trainHours} hour${town.trainHours === 1 ? '' : 's'}.`;
}

function passage(town: Town, attribute: Attribute): string {
  switch (attribute) {
    case 'train':
      return `${town.name} lies ${town.region} of Valdoria. ${trainFact(town)}`;
    case 'season':
      return `Local guides in ${town.name} recommend visiting in ${town.bestMonth}, when the weather ${town.region} is at its best and the town holds its yearly festival.`;
    case 'dish':
      return `The dish visitors to ${town.name} ask for most is ${town.dish}, served in most family restaurants near the main square.`;
    case 'landmark':
      return `The best-known sight in ${town.name} is ${town.landmark}, open to visitors every day except Mondays.`;
    case 'ferry':
      return `Ferry service from ${town.name}: ${town.ferry}.`;
  }
}

function question(town: Town, attribute: Attribute): string {
  switch (attribute) {
    case 'train':
      return `How long does the train from ${CAPITAL} to ${town.name} take?`;
    case 'season':
      return `What is the best month to visit ${town.name}?`;
    case 'dish':
      return `Which local dish should I try in ${town.name}?`;
    case 'landmark':
      return `What is the most famous sight in ${town.name}?`;
    case 'ferry':
      return `Is there a ferry from ${town.name}, and where does it go?`;
  }
}

function answer(town: Town, attribute: Attribute): string {
  switch (attribute) {
    case 'train':
      return town.trainHours === 0
        ? `There is no train to ${town.name}: take the train to Brisa and then the ferry.`
        : `About ${town.trainHours} hour${town.trainHours === 1 ? '' : 's'} by direct train.`;
    case 'season':
      return `${town.bestMonth}, when the town holds its yearly festival.`;
    case 'dish':
      return `Try ${town.dish}.`;
    case 'landmark':
      return `${capitalise(town.landmark)}, open every day except Mondays.`;
    case 'ferry':
      return town.ferry.startsWith('not available') ? `No: a ferry is ${town.ferry}.` : `Yes, ${town.ferry}.`;
  }
}

function buildRagTravel(): Record<string, unknown>[] {
  const random = createSeededRandom(7).next;
  const rows: Record<string, unknown>[] = [];
  TOWNS.forEach((town, townIndex) => {
    ATTRIBUTES.forEach((attribute, attributeIndex) => {
      // Distractors: the same kind of fact about another town, and another fact about this town.
      const otherTown = TOWNS[(townIndex + 1 + Math.floor(random() * (TOWNS.length - 1))) % TOWNS.length]!;
      const otherAttribute = ATTRIBUTES[(attributeIndex + 1 + Math.floor(random() * (ATTRIBUTES.length - 1))) % ATTRIBUTES.length]!;
      const contexts = [passage(town, attribute), passage(otherTown, attribute), passage(town, otherAttribute)];
      // Put the relevant passage at a varying position, so position alone does not give it away.
      const position = (townIndex + attributeIndex) % 3;
      const relevant = contexts.shift()!;
      contexts.splice(position, 0, relevant);
      rows.push({
        id: `travel-${String(rows.length + 1).padStart(3, '0')}`,
        question: question(town, attribute),
        contexts,
        answer: answer(town, attribute),
      });
    });
  });
  return rows;
}

// ------------------------------------------------------------------ write

/** Every sample dataset, by file name, as the script writes it. */
export function buildSampleDatasets(): Record<string, Record<string, unknown>[]> {
  return {
    'support-qa.jsonl': buildSupportQa(),
    'meeting-summaries.jsonl': buildMeetingSummaries(),
    'rag-travel.jsonl': buildRagTravel(),
  };
}

/** The exact text of one JSONL file: one JSON object per line, each line ending in a newline. */
export function toJsonl(rows: readonly Record<string, unknown>[]): string {
  return rows.map((row) => `${JSON.stringify(row)}\n`).join('');
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const [fileName, rows] of Object.entries(buildSampleDatasets())) {
    writeFileSync(join(OUTPUT_DIRECTORY, fileName), toJsonl(rows));
    console.log(`${fileName}: ${rows.length} rows`);
  }
}
