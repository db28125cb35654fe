// Rustavi's demo data. Another municipality is another file like this one, not a code change.
// Populations are rounded demo figures (about 130,000 in all), to be replaced by the city's own.
import type { MunicipalitySettings, Translated } from "../schema";

export const municipality = {
  slug: "rustavi",
  name: { ka: "რუსთავი", en: "Rustavi", az: "Rustavi", ru: "Рустави" } satisfies Translated,
  languages: ["ka", "en", "az", "ru"],
  defaultLanguage: "ka",
  timeZone: "Asia/Tbilisi",
  settings: {
    contactEmail: "hub@rustavi.example.ge",
    contactPhone: "+995 341 00 00 00",
    address: {
      ka: "რუსთავის მერია, მესხიშვილის ქ. 1, რუსთავი",
      en: "Rustavi City Hall, 1 Meskhishvili St, Rustavi",
      az: "Rustavi Meriyası, Meskhişvili küç. 1, Rustavi",
      ru: "Мэрия Рустави, ул. Месхишвили, 1, Рустави",
    },
    dataProtectionOfficer: "dpo@rustavi.example.ge",
    hubName: {
      ka: "რუსთავის მერიის ინოვაციების ჰაბი",
      en: "Rustavi City Hall's innovation hub",
      az: "Rustavi Meriyasının innovasiya mərkəzi",
      ru: "инновационный хаб мэрии Рустави",
    },
    moderation: "pre",
    reportThreshold: 3,
  } satisfies MunicipalitySettings,
};

export const districts: Array<{ slug: string; name: Translated; population: number }> = [
  { slug: "agmashenebeli", population: 14200, name: { ka: "დავით აღმაშენებელი", en: "David Agmashenebeli", az: "David Ağmaşenebeli", ru: "Давид Агмашенебели" } },
  { slug: "old-rustavi", population: 11800, name: { ka: "ძველი რუსთავი", en: "Old Rustavi", az: "Köhnə Rustavi", ru: "Старый Рустави" } },
  { slug: "rustaveli", population: 13900, name: { ka: "შოთა რუსთაველი", en: "Shota Rustaveli", az: "Şota Rustaveli", ru: "Шота Руставели" } },
  { slug: "shartava", population: 12600, name: { ka: "ჟიული შარტავა", en: "Zhiuli Shartava", az: "Jiuli Şartava", ru: "Жиули Шартава" } },
  { slug: "chkondideli", population: 12100, name: { ka: "გიორგი ჭყონდიდელი", en: "Giorgi Chkondideli", az: "Giorgi Çkondideli", ru: "Георгий Чкондидели" } },
  { slug: "chavchavadze", population: 13400, name: { ka: "ილია ჭავჭავაძე", en: "Ilia Chavchavadze", az: "İlia Çavçavadze", ru: "Илья Чавчавадзе" } },
  { slug: "gorgasali", population: 14500, name: { ka: "ვახტანგ გორგასალი", en: "Vakhtang Gorgasali", az: "Vaxtanq Qorqasali", ru: "Вахтанг Горгасали" } },
  { slug: "tsurtaveli", population: 12300, name: { ka: "იაკობ ცურტაველი", en: "Iakob Tsurtaveli", az: "İakob Tsurtaveli", ru: "Иаков Цуртавели" } },
  { slug: "baratashvili", population: 13100, name: { ka: "ნიკოლოზ ბარათაშვილი", en: "Nikoloz Baratashvili", az: "Nikoloz Baratașvili", ru: "Николоз Бараташвили" } },
  { slug: "assyrian-fathers", population: 12100, name: { ka: "13 ასურელი მამა", en: "13 Assyrian Fathers", az: "13 Assuriyalı Ata", ru: "13 ассирийских отцов" } },
];

