// Renders nspcc.pug for every area in a JSON file, cold (compile and first
// round in this process) and warm (the mean of later rounds); prints JSON.
const path = require('path');
const fs = require('fs');
const rosaenlg = require('rosaenlg');
const [dataFile, roundsArg] = process.argv.slice(2);
const areas = JSON.parse(fs.readFileSync(dataFile, 'utf8'));
const rounds = parseInt(roundsArg || '1000', 10);
const ms = () => Number(process.hrtime.bigint()) / 1e6;

function round(fn) {
  const texts = [];
  for (const data of areas) {
    texts.push(fn({util: new rosaenlg.NlgLib({language: 'en_US'}), data}));
  }
  return texts;
}
let t0 = ms();
const fn = rosaenlg.compileFile(path.join(__dirname, 'nspcc.pug'), {language: 'en_US', compileDebug: false});
const first = round(fn);
const cold = (ms() - t0) / areas.length;
t0 = ms();
for (let i = 0; i < rounds; i++) round(fn);
const warm = (ms() - t0) / (rounds * areas.length);
const words = first.map(t => t.replace(/<[^>]+>/g, ' ').split(/\s+/).filter(Boolean).length);
console.log(JSON.stringify({cold_ms: cold, warm_ms: warm, rounds, areas: areas.length,
                            words: words.reduce((a, b) => a + b, 0) / words.length,
                            sample: first[0].replace(/<\/p>/g, '\n').replace(/<[^>]+>/g, '')}));
