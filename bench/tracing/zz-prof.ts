import { loadBuild, THIS_CHECKOUT } from '../lib/assay-build.js';
import { burstRound, captureChatSpanTemplate } from '../lib/workloads/burst.js';
const build = await loadBuild(process.env.ZZ_ROOT ?? THIS_CHECKOUT);
const template = await captureChatSpanTemplate(build);
console.log('template chars', template.attributeChars);
for (let i = 0; i < 4; i++) {
  const r = await burstRound(build, { kind: 'chat', spans: 10000, template });
  console.log(Math.round(r.spansPerSecond), 'spans/s', r.cpu);
}