export const goals: Array<{ slug: string; title: Translated; description: Translated }> = [
  {
    slug: "green-city",
    title: { ka: "მწვანე ქალაქი", en: "A green city", az: "Yaşıl şəhər", ru: "Зелёный город" },
    description: {
      ka: "მეტი პარკი, სკვერი და ხე ყველა უბანში.",
      en: "More parks, squares and trees in every district.",
      az: "Hər rayonda daha çox park, meydan və ağac.",
      ru: "Больше парков, скверов и деревьев в каждом районе.",
    },
  },
  {
    slug: "mobility",
    title: { ka: "მობილობა", en: "Mobility", az: "Nəqliyyat və hərəkət", ru: "Транспорт и мобильность" },
    description: {
      ka: "უსაფრთხო ქუჩები, საიმედო საზოგადოებრივი ტრანსპორტი, ტროტუარები და ველობილიკები.",
      en: "Safe streets, reliable public transport, pavements and cycle lanes.",
      az: "Təhlükəsiz küçələr, etibarlı ictimai nəqliyyat, səkilər və velosiped yolları.",
      ru: "Безопасные улицы, надёжный общественный транспорт, тротуары и велодорожки.",
    },
  },
  {
    slug: "clean-air",
    title: { ka: "სუფთა ჰაერი", en: "Clean air", az: "Təmiz hava", ru: "Чистый воздух" },
    description: {
      ka: "ჰაერის ხარისხის გაზომვა და დაბინძურების შემცირება.",
      en: "Measuring air quality and cutting pollution.",
      az: "Havanın keyfiyyətini ölçmək və çirklənməni azaltmaq.",
      ru: "Измерять качество воздуха и сокращать загрязнение.",
    },
  },
  {
    slug: "jobs-economy",
    title: { ka: "სამუშაო ადგილები და ეკონომიკა", en: "Jobs and economy", az: "İş yerləri və iqtisadiyyat", ru: "Рабочие места и экономика" },
    description: {
      ka: "მცირე ბიზნესის მხარდაჭერა, ახალი სამუშაო ადგილები და უნარების განვითარება.",
      en: "Support for small business, new jobs and skills.",
      az: "Kiçik biznesə dəstək, yeni iş yerləri və bacarıqların inkişafı.",
      ru: "Поддержка малого бизнеса, новые рабочие места и навыки.",
    },
  },
  {
    slug: "youth-culture",
    title: { ka: "ახალგაზრდობა და კულტურა", en: "Youth and culture", az: "Gənclər və mədəniyyət", ru: "Молодёжь и культура" },
    description: {
      ka: "სივრცეები ახალგაზრდებისთვის, სპორტი, ხელოვნება და ღონისძიებები.",
      en: "Places for young people, sport, the arts and events.",
      az: "Gənclər üçün məkanlar, idman, incəsənət və tədbirlər.",
      ru: "Места для молодёжи, спорт, искусство и события.",
    },
  },
  {
    slug: "old-city",
    title: { ka: "ძველი ქალაქის რევიტალიზაცია", en: "Revitalising the old city", az: "Köhnə şəhərin canlandırılması", ru: "Возрождение старого города" },
    description: {
      ka: "ისტორიული შენობების, ეზოებისა და ქუჩების აღდგენა.",
      en: "Restoring the historic buildings, courtyards and streets.",
      az: "Tarixi binaların, həyətlərin və küçələrin bərpası.",
      ru: "Восстановление исторических зданий, дворов и улиц.",
    },
  },
  {
    slug: "municipal-services",
    title: { ka: "მუნიციპალური სერვისები", en: "Municipal services", az: "Bələdiyyə xidmətləri", ru: "Муниципальные услуги" },
    description: {
      ka: "სწრაფი და გამჭვირვალე სერვისები ონლაინ და მერიაში.",
      en: "Quick, open services, online and at City Hall.",
      az: "Onlayn və meriyada sürətli, şəffaf xidmətlər.",
      ru: "Быстрые и прозрачные услуги онлайн и в мэрии.",
    },
  },
];

/** Demo accounts for local use only; never created in production unless KHMA_DEMO_ACCOUNTS=1. */
export const demoAccounts = [
  { displayName: "თამარ გელაშვილი", email: "admin@khma.test", role: "admin", password: "rustavi-admin-2030", district: null },
  { displayName: "ლევან ბერიძე", email: "moderator@khma.test", role: "moderator", password: "rustavi-moderator-2030", district: null },
  { displayName: "ნინო კაპანაძე", email: "nino@khma.test", role: "resident", password: "rustavi-resident-2030", district: "old-rustavi" },
  { displayName: "Elvin Məmmədov", phone: "+995555000101", role: "resident", password: "rustavi-resident-2030", district: "gorgasali" },
  { displayName: "Ирина Петрова", email: "irina@khma.test", role: "resident", password: "rustavi-resident-2030", district: "rustaveli" },
] as const;

/** A few demo ideas, so that a local Khma is not empty. Only seeded with the demo accounts. */
export const demoIdeas = [
  {
    author: "nino@khma.test",
    title: "ახალი სკვერი ძველ რუსთავში",
    description:
      "ძველ რუსთავში, კულტურის სახლის უკან, ცარიელი მიწის ნაკვეთია. იქ შეიძლება ხეები დაირგოს, სკამები და ბავშვთა მოედანი მოეწყოს.",
    goal: "green-city",
    district: "old-rustavi",
    status: "published",
    supporters: ["irina@khma.test", "+995555000101"],
    answer: null,
  },
  {
    author: "irina@khma.test",
    title: "Велодорожка вдоль Куры",
    description:
      "Предлагаю сделать велодорожку вдоль набережной Куры, от нового моста до парка. Сейчас велосипедисты едут по проезжей части, это опасно.",
    goal: "mobility",
    district: "rustaveli",
    status: "accepted",
    supporters: ["nino@khma.test"],
    answer: "Велодорожка включена в план мобильности на 2027 год. Проект будет готов весной.",
  },
  {
    author: "+995555000101",
    title: "Uşaq meydançası Qorqasali rayonunda",
    description:
      "Qorqasali rayonunda uşaqlar üçün təhlükəsiz oyun meydançası yoxdur. Məktəbin yanındakı boş həyətdə yeni meydança qurmaq olar.",
    goal: "youth-culture",
    district: "gorgasali",
    status: "published",
    supporters: [],
    answer: null,
  },
  {
    author: "nino@khma.test",
    title: "ჰაერის ხარისხის სენსორები სკოლებთან",
    description: "სკოლებთან ჰაერის ხარისხის სენსორები რომ დამონტაჟდეს, მშობლები ონლაინ ნახავდნენ, რამდენად სუფთაა ჰაერი.",
    goal: "clean-air",
    district: "shartava",
    status: "under_review",
    supporters: ["irina@khma.test"],
    answer: "მერიის გარემოს დაცვის სამსახური ამოწმებს სენსორების ფასს და განთავსების ადგილებს.",
  },
] as const;
