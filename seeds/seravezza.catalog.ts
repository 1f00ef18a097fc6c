// Seravezza's offices and report categories: who handles what, how fast, and how close two reports
// must be to be offered as the same problem. Addresses use the reserved .demo domain.

export interface OfficeSeed {
  code: string;
  name: string;
  email: string;
}

export interface CategorySeed {
  code: string;
  office: string;
  nameIt: string;
  nameEn: string;
  descriptionIt: string;
  descriptionEn: string;
  slaHours: number;
  duplicateRadiusM: number;
}

export const SERAVEZZA = {
  id: 1,
  name: 'Seravezza',
  istatCode: '046028',
  codePrefix: 'SRV',
  // WGS 84 / UTM zone 32N: metric, and Tuscany lies in zone 32.
  localSrid: 32632,
} as const;

export const OFFICES: readonly OfficeSeed[] = [
  {
    code: 'lavori_pubblici',
    name: 'Ufficio Tecnico – Lavori Pubblici',
    email: 'lavori.pubblici@seravezza.demo',
  },
  { code: 'manutenzioni', name: 'Ufficio Manutenzioni', email: 'manutenzioni@seravezza.demo' },
  {
    code: 'polizia_municipale',
    name: 'Polizia Municipale',
    email: 'polizia.municipale@seravezza.demo',
  },
  { code: 'ambiente', name: 'Ufficio Ambiente', email: 'ambiente@seravezza.demo' },
  {
    code: 'verde_pubblico',
    name: 'Ufficio Verde Pubblico',
    email: 'verde.pubblico@seravezza.demo',
  },
];

export const CATEGORIES: readonly CategorySeed[] = [
  {
    code: 'buca_stradale',
    office: 'lavori_pubblici',
    nameIt: 'Buca stradale',
    nameEn: 'Pothole',
    descriptionIt: 'Buche, avvallamenti o asfalto dissestato sulla carreggiata.',
    descriptionEn: 'Potholes, sunken or broken asphalt on the road.',
    slaHours: 168,
    duplicateRadiusM: 30,
  },
  {
    code: 'marciapiede',
    office: 'lavori_pubblici',
    nameIt: 'Marciapiede dissestato',
    nameEn: 'Damaged pavement',
    descriptionIt: 'Marciapiedi rotti, cordoli o lastre sollevate.',
    descriptionEn: 'Broken pavements, kerbs or raised slabs.',
    slaHours: 336,
    duplicateRadiusM: 30,
  },
  {
    code: 'illuminazione_pubblica',
    office: 'manutenzioni',
    nameIt: 'Illuminazione pubblica',
    nameEn: 'Street lighting',
    descriptionIt: 'Lampioni spenti, intermittenti o danneggiati.',
    descriptionEn: 'Street lights that are off, flickering or damaged.',
    slaHours: 120,
    duplicateRadiusM: 40,
  },
  {
    code: 'segnaletica',
    office: 'polizia_municipale',
    nameIt: 'Segnaletica stradale',
    nameEn: 'Road signs and markings',
    descriptionIt: 'Cartelli mancanti, piegati o illeggibili; strisce cancellate.',
    descriptionEn: 'Missing, bent or unreadable signs; faded road markings.',
    slaHours: 240,
    duplicateRadiusM: 30,
  },
  {
    code: 'albero_caduto',
    office: 'verde_pubblico',
    nameIt: 'Albero o ramo caduto',
    nameEn: 'Fallen tree or branch',
    descriptionIt: 'Alberi o rami caduti o pericolanti su strade e aree pubbliche.',
    descriptionEn: 'Fallen or unsafe trees and branches on roads and public areas.',
    slaHours: 24,
    duplicateRadiusM: 50,
  },
  {
    code: 'verde_pubblico',
    office: 'verde_pubblico',
    nameIt: 'Verde pubblico',
    nameEn: 'Parks and green areas',
    descriptionIt: 'Erba alta, siepi da potare, giardini e aiuole trascurati.',
    descriptionEn: 'Overgrown grass, hedges to trim, neglected gardens and flowerbeds.',
    slaHours: 240,
    duplicateRadiusM: 50,
  },
  {
    code: 'rifiuti_abbandonati',
    office: 'ambiente',
    nameIt: 'Rifiuti abbandonati',
    nameEn: 'Dumped waste',
    descriptionIt: 'Rifiuti abbandonati, cassonetti traboccanti, discariche abusive.',
    descriptionEn: 'Dumped rubbish, overflowing bins, illegal tipping.',
    slaHours: 72,
    duplicateRadiusM: 50,
  },
  {
    code: 'arredo_urbano',
    office: 'manutenzioni',
    nameIt: 'Arredo urbano',
    nameEn: 'Street furniture',
    descriptionIt: 'Panchine, fontanelle, giochi, cestini o ringhiere danneggiati.',
    descriptionEn: 'Damaged benches, fountains, playgrounds, bins or railings.',
    slaHours: 336,
    duplicateRadiusM: 30,
  },
  {
    code: 'barriere_architettoniche',
    office: 'lavori_pubblici',
    nameIt: 'Barriere architettoniche',
    nameEn: 'Accessibility barriers',
    descriptionIt: 'Ostacoli per chi usa la carrozzina, il passeggino o ha difficoltà a vedere.',
    descriptionEn: 'Obstacles for wheelchair or pushchair users and people with low vision.',
    slaHours: 720,
    duplicateRadiusM: 30,
  },
  {
    code: 'altro',
    office: 'lavori_pubblici',
    nameIt: 'Altro',
    nameEn: 'Other',
    descriptionIt: 'Un problema su un bene pubblico che non rientra nelle altre categorie.',
    descriptionEn: 'A problem with public property that fits no other category.',
    slaHours: 336,
    duplicateRadiusM: 25,
  },
];
